"""Staff reset a forgotten password by e-mail."""

import re

from django.core import mail
from django.urls import reverse

from tests.accounts.conftest import session_user_id

NEW_PASSWORD = "Nieuw-Wachtwoord-2026!"


def test_password_reset_mail_is_sent_and_its_link_sets_a_new_password(client, world):
    response = client.post(reverse("accounts:password_reset"), {"email": "Tess@a.example.nl"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["tess@a.example.nl"]
    assert "wachtwoord" in message.subject.lower()
    url = re.search(r"http://testserver(/accounts/password-reset/\S+/)", message.body).group(1)

    form_page = client.get(url, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"]
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done.url == reverse("accounts:password_reset_complete")

    client.post(reverse("accounts:login"), {"username": "tess@a.example.nl", "password": NEW_PASSWORD})
    assert session_user_id(client) == world.tess.user.pk


def test_reset_link_works_only_once(client, world):
    client.post(reverse("accounts:password_reset"), {"email": "tess@a.example.nl"})
    url = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    set_password_url = client.get(url, follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = client.get(url, follow=True)
    assert not again.context["validlink"]
    assert "Deze link werkt niet meer" in again.content.decode()


def test_unknown_address_gets_the_same_answer_and_no_mail(client, world):
    response = client.post(reverse("accounts:password_reset"), {"email": "niemand@example.nl"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_password_reset_pages_render(client, world):
    for name in ("password_reset", "password_reset_done", "password_reset_complete"):
        assert client.get(reverse(f"accounts:{name}")).status_code == 200


def test_password_reset_is_throttled(client, world):
    for _ in range(5):
        client.post(reverse("accounts:password_reset"), {"email": "tess@a.example.nl"})
    response = client.post(reverse("accounts:password_reset"), {"email": "tess@a.example.nl"})
    assert response.status_code == 429
    assert len(mail.outbox) == 5
