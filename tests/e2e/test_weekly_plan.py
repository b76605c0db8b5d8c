"""A teacher plans and approves her group's week in the browser; the send engine sends it; the
guardian (Arabic) reads the messages in her own language in the portal on a phone."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from messaging import engine, tasks
from messaging.models import Kind, LibraryEntry, LibraryText, Message, Status
from ouderbetrokkenheid.school.calendar import week_start
from ouderbetrokkenheid.school.clock import at_local
from tests import factories as f
from tests.accounts.conftest import login_links_at_once  # noqa: F401 (a fixture: login links sent at once)
from tests.e2e.layout import page_width

PASSWORD = "geheim-wachtwoord-42"
LINK = re.compile(r"https?://\S+/accounts/l/[\w-]+/")
SCREENSHOT = "/tmp/e2e-weekly-plan.png"
TEXTS = {
    Kind.TIP: {"nl": "Tip: lees elke dag tien minuten samen met {child}.", "ar": "نصيحة: اقرأ مع {child} كل يوم."},
    Kind.ENCOURAGEMENT: {"nl": "Goed bezig met {child}!", "ar": "أحسنت مع {child}!"},
    Kind.PROGRESS: {"nl": "Nieuws over {child}: {line}", "ar": "أخبار عن {child}: {line}"},
}


def library(school, approver):
    for kind, texts in TEXTS.items():
        entry = LibraryEntry.objects.create(school=school, kind=kind, year_level=3)
        for language, text in texts.items():
            LibraryText.objects.create(entry=entry, language=language, text=text, approved_by=approver,
                                       approved_at=timezone.now())  # fmt: skip


def send_everything_due(monkeypatch, moment):
    """The beat's dispatch_due, then each send task synchronously, on the engine's clock at `moment`."""
    claimed = []
    monkeypatch.setattr(engine, "clock", lambda: moment)
    monkeypatch.setattr(engine, "_enqueue", claimed.extend)  # no broker: run the tasks here
    engine.dispatch_due()
    for message_id in claimed:
        tasks.send_message.apply(args=[message_id])
    return claimed


@pytest.mark.usefixtures("login_links_at_once")
def test_teacher_approves_a_week_and_the_guardian_reads_it_in_arabic_on_her_phone(
    world, desktop_page, phone_page, url, mailoutbox, monkeypatch
):
    library(world.school_a, world.lea)
    sem = f.PupilFactory(school=world.school_a, first_name="Sem", last_name="Prins")
    f.EnrollmentFactory(pupil=sem, group=world.group_3, year_level=3)
    f.GuardianOfFactory(guardian=world.anna, pupil=sem)
    world.anna.language = "ar"
    world.anna.save(update_fields=["language"])
    week = week_start(timezone.localdate()) + datetime.timedelta(days=7)

    page = desktop_page
    page.goto(url("accounts:login"))
    page.locator("input[name=username]").fill(world.tess.user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page).to_have_url(url("staffpages:home"))
    page.goto(f"{url('messaging:week_plan', world.group_3.pk)}?week={week.isoformat()}")
    expect(page.get_by_role("heading", name="Weekplan groep 3")).to_be_visible()
    expect(page.get_by_text("Tip: lees elke dag tien minuten samen met")).to_be_visible()
    page.get_by_label("Thema van de week").fill("Tafels")
    page.get_by_label("Pim Prins").fill("goed geoefend met tafels")
    page.get_by_label("Sem Prins").fill("oefent nog met lezen van lange woorden")
    page.get_by_role("button", name="Goedkeuren en inplannen").click()
    expect(page.locator("#plan-status")).to_contain_text("Goedgekeurd en ingepland")
    page.screenshot(path="/tmp/e2e-weekly-plan-teacher.png", full_page=True)

    messages = Message.objects.filter(guardian=world.anna)
    assert sorted(messages.values_list("kind", flat=True)) == sorted([Kind.PROGRESS, Kind.TIP, Kind.ENCOURAGEMENT])
    friday_evening = at_local(week + datetime.timedelta(days=4), datetime.time(19, 0))
    assert len(send_everything_due(monkeypatch, friday_evening)) >= 3
    assert set(messages.values_list("status", flat=True)) == {Status.SENT}
    assert sum(1 for mail in mailoutbox if mail.to == ["anna@example.nl"]) == 3

    phone = phone_page
    phone.goto(url("accounts:parent_login"))
    phone.get_by_label("Uw e-mailadres of mobiele nummer").fill("anna@example.nl")
    phone.get_by_role("button", name="Stuur mij een link").click()
    expect(phone).to_have_url(url("accounts:parent_login_sent"))
    link = next(LINK.search(mail.body).group(0) for mail in reversed(mailoutbox) if LINK.search(mail.body))
    phone.goto(link)
    phone.locator("main form button[type=submit]").click()
    expect(phone).to_have_url(url("portal:home"))

    phone.goto(url("messaging:portal_messages"))
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    texts = phone.locator("main .message-text")
    expect(texts).to_have_count(3)
    expect(phone.locator("main")).to_contain_text("أخبار عن Pim: goed geoefend met tafels")
    expect(phone.locator("main")).to_contain_text("أخبار عن Sem: oefent nog met lezen van lange woorden")
    expect(phone.locator("main")).to_contain_text("نصيحة: اقرأ مع Sem كل يوم.")
    expect(phone.locator("main")).not_to_contain_text("Bakker")
    assert page_width(phone) <= 360, "no sideways scrolling on a phone"
    phone.screenshot(path=SCREENSHOT, full_page=True)
