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
