"""Parents with a mobile number get an SMS with a six-digit code and a short link."""

import pytest
from django.urls import reverse

from ouderbetrokkenheid.accounts import services
from ouderbetrokkenheid.accounts.models import MagicLink
from tests.accounts.conftest import code_in, link_in, session_user_id, without_csrf

ANNA_MOBILE = "+31612345678"
BERT_MOBILE = "+31687654321"
TOO_MANY = "Te veel pogingen. Probeer het over 15 minuten opnieuw."


@pytest.fixture
def mobiles(world):
    world.anna.mobile = ANNA_MOBILE
    world.anna.save(update_fields=["mobile"])
    world.bert.mobile = BERT_MOBILE
    world.bert.save(update_fields=["mobile"])
    return world


def request_code(client, identity="06 12 34 56 78", ip="10.5.5.5"):
    return client.post(reverse("accounts:parent_login"), {"identity": identity}, REMOTE_ADDR=ip)


def enter_code(client, code, ip="10.5.5.5"):
    return client.post(reverse("accounts:parent_code"), {"code": code}, REMOTE_ADDR=ip)


def wrong(code):
    return f"{(int(code) + 1) % 10**6:06d}"


def test_dutch_mobile_number_gets_an_sms_with_code_and_link(client, mobiles, sms_outbox):
    response = request_code(client, "06-12345678")

    assert response.status_code == 302
    assert response.url == reverse("accounts:parent_code")
    assert len(sms_outbox) == 1
    assert sms_outbox[0]["to"] == ANNA_MOBILE
    text = sms_outbox[0]["text"]
    assert "De Regenboog" in text
    assert len(code_in(text)) == 6
    assert link_in(text)
    assert len(text) <= 160
    link = MagicLink.objects.get()
    assert link.sent_to == "sms" and code_in(text) not in link.code_hash


def test_correct_code_logs_the_guardian_in(client, mobiles, sms_outbox):
    request_code(client)
    code_page = client.get(reverse("accounts:parent_code"))
    assert b'name="code"' in code_page.content

    response = enter_code(client, code_in(sms_outbox[0]["text"]))

    assert response.status_code == 302
    assert response.url == reverse("portal:home")
    mobiles.anna.refresh_from_db()
    assert session_user_id(client) == mobiles.anna.user_id is not None
    assert "accounts_parent_identity" not in client.session


def test_link_in_the_sms_also_logs_in(client, mobiles, sms_outbox):
    request_code(client, "+31 6 1234 5678")
    client.post(link_in(sms_outbox[0]["text"]))
    mobiles.anna.refresh_from_db()
    assert session_user_id(client) == mobiles.anna.user_id


def test_code_works_only_once(client, client_factory, mobiles, sms_outbox):
    request_code(client)
    code = code_in(sms_outbox[0]["text"])
    assert enter_code(client, code).status_code == 302
    with pytest.raises(services.MagicLinkInvalid):
        services.magic_code_consume(identity=ANNA_MOBILE, code=code)


def test_wrong_code_is_refused(client, mobiles, sms_outbox):
    request_code(client)
    response = enter_code(client, wrong(code_in(sms_outbox[0]["text"])))
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert session_user_id(client) is None
    assert MagicLink.objects.get().failed_attempts == 1


def test_five_wrong_codes_kill_the_link(client, mobiles, sms_outbox):
    request_code(client)
    text = sms_outbox[0]["text"]
    code = code_in(text)
    for _ in range(5):
        enter_code(client, wrong(code))

    link = MagicLink.objects.get()
    assert link.failed_attempts == 5 and not link.is_usable()
    with pytest.raises(services.MagicLinkInvalid):
        services.magic_code_consume(identity=ANNA_MOBILE, code=code)
    assert client.post(link_in(text)).status_code == 400
    assert session_user_id(client) is None


def test_code_entry_is_throttled(client, mobiles, sms_outbox):
    request_code(client)
    code = code_in(sms_outbox[0]["text"])
    for _ in range(5):
        enter_code(client, wrong(code))
    response = enter_code(client, code)
    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()


def test_code_for_a_cannot_log_in_with_the_number_of_b(client_factory, mobiles, sms_outbox):
    anna_phone, bert_phone = client_factory(), client_factory()
    request_code(anna_phone, ANNA_MOBILE)
    request_code(bert_phone, BERT_MOBILE)
    anna_code = code_in(sms_outbox[0]["text"])
    assert sms_outbox[0]["to"] == ANNA_MOBILE

    response = enter_code(bert_phone, anna_code)

    assert response.status_code == 200
    assert session_user_id(bert_phone) is None
    with pytest.raises(services.MagicLinkInvalid):
        services.magic_code_consume(identity=BERT_MOBILE, code=anna_code)
    assert MagicLink.objects.get(guardian=mobiles.anna).used_at is None


def test_code_cannot_be_used_with_an_email_identity(mobiles, sms_outbox, client):
    request_code(client)
    with pytest.raises(services.MagicLinkInvalid):
        services.magic_code_consume(identity="anna@example.nl", code=code_in(sms_outbox[0]["text"]))


def test_code_page_without_a_request_sends_you_back(client, world):
    response = client.get(reverse("accounts:parent_code"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:parent_login")


def test_unknown_number_gets_a_byte_identical_answer(client_factory, mobiles, sms_outbox):
    known, unknown = client_factory(), client_factory()
    known_post, unknown_post = request_code(known, ANNA_MOBILE), request_code(unknown, "+31611111111")
    assert len(sms_outbox) == 1
    assert known_post["Location"] == unknown_post["Location"]
    known_page = known.get(known_post["Location"])
    unknown_page = unknown.get(unknown_post["Location"])
    assert "Als we dit nummer kennen" in known_page.content.decode()
    assert without_csrf(known_page.content) == without_csrf(unknown_page.content)


def test_code_is_not_a_six_digit_number(client, mobiles):
    request_code(client)
    response = enter_code(client, "12ab")
    assert response.context["form"].errors["code"]
    assert MagicLink.objects.get().failed_attempts == 0
