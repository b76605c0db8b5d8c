"""A school's real journeys in the browser (issue 13), each at a date in December and one in
September of the running school year: a new school from `school_create` to its first published
calendar and first approved week plan; mid-year sessions and a round from setup to a booked slot; a
teacher dropping out. Screenshots at 360 and 1280 px of the pages built for it: /tmp/shots/journey-*.png."""

import datetime
import re
from base64 import b32decode
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from conversations.invitations import round_invite
from conversations.models import ACTIVE, Absence, Booking
from meetings.programme import programme_install
from messaging.library.services import library_texts_approve
from messaging.models import LibraryText, Message, WeekPlan
from ouderbetrokkenheid.school.demo import SMALL, demo_exports
from ouderbetrokkenheid.school.importing import import_export
from ouderbetrokkenheid.school.models import Group, School, Staff
from tests.accounts.conftest import login_links_at_once  # noqa: F401 (a fixture: the link is sent at once)
from tests.conversations.test_rounds_support import make_round, t, with_slots
from tests.e2e.layout import page_width
from tests.e2e.staff_login import log_in_staff, totp_code
from tests.factories import school_year_bounds
from tests.plugins.clock import AMSTERDAM
from yearplan.models import Publication

PASSWORD = "geheim-wachtwoord-42"  # the same as tests/e2e/staff_login.PASSWORD
SHOTS = Path("/tmp/shots")
SET_PASSWORD = re.compile(r"https?://\S+/accounts/password-reset/\S+/")
PARENT_LINK = re.compile(r"https?://\S+/accounts/l/[\w-]+/")
WHEN = [pytest.param(12, 8, id="december"), pytest.param(9, 8, id="september")]


def move_into_the_running_year(clock, month, day):
    start_year = school_year_bounds(timezone.localdate())[0].year  # the personas' year (world.year_a)
    year = start_year if month >= 8 else start_year + 1
    clock.move_to(datetime.datetime(year, month, day, 10, tzinfo=AMSTERDAM))


class Pages:
    """Browser contexts on the suite's (moved) clock: a phone (360 px) or a desktop (1280 px)."""

    def __init__(self, browser):
        self.browser, self.contexts = browser, []

    def new(self, width=1280, locale="en-US"):
        """Staff pages in an English browser (they stay Dutch); parents' in a Dutch one."""
        options = {"viewport": {"width": width, "height": 900}}
        if width == 360:
            options.update(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
        context = self.browser.new_context(locale=locale, timezone_id="Europe/Amsterdam", **options)
        context.set_default_timeout(15_000)
        context.clock.set_system_time(timezone.now())
        self.contexts.append(context)
        return context.new_page()

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def pages(browser, live_server):
    made = Pages(browser)
    yield made
    made.close()


def log_in(page, url, email):
    """Password, then the app's code when MFA is required (tests/e2e/staff_login.py)."""
    log_in_staff(page, url, get_user_model().objects.get(email=email), password=PASSWORD)


def log_in_and_link_an_app(page, url, email):
    """A first login of someone who must use MFA, as a director does it: the password, then linking
    an authenticator app with the key the page shows (the code computed from it on the suite's
    clock, as the app would), then past the recovery codes to the staff home page."""
    page.goto(url("accounts:login"))
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page.get_by_role("heading", name="App koppelen voor inloggen met code")).to_be_visible()
    key = b32decode(page.locator("#mfa-key").inner_text().replace(" ", ""))
    page.locator("input[name=code]").fill(totp_code(key))
    page.get_by_role("button", name="Koppelen").click()
    expect(page.get_by_role("heading", name="Uw herstelcodes")).to_be_visible()
    page.get_by_role("link", name="Ik heb ze bewaard, verder").click()
    expect(page).to_have_url(url("staffpages:home"))


def shots(pages, url, email, target, name):
    """The page at 360 and 1280 px (no sideways scrolling), for the image viewer."""
    for width in (360, 1280):
        page = pages.new(width)
        log_in(page, url, email)
        page.goto(target)
        assert page_width(page) <= width, f"{name} scrolls sideways at {width}"
        page.screenshot(path=str(SHOTS / f"journey-{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize(("month", "day"), WHEN)
def test_a_new_school_from_school_create_to_its_published_calendar_and_first_week_plan(
    pages, live_server, url, mailoutbox, clock, month, day
):
    SHOTS.mkdir(exist_ok=True)
    move_into_the_running_year(clock, month, day)
    call_command("school_create", "--board=Stichting Nieuw Begin", "--brin=33CC00", "--name=De Vlinder",
                 "--region=midden", "--email=directie@vlinder.example.nl", "--first-name=Fenna",
                 "--last-name=Visser")  # fmt: skip
    school = School.objects.get(brin="33CC00")
    year = school.years.get()
    assert year.first_day <= timezone.localdate() <= year.last_day

    # The director chooses a password through the e-mailed link (an English browser: still Dutch).
    fenna = pages.new()
    fenna.goto(live_server.url + urlsplit(SET_PASSWORD.search(mailoutbox[-1].body).group(0)).path)
    fenna.locator("input[name=new_password1]").fill(PASSWORD)
    fenna.locator("input[name=new_password2]").fill(PASSWORD)
    fenna.get_by_role("button", name="Wachtwoord opslaan").click()
    # Leadership must use MFA: her first login links an authenticator app.
    log_in_and_link_an_app(fenna, url, "directie@vlinder.example.nl")
    fenna.goto(url("staffpages:getting_started"))
    expect(fenna.locator("h1")).to_have_text("Aan de slag")
    expect(fenna.locator("main")).to_contain_text("0 van de 6 zijn klaar")

    # 1–2. The administration's export (the web import page has its own browser test).
    pupils, staff = demo_exports(SMALL, first_day=year.first_day)
    import_export(school=school, pupils=pupils, staff=staff, dry_run=False, today=timezone.localdate())
    # 3. The library and its translations: installed from its page, Arabic approved on the review page.
    fenna.goto(url("messaging:library"))
    fenna.get_by_role("button", name="Startbibliotheek installeren").click()
    shots(pages, url, "directie@vlinder.example.nl", url("messaging:library_review", "ar"), f"library-review-{month}")
    shots(pages, url, "directie@vlinder.example.nl", url("staffpages:profile"), f"profile-{month}")
    fenna.goto(url("messaging:library_review", "ar"))
    fenna.get_by_role("button", name="Alles aanvinken").click()
    fenna.get_by_role("button", name="Alles goedkeuren wat is aangevinkt").click()
    expect(fenna.locator("main")).to_contain_text("vertalingen goedgekeurd")
    director = Staff.objects.get(user__email="directie@vlinder.example.nl")
    for language in ("ar", "en", "tr", "pl", "uk"):  # the rest of the review, 100 a page, as the service
        waiting = LibraryText.objects.filter(entry__school=school, language=language, approved_at__isnull=True)
        if waiting.exists():
            library_texts_approve(school=school, language=language, text_ids=list(waiting.values_list("pk", flat=True)),
                                  by=director)  # fmt: skip
    # 4. Plan the year: sessions (the standard programme) and rounds; mid-year with warnings.
    fenna.goto(url("meetings:programme"))
    fenna.get_by_role("button", name="Standaardbijeenkomsten klaarzetten").click()
    fenna.goto(url("yearplan:setup_year", year.pk))
    fenna.get_by_role("button", name="Plan het jaar").last.click()
    expect(fenna.locator("#plan-report")).to_be_visible()
    if month == 12:
        expect(fenna.locator("#plan-warnings")).to_contain_text("de kaart raadt")
    fenna.screenshot(path=str(SHOTS / f"journey-plan-year-{month}.png"), full_page=True)
    # 5. Publish the calendar.
    fenna.goto(url("yearplan:publish", year.pk))
    fenna.get_by_role("button", name="Publiceer de jaarkalender").click()
    assert Publication.objects.filter(school_year=year).exists()

    # 6. A teacher approves the first week plan, after seeing it as the parents will read it.
    group = Group.objects.filter(school_year=year, teachers__isnull=False).order_by("name").first()
    teacher = group.teachers.first()
    teacher.user.set_password(PASSWORD)
    teacher.user.save(update_fields=["password"])
    page = pages.new()
    log_in(page, url, teacher.user.email)
    page.goto(url("messaging:week_plan", group.pk))
    page.get_by_label("Thema van de week").fill("Winter" if month == 12 else "Nieuwe klas")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.locator("#preview-title")).to_have_text("Zo lezen de ouders het")
    page.get_by_role("button", name="Goedkeuren en inplannen").click()
    expect(page.locator("main")).to_contain_text("Goedgekeurd en ingepland")
    assert WeekPlan.objects.filter(group=group, approved_at__isnull=False).exists()

    fenna.goto(url("staffpages:getting_started"))
    expect(fenna.locator("main")).to_contain_text("6 van de 6 zijn klaar")
    shots(pages, url, "directie@vlinder.example.nl", url("staffpages:getting_started"), f"getting-started-{month}")
    shots(pages, url, teacher.user.email, url("messaging:week_plan", group.pk), f"week-plan-preview-{month}")


def log_in_parent(page, url, live_server, mailoutbox, email):
    page.goto(url("accounts:parent_login"))
    page.get_by_label("Uw e-mailadres of mobiele nummer").fill(email)
    page.get_by_role("button", name="Stuur mij een link").click()
    page.goto(live_server.url + urlsplit(PARENT_LINK.search(mailoutbox[-1].body).group(0)).path)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page).to_have_url(url("portal:home"))


def school_day_ahead(year, days):
    from ouderbetrokkenheid.school.calendar import SchoolCalendar

    calendar, day = SchoolCalendar.of(year), timezone.localdate() + datetime.timedelta(days=days)
    while calendar.day_off_reason(day):
        day += datetime.timedelta(days=1)
    return day


@pytest.mark.usefixtures("login_links_at_once")
@pytest.mark.parametrize(("month", "day"), WHEN)
def test_mid_year_a_session_on_a_day_of_choice_and_a_round_up_to_a_booked_slot(
    world, pages, live_server, url, mailoutbox, clock, month, day
):
    SHOTS.mkdir(exist_ok=True)
    move_into_the_running_year(clock, month, day)
    programme_install(school=world.school_a)
    lea = pages.new()
    log_in(lea, url, world.lea.user.email)
    lea.goto(url("meetings:plan", world.year_a.pk))
    lea.get_by_role("button", name="Voorstel maken").click()
    expect(lea.locator("#proposal")).to_be_visible()
    lea.get_by_role("link", name="Bijeenkomst toevoegen op een dag naar keuze").click()
    evening = school_day_ahead(world.year_a, 10)
    lea.get_by_label("Bijeenkomst").select_option(index=1)
    lea.get_by_label("3", exact=True).check()
    lea.get_by_label("Datum").fill(evening.isoformat())
    lea.get_by_label("Plaats").fill("Aula")
    lea.get_by_role("button", name="Toevoegen").click()
    expect(lea.locator("main")).to_contain_text("De bijeenkomst staat gepland.")
    assert world.year_a.sessions.get().fixed
    shots(pages, url, world.lea.user.email, url("meetings:session_add", world.year_a.pk), f"session-add-{month}")

    # A round from setup to a booked slot: slots in the week after next, the parents invited (parents
    # see a round only once it is opened), the parent books on her phone.
    first = school_day_ahead(world.year_a, 9)
    round = with_slots(make_round(world, first_day=first, last_day=first, year_levels=[3]),
                       (world.tess, t(14, day=first), t(16, day=first)))  # fmt: skip
    round_invite(round=round)
    anna = pages.new(360, locale="nl-NL")
    log_in_parent(anna, url, live_server, mailoutbox, "anna@example.nl")
    anna.goto(url("conversations:book", round.pk))
    anna.locator("main button[name^=slot_]").first.click()
    expect(anna.locator("main")).to_contain_text("14:00")
    booking = Booking.objects.get(ACTIVE, round=round, pupil=world.pim)
    assert booking.slot.staff == world.tess


@pytest.mark.usefixtures("login_links_at_once")
@pytest.mark.parametrize(("month", "day"), WHEN)
def test_a_teacher_drops_out_and_comes_back(world, pages, live_server, url, mailoutbox, clock, month, day):
    from conversations.booking import BookingItem, bookings_create

    SHOTS.mkdir(exist_ok=True)
    move_into_the_running_year(clock, month, day)
    first = school_day_ahead(world.year_a, 9)
    round = with_slots(make_round(world, first_day=first, last_day=first, year_levels=[3]),
                       (world.tess, t(14, day=first), t(16, day=first)))  # fmt: skip
    round_invite(round=round)  # opened for the parents, who see it on their bookings page
    slot = round.slots.order_by("starts_at").first()
    (booking,) = bookings_create(round=round, items=[BookingItem(slot=slot, pupil=world.pim, guardians=[world.anna])],
                                 by_staff=world.lea)  # fmt: skip
    lea = pages.new()
    log_in(lea, url, world.lea.user.email)
    lea.goto(url("conversations:round", round.pk))
    lea.get_by_role("link", name="Leerkracht valt uit").click()
    lea.get_by_label("Leerkracht").select_option(str(world.tess.pk))
    lea.get_by_label("Dag").fill(first.isoformat())
    lea.get_by_role("button", name="Afwezig melden").click()
    expect(lea.locator("main")).to_contain_text("1 gesprekken gaan niet door")
    assert not Booking.objects.filter(ACTIVE, round=round).exists()
    shots(pages, url, world.lea.user.email, url("conversations:absences", round.pk), f"absences-{month}")

    [notice] = Message.objects.filter(guardian=world.anna, parts__source__startswith="conversations.absence:")
    assert "Het gesprek over Pim om 14:00 uur gaat niet door." in notice.text  # one notice, with the choice
    anna = pages.new(360, locale="nl-NL")  # the family finds no booking left, and free times to choose
    log_in_parent(anna, url, live_server, mailoutbox, "anna@example.nl")
    anna.goto(url("conversations:my_bookings"))
    expect(anna.locator("main")).not_to_contain_text("14:00")
    anna.screenshot(path=str(SHOTS / f"journey-parent-notice-{month}-360.png"), full_page=True)

    lea.get_by_role("button", name="Toch terug: terugzetten").click()
    expect(lea.locator("main")).to_contain_text("1 gesprekken staan weer")
    assert Booking.objects.filter(ACTIVE, pk=booking.pk).exists()
    assert Absence.objects.get(round=round).ended_at is not None
