"""The admin shows users by e-mail and magic links read-only (hashes only)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from ouderbetrokkenheid.accounts import services
from ouderbetrokkenheid.accounts.models import MagicLink


@pytest.fixture
def admin_client_(client, world):
    client.force_login(get_user_model().objects.create_superuser("beheer@bestuur.example.nl", "Beheer-Wachtwoord-1"))
    return client


def test_user_admin_lists_and_adds_by_email(admin_client_, world):
    assert admin_client_.get(reverse("admin:accounts_user_changelist") + "?q=tess").status_code == 200
    assert admin_client_.get(reverse("admin:accounts_user_change", args=[world.tess.user.pk])).status_code == 200
    response = admin_client_.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "Nieuw@School.example.nl",
            "usable_password": "true",
            "password1": "Lang-Genoeg-123",
            "password2": "Lang-Genoeg-123",
        },
    )
    assert response.status_code == 302
    assert get_user_model().objects.filter(email="nieuw@school.example.nl").exists()


def test_magic_links_are_read_only_in_the_admin(admin_client_, world):
    services.magic_link_request(identity="anna@example.nl", request_base_url="http://testserver")
    link = MagicLink.objects.get()
    assert admin_client_.get(reverse("admin:accounts_magiclink_changelist")).status_code == 200
    page = admin_client_.get(reverse("admin:accounts_magiclink_change", args=[link.pk]))
    assert page.status_code == 200
    assert link.token_hash in page.content.decode()
    assert b'name="token_hash"' not in page.content
    assert admin_client_.get(reverse("admin:accounts_magiclink_add")).status_code == 403


def test_admin_login_is_behind_the_staff_login_throttle(client, world):
    """30 wrong passwords: the admin login answers 429 long before the end, as the staff login does."""
    get_user_model().objects.create_superuser("beheer@bestuur.example.nl", "Beheer-Wachtwoord-1")
    url = reverse("admin:login")
    statuses = [
        client.post(url, {"username": "beheer@bestuur.example.nl", "password": f"fout-{i}"}).status_code
        for i in range(30)
    ]
    assert statuses[:5] == [200] * 5
    assert statuses[5:] == [429] * 25
    # The right password does not help once throttled, and the staff login shares the budget.
    right = {"username": "beheer@bestuur.example.nl", "password": "Beheer-Wachtwoord-1"}
    assert client.post(url, right).status_code == 429
    assert client.post(reverse("accounts:login"), right).status_code == 429
    assert "_auth_user_id" not in client.session


def test_admin_login_throttles_per_ip_across_addresses(client, world):
    url = reverse("admin:login")
    posts = [{"username": f"x{i}@example.nl", "password": "fout-fout"} for i in range(30)]
    statuses = [client.post(url, data).status_code for data in posts]
    assert 429 in statuses and statuses.index(429) <= 20


def test_admin_login_still_logs_in_a_superuser(client, world):
    """The admin's password login logs the superuser in; the admin itself then needs the second
    step (a real login request stays unverified): link an app, and the admin opens."""
    from tests.accounts.test_mfa import enrol

    user = get_user_model().objects.create_superuser("beheer@bestuur.example.nl", "Beheer-Wachtwoord-1")
    response = client.post(
        reverse("admin:login"), {"username": "beheer@bestuur.example.nl", "password": "Beheer-Wachtwoord-1"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    before = client.get(reverse("admin:index"))
    assert before.status_code == 302 and before.url.startswith(reverse("accounts:mfa_setup"))
    enrol(client)
    assert client.get(reverse("admin:index")).status_code == 200


def test_admin_strips_bidi_controls_from_a_guardians_name(admin_client_, world):
    from ouderbetrokkenheid.school.models import Guardian

    anna = world.anna
    url = reverse("admin:school_guardian_change", args=[anna.pk])
    page = admin_client_.get(url).context
    form = page["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and not isinstance(value, list)}
    for inline in page["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update({"school": anna.school_id, "first_name": "Ann\u202egnp.exe", "last_name": "\u200fPrins"})
    response = admin_client_.post(url, data)
    assert response.status_code == 302
    anna = Guardian.objects.get(pk=anna.pk)
    assert (anna.first_name, anna.last_name) == ("Anngnp.exe", "Prins")
