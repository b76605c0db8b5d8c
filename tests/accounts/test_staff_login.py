"""Staff log in with e-mail and password; throttled per e-mail address and per IP."""

import pytest
from django.contrib.auth import forms as auth_forms
from django.urls import reverse

from tests.accounts.conftest import session_user_id

PASSWORD = "geheim-wachtwoord-42"
TOO_MANY = "Te veel pogingen. Probeer het over 15 minuten opnieuw."


def post_login(client, email, password, ip="10.1.1.1"):
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def password_checks(monkeypatch):
    calls = []
    real = auth_forms.authenticate

    def counting(*args, **kwargs):
        calls.append(kwargs.get("username"))
        return real(*args, **kwargs)

    monkeypatch.setattr(auth_forms, "authenticate", counting)
    return calls


def test_login_page_asks_for_email_and_password(client, world):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b'name="password"' in response.content
    assert "E-mailadres" in response.content.decode()


def test_staff_logs_in_with_email_and_password(client, world):
    response = post_login(client, "tess@a.example.nl", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert session_user_id(client) == world.tess.user.pk


def test_email_is_case_insensitive(client, world):
    post_login(client, "  Tess@A.Example.NL", PASSWORD)
    assert session_user_id(client) == world.tess.user.pk


def test_wrong_password_is_refused(client, world):
    response = post_login(client, "tess@a.example.nl", "fout-wachtwoord")
    assert response.status_code == 200
    assert session_user_id(client) is None
    assert response.context["form"].non_field_errors()


def test_throttled_after_five_tries_per_email_without_checking_the_password(client, world, password_checks):
    for _ in range(5):
        post_login(client, "tess@a.example.nl", "fout-wachtwoord")
    assert len(password_checks) == 5

    response = post_login(client, "tess@a.example.nl", PASSWORD)

    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    assert session_user_id(client) is None
    assert len(password_checks) == 5  # the sixth attempt never reached the password check


def test_throttle_per_email_does_not_block_colleagues(client, world):
    for _ in range(6):
        post_login(client, "tess@a.example.nl", "fout-wachtwoord")
    post_login(client, "otto@a.example.nl", PASSWORD)
    assert session_user_id(client) == world.otto.user.pk


def test_throttle_per_email_counts_any_capitalisation(client, world):
    for variant in (
        "tess@a.example.nl",
        "TESS@a.example.nl",
        "Tess@A.example.nl",
        "tess@A.EXAMPLE.NL",
        "TeSs@a.example.nl",
    ):
        post_login(client, variant, "fout-wachtwoord")
    assert post_login(client, "tess@a.example.nl", PASSWORD).status_code == 429


def test_throttled_after_twenty_tries_per_ip(client, world, password_checks):
    for i in range(20):
        post_login(client, f"iemand{i}@example.nl", "fout-wachtwoord", ip="10.9.9.9")

    response = post_login(client, "tess@a.example.nl", PASSWORD, ip="10.9.9.9")

    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    assert session_user_id(client) is None
    assert len(password_checks) == 20
    post_login(client, "tess@a.example.nl", PASSWORD, ip="10.8.8.8")
    assert session_user_id(client) == world.tess.user.pk


def test_a_successful_login_resets_the_count_for_that_email(client, world):
    for _ in range(2):
        for _ in range(4):
            post_login(client, "tess@a.example.nl", "fout-wachtwoord")
        assert post_login(client, "tess@a.example.nl", PASSWORD).status_code == 302
        client.post(reverse("accounts:logout"))


def test_logout_needs_a_post(client, world):
    client.force_login(world.tess.user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert session_user_id(client) is None


def test_guardian_user_cannot_log_in_with_a_password(client, world):
    from tests.conftest import guardian_user

    user = guardian_user(world.anna)
    assert user.email is None and not user.has_usable_password()
    response = post_login(client, "anna@example.nl", "wat-dan-ook")
    assert session_user_id(client) is None
    assert response.status_code == 200
