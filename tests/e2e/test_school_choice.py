"""Staff at two schools of one board choose the school they act for after login (after the second
step of the login, which is one per login), and switch from the menu (issue 14, point 4)."""

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from ouderbetrokkenheid.school.models import Staff
from tests.e2e.staff_login import log_in_staff

PASSWORD = "geheim-wachtwoord-42"


def test_after_login_staff_of_two_schools_choose_one_and_switch_from_the_menu(world, desktop_page, url):
    page = desktop_page
    mira = get_user_model().objects.create_user("mira@stichting.example.nl", PASSWORD)
    Staff.objects.create(user=mira, school=world.school_a, first_name="Mira", last_name="Maas", is_ib=True)
    Staff.objects.create(user=mira, school=world.school_b, first_name="Mira", last_name="Maas", is_leadership=True)

    log_in_staff(page, url, mira, password=PASSWORD, landing=None)  # IB and leadership: the code step first
    expect(page.get_by_role("heading", name="Kies uw school")).to_be_visible()
    assert page.url.startswith(url("accounts:choose_school"))

    page.get_by_role("button", name="Het Kompas").click()
    expect(page).to_have_url(url("staffpages:home"))
    switch = page.get_by_test_id("switch-school")
    expect(switch).to_have_text("Het Kompas (wisselen)")
    page.goto(url("staffpages:pupil", world.kai.pk))
    expect(page.locator("main")).to_contain_text("Kai")
    assert page.goto(url("staffpages:pupil", world.pim.pk)).status == 404  # school A's pupil, while acting for B

    page.goto(url("staffpages:home"))
    page.get_by_test_id("switch-school").click()
    page.get_by_role("button", name="De Regenboog").click()
    expect(page.get_by_test_id("switch-school")).to_have_text("De Regenboog (wisselen)")
    page.goto(url("staffpages:pupil", world.pim.pk))
    expect(page.locator("main")).to_contain_text("Pim")
    assert page.goto(url("staffpages:pupil", world.kai.pk)).status == 404
