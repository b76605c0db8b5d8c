"""Staff two-step login (accounts/mfa/): who must, enrolment, the verify step, recovery codes,
the school's setting for teachers, the admin. Codes are computed from the device's secret on the
suite's clock (tests/plugins/clock.py), as an authenticator app would on the same moment."""

import re
import time
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ouderbetrokkenheid.accounts.access import Actor, policy_of
from ouderbetrokkenheid.accounts.mfa.rules import mfa_required
from tests.test_access_walk import NON_PUBLIC, build_url

PASSWORD = "geheim-wachtwoord-42"
KEY_RE = re.compile(r'id="mfa-key">([A-Z2-7 ]+)<')
CODES_RE = re.compile(r"<li>([a-z2-7]{8})</li>")
TOO_MANY = "Te veel pogingen. Probeer het over 15 minuten opnieuw."


def totp_now(secret, *, steps_ahead=0):
    """The code an app shows now (the suite's clock), from the secret as the page shows it."""
    key = b32decode(secret.replace(" ", ""))
    totp = TOTP(key, step=30, t0=0, digits=6)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def password_login(client, staff, ip="10.2.2.2"):
    return client.post(reverse("accounts:login"), {"username": staff.user.email, "password": PASSWORD}, REMOTE_ADDR=ip)


def enrol(client):
    """Link an app through the setup page; returns (secret, recovery codes)."""
    page = client.get(reverse("accounts:mfa_setup")).content.decode()
    secret = KEY_RE.search(page).group(1)
    response = client.post(reverse("accounts:mfa_setup"), {"code": totp_now(secret)}, follow=True)
    codes = CODES_RE.findall(response.content.decode())
    return secret, codes


def linked_app(user):
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return device, device.bin_key


def code_for(bin_key, steps_ahead=0):
    totp = TOTP(bin_key, step=30, t0=0, digits=6)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


# --- the rule -----------------------------------------------------------------------------------


def test_ib_leadership_board_admin_and_admin_users_must_use_mfa_teachers_need_not(world, django_user_model):
    assert mfa_required(Actor(world.iris.user))
    assert mfa_required(Actor(world.lea.user))
    assert mfa_required(Actor(world.bea.user))
    assert mfa_required(Actor(django_user_model.objects.create_superuser("root@example.nl", PASSWORD)))
    assert not mfa_required(Actor(world.tess.user))


def test_teachers_must_when_their_school_requires_it(world):
    world.school_a.mfa_required_for_teachers = True
    world.school_a.save()
    assert mfa_required(Actor(world.tess.user))
    assert not mfa_required(Actor(world.sven.user))  # another school


# --- an unverified session sees nothing but public pages -----------------------------------------

MFA_PAGES = {"accounts:mfa_setup", "accounts:mfa_verify"}


def test_an_unverified_leadership_session_is_sent_to_enrolment_from_every_page(world, client, mfa_unverified):
    client.force_login(world.lea.user)
    wrong = []
    for route in NON_PUBLIC:
        if route.name in MFA_PAGES or policy_of(route.callback).roles == ("guardian",):
            continue
        url = build_url(route, world)
        response = client.get(url)
        if response.status_code != 302 or not response.url.startswith(reverse("accounts:mfa_setup") + "?next="):
            wrong.append(f"{url} ({route.name}): {response.status_code} {response.get('Location', '')}")
    assert not wrong, "\n".join(wrong)
    assert len(NON_PUBLIC) > 100


def test_with_an_app_linked_the_unverified_session_goes_to_the_verify_step(world, client, mfa_unverified):
    linked_app(world.lea.user)
    client.force_login(world.lea.user)
    response = client.get(reverse("staffpages:home"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:mfa_verify") + "?next=%2Fstaff%2F"
    # … and the setup page does not let a password alone replace the app
    assert client.get(reverse("accounts:mfa_setup")).url == reverse("accounts:mfa_verify")


def test_public_pages_stay_open_before_the_second_step(world, client, mfa_unverified):
    client.force_login(world.lea.user)
    assert client.get(reverse("accounts:parent_login")).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302


def test_the_admin_needs_a_verified_session(world, client, django_user_model, mfa_unverified):
    client.force_login(django_user_model.objects.create_superuser("root@example.nl", PASSWORD))
    response = client.get("/admin/school/school/")
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:mfa_setup"))
    secret, _codes = enrol(client)
    assert client.get("/admin/school/school/").status_code == 200


def test_a_teacher_without_an_app_is_not_asked(world, client, mfa_unverified):
    client.force_login(world.tess.user)
    assert client.get(reverse("staffpages:home")).status_code == 200


def test_a_teacher_who_linked_an_app_is_asked_for_a_code_at_the_next_login(world, client, mfa_unverified):
    linked_app(world.tess.user)
    password_login(client, world.tess)
    response = client.get(reverse("staffpages:home"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:mfa_verify"))


# --- enrolment, verify step, recovery codes ------------------------------------------------------


def test_leadership_logs_in_with_password_links_an_app_and_gets_ten_recovery_codes_once(world, client):
    password_login(client, world.lea)
    response = client.get(reverse("staffpages:home"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:mfa_setup"))
    page = client.get(response.url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "<svg" in body and "otpauth" not in body  # the QR code is an image; the link stays inside it
    secret, codes = enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=world.lea.user).confirmed
    assert client.get(reverse("staffpages:home")).status_code == 200
    again = client.get(reverse("accounts:mfa_recovery_codes")).content.decode()
    assert not CODES_RE.findall(again)  # shown once
    assert "nog 10 herstelcodes" in client.get(reverse("accounts:mfa")).content.decode()


def test_a_wrong_first_code_links_nothing(world, client):
    password_login(client, world.lea)
    client.get(reverse("accounts:mfa_setup"))
    response = client.post(reverse("accounts:mfa_setup"), {"code": "000000"})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=world.lea.user, confirmed=True).exists()


def test_the_verify_step_takes_the_apps_code_once_and_returns_to_the_page(world, client, clock):
    device, key = linked_app(world.lea.user)
    password_login(client, world.lea)
    url = reverse("accounts:mfa_verify") + "?next=/staff/"
    response = client.post(url, {"code": code_for(key)})
    assert response.status_code == 302 and response.url == "/staff/"
    assert client.get("/staff/").status_code == 200
    # the same code does not verify a second session (no replay)
    other = client.__class__()
    password_login(other, world.lea)
    assert "Deze code klopt niet" in other.post(url, {"code": code_for(key)}).content.decode()


def test_a_recovery_code_works_once_and_not_twice(world, client, client_factory, clock):
    password_login(client, world.lea)
    _secret, codes = enrol(client)
    first, second = client_factory(), client_factory()
    for browser in (first, second):
        password_login(browser, world.lea)
    response = first.post(reverse("accounts:mfa_verify"), {"code": codes[0]})
    assert response.status_code == 302
    assert "nog 9 over" in first.get(response.url, follow=True).content.decode()
    clock.shift(5)  # past django-otp's own back-off after a failure
    response = second.post(reverse("accounts:mfa_verify"), {"code": codes[0]})
    assert response.status_code == 200 and "Deze code klopt niet" in response.content.decode()
    assert StaticToken.objects.filter(device__user=world.lea.user).count() == 9


def test_new_recovery_codes_replace_the_old_ones(world, client):
    password_login(client, world.lea)
    _secret, old = enrol(client)
    response = client.post(reverse("accounts:mfa_recovery_codes_renew"), follow=True)
    new = CODES_RE.findall(response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.filter(device__user=world.lea.user).values_list("token", flat=True)) == set(new)


def test_the_verify_step_is_throttled_like_the_login(world, client):
    linked_app(world.lea.user)
    password_login(client, world.lea)
    statuses = [
        client.post(reverse("accounts:mfa_verify"), {"code": "123456"}, REMOTE_ADDR="10.2.2.2").status_code
        for _ in range(6)
    ]
    assert statuses[:5] == [200] * 5
    assert statuses[5] == 429
    response = client.post(reverse("accounts:mfa_verify"), {"code": "123456"})
    assert TOO_MANY in response.content.decode()


def test_verifying_gives_the_session_a_new_key(world, client):
    device, key = linked_app(world.lea.user)
    password_login(client, world.lea)
    before = client.session.session_key
    client.post(reverse("accounts:mfa_verify"), {"code": code_for(key)})
    assert client.session.session_key != before


# --- the school's setting for teachers -----------------------------------------------------------


def test_leadership_requires_mfa_for_teachers_and_the_teacher_is_sent_to_enrolment(world, login_as, client_factory):
    leadership = login_as(world.lea)
    page = leadership.get(reverse("accounts:mfa_school"))
    assert page.status_code == 200 and "MFA verplicht voor leerkrachten" in page.content.decode()
    assert leadership.post(reverse("accounts:mfa_school"), {"required_for_teachers": "on"}).status_code == 302
    world.school_a.refresh_from_db()
    assert world.school_a.mfa_required_for_teachers
    teacher = client_factory()
    password_login(teacher, world.tess)
    response = teacher.get(reverse("staffpages:home"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:mfa_setup"))


def test_only_leadership_sets_it(world, login_as):
    assert login_as(world.tess).post(reverse("accounts:mfa_school"), {"required_for_teachers": "on"}).status_code == 403
    assert login_as(world.iris).get(reverse("accounts:mfa_school")).status_code == 403
    world.school_a.refresh_from_db()
    assert not world.school_a.mfa_required_for_teachers


@pytest.mark.parametrize("name", ["accounts:mfa", "accounts:mfa_setup", "accounts:mfa_school", "accounts:mfa_verify"])
def test_the_mfa_pages_take_a_bounded_number_of_queries(name, world, login_as, django_assert_max_num_queries):
    from tests import factories as f

    for n in range(12):  # a school with many staff, each with an app: the school page stays one query
        member = f.StaffFactory(school=world.school_a, user__email=f"m{n}@a.example.nl", first_name=f"M{n}")
        TOTPDevice.objects.create(user=member.user, name="app", confirmed=True)
    client = login_as(world.lea)
    client.get(reverse(name))
    with django_assert_max_num_queries(12):
        assert client.get(reverse(name)).status_code == 200
