"""Parents log in with a single-use, expiring link sent by e-mail."""

import hashlib
from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from ouderbetrokkenheid.accounts import services
from ouderbetrokkenheid.accounts.models import MagicLink
from tests import factories as f
from tests.accounts.conftest import link_in, session_user_id, without_csrf

TOO_MANY = "Te veel pogingen. Probeer het over 15 minuten opnieuw."


def request_link(client, identity, ip="10.2.2.2"):
    return client.post(reverse("accounts:parent_login"), {"identity": identity}, REMOTE_ADDR=ip)


def mailed_link(client, identity="anna@example.nl"):
    request_link(client, identity)
    return link_in(mail.outbox[-1].body)


def test_parent_login_page_has_one_identity_field(client, world):
    response = client.get(reverse("accounts:parent_login"))
    assert response.status_code == 200
    assert b'name="identity"' in response.content
    assert "Inloggen voor ouders" in response.content.decode()


def test_link_by_email_logs_the_guardian_in_and_lands_on_the_portal(client, world):
    response = request_link(client, "anna@example.nl")
    assert response.status_code == 302
    assert response.url == reverse("accounts:parent_login_sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anna@example.nl"]
    assert "De Regenboog" in mail.outbox[0].subject
    url = link_in(mail.outbox[0].body)
    assert url.startswith("http://testserver/accounts/l/")

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert ">Inloggen</button>" in confirm.content.decode()

    response = client.post(url)

    assert response.status_code == 302
    assert response.url == reverse("portal:home")
    world.anna.refresh_from_db()
    assert world.anna.user is not None
    assert world.anna.user.email is None and not world.anna.user.has_usable_password()
    assert session_user_id(client) == world.anna.user.pk
    assert response.cookies["django_language"].value == "nl"


def test_identity_is_trimmed_and_lowercased(client, world):
    request_link(client, "  Anna@Example.NL ")
    assert mail.outbox[0].to == ["anna@example.nl"]


def test_only_a_hash_of_the_token_is_stored(client, world):
    url = mailed_link(client)
    token = url.rstrip("/").rsplit("/", 1)[1]
    link = MagicLink.objects.get()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in (link.token_hash, link.code_hash)
    assert link.sent_to == "email"
    assert abs(link.expires_at - (link.created_at + timedelta(minutes=15))) < timedelta(seconds=5)


def test_opening_the_link_does_not_use_it(client, world):
    url = mailed_link(client)
    client.get(url)
    client.get(url)
    assert MagicLink.objects.get().used_at is None
    assert client.post(url).status_code == 302


def test_expired_link_shows_a_friendly_page(client, world):
    url = mailed_link(client)
    MagicLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    for response in (client.get(url), client.post(url)):
        assert response.status_code == 400
        assert "Deze link werkt niet meer" in response.content.decode()
        assert reverse("accounts:parent_login") in response.content.decode()
    assert session_user_id(client) is None


def test_link_works_only_once(client, world):
    url = mailed_link(client)
    assert client.post(url).status_code == 302
    client.post(reverse("accounts:logout"))

    again = client.post(url)

    assert again.status_code == 400
    assert session_user_id(client) is None


def test_unknown_link_shows_a_friendly_page(client, world):
    url = reverse("accounts:magic_link", args=["nonsense-token"])
    assert client.get(url).status_code == 400
    assert client.post(url).status_code == 400


def test_token_of_guardian_a_logs_in_only_guardian_a(client, world, login_as):
    url = mailed_link(client, "anna@example.nl")
    login_as(world.bert)
    old_session_key = client.session.session_key

    client.post(url)

    world.anna.refresh_from_db()
    assert session_user_id(client) == world.anna.user_id != world.bert.user_id
    assert client.session.session_key != old_session_key
    assert not SessionStore().exists(old_session_key)


def test_unknown_address_gets_a_byte_identical_answer(world, client_factory):
    known, unknown = client_factory(), client_factory()
    known_post = request_link(known, "anna@example.nl")
    unknown_post = request_link(unknown, "niemand@example.nl")
    assert len(mail.outbox) == 1

    assert (known_post.status_code, known_post["Location"]) == (unknown_post.status_code, unknown_post["Location"])
    assert known_post.content == unknown_post.content
    known_page, unknown_page = known.get(known_post["Location"]), unknown.get(unknown_post["Location"])
    assert known_page.status_code == unknown_page.status_code == 200
    assert "Als we dit adres kennen, hebben we een link gestuurd" in known_page.content.decode()
    assert without_csrf(known_page.content) == without_csrf(unknown_page.content)


def test_requests_are_throttled_per_identity_the_same_for_known_and_unknown(world, client_factory):
    known, unknown = client_factory(), client_factory()
    for _ in range(5):
        request_link(known, "anna@example.nl")
        request_link(unknown, "niemand@example.nl")
    assert len(mail.outbox) == 5

    known_answer = request_link(known, "anna@example.nl")
    unknown_answer = request_link(unknown, "niemand@example.nl")

    assert len(mail.outbox) == 5
    assert known_answer.status_code == unknown_answer.status_code == 429
    assert TOO_MANY in known_answer.content.decode()
    assert without_csrf(known_answer.content).replace(b"anna@example.nl", b"X") == without_csrf(
        unknown_answer.content
    ).replace(b"niemand@example.nl", b"X")


def test_requests_are_throttled_per_ip(client, world):
    for i in range(20):
        request_link(client, f"ouder{i}@example.nl", ip="10.3.3.3")
    assert request_link(client, "anna@example.nl", ip="10.3.3.3").status_code == 429
    assert mail.outbox == []
    assert request_link(client, "anna@example.nl", ip="10.4.4.4").status_code == 302
    assert len(mail.outbox) == 1


def test_not_an_address_or_number_is_asked_again(client, world):
    response = request_link(client, "hallo")
    assert response.status_code == 200
    assert response.context["form"].errors["identity"]
    assert mail.outbox == []


def test_guardian_at_two_schools_gets_a_link_for_each(client, world):
    anna_b = f.GuardianFactory(school=world.school_b, email="anna@example.nl", last_name="Prins")

    request_link(client, "anna@example.nl")

    assert sorted(m.subject for m in mail.outbox) == ["Inloggen bij De Regenboog", "Inloggen bij Het Kompas"]
    by_school = {m.subject.removeprefix("Inloggen bij "): link_in(m.body) for m in mail.outbox}
    client.post(by_school["Het Kompas"])
    anna_b.refresh_from_db()
    assert session_user_id(client) == anna_b.user_id
    world.anna.refresh_from_db()
    assert world.anna.user_id is None


def test_email_is_written_in_the_guardians_language(client, world, monkeypatch):
    world.anna.language = "ar"
    world.anna.save(update_fields=["language"])
    languages = []
    real = services.render_to_string

    def spy(*args, **kwargs):
        languages.append(translation.get_language())
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "render_to_string", spy)
    url = mailed_link(client)
    assert languages and set(languages) == {"ar"}

    response = client.post(url)
    assert response.cookies["django_language"].value == "ar"


def test_unoffered_language_falls_back_to_dutch(client, world):
    world.anna.language = "so"
    world.anna.save(update_fields=["language"])
    response = client.post(mailed_link(client))
    assert response.cookies["django_language"].value == "nl"


def test_failing_mail_server_does_not_reveal_the_address(client, world, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr(services, "send_mail", broken)
    response = request_link(client, "anna@example.nl")
    assert response.status_code == 302
    assert response.url == reverse("accounts:parent_login_sent")


def test_inactive_guardian_user_cannot_log_in(client, world):
    from tests.conftest import guardian_user

    user = guardian_user(world.anna)
    user.is_active = False
    user.save(update_fields=["is_active"])
    request_link(client, "anna@example.nl")
    assert mail.outbox == []


def test_service_raises_for_unknown_token(world):
    with pytest.raises(services.MagicLinkInvalid):
        services.magic_link_consume(token="unknown")
