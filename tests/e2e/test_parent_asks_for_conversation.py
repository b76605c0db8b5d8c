"""Two-way contact end to end (issue 20's Must show): Anna, who reads Arabic, on a 360 px phone asks
for a conversation about Pim with the quick answer "Ik wil graag een gesprek" (child, topic, times,
form); Tess sees the request in Dutch in her inbox and accepts it with a time; Anna reads the
answer in Arabic, confirms the time on her bookings page and gets the invitation (with the .ics)
and, the day before, the reminder, both in Arabic."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from playwright.sync_api import expect

from conversations.models import Booking, BookingStatus, Initiator
from messaging import engine
from messaging.channels import locmem
from messaging.models import Message, Purpose
from tests.conversations.test_rounds_support import DAY, t
from tests.e2e.layout import page_width
from threads.models import ConversationRequest, RequestStatus

SCREENSHOT = "/tmp/e2e-two-way.png"


def tr(lang, msgid):
    with translation.override(lang):
        return translation.gettext(msgid)


def _open(browser, live_server, user, lang, device):
    from tests.e2e.conftest import _page

    context, page = _page(browser, **device)
    client = Client()
    client.force_login(user)
    context.add_cookies([
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": live_server.url},
        {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
         "url": live_server.url},
    ])  # fmt: skip
    return context, page


def _no_sideways_scrolling(page):
    assert page_width(page) <= 360, "no sideways scrolling on a phone"


def _deliver():
    return [engine.deliver(message_id=pk) for pk in engine.claim_due()]


@pytest.fixture
def providers(settings, monkeypatch):
    for channel in ("EMAIL", "SMS", "WHATSAPP"):
        setattr(settings, f"MESSAGING_{channel}_PROVIDER", "messaging.channels.locmem.LocmemProvider")
    monkeypatch.setattr(engine, "_enqueue", lambda ids: None)
    locmem.reset()
    yield locmem
    locmem.reset()


def test_arabic_parent_asks_teacher_accepts_parent_books_and_gets_invitation_and_reminder(
    world, browser, live_server, url, providers, clock
):
    from tests.conftest import guardian_user
    from tests.e2e.conftest import DESKTOP, PHONE

    world.anna.language = "ar"
    world.anna.save(update_fields=["language"])
    phone, anna = _open(browser, live_server, guardian_user(world.anna), "ar", PHONE)
    desk, tess = _open(browser, live_server, world.tess.user, "nl", DESKTOP)
    try:
        # Anna asks for a conversation with the quick answer, on her phone, in Arabic.
        anna.goto(url("threads:portal"))
        assert anna.evaluate("document.documentElement.dir") == "rtl"
        _no_sideways_scrolling(anna)
        anna.get_by_role("link", name=tr("ar", "Ik wil graag een gesprek")).click()
        expect(anna.locator("h1")).to_have_text(tr("ar", "Ik wil graag een gesprek"))
        anna.get_by_label("Pim Prins").check()
        anna.get_by_label(tr("ar", "Waarover wilt u praten?")).fill("Pim slaapt slecht")
        anna.get_by_label(tr("ar", "Wanneer kunt u?")).fill("الثلاثاء بعد الظهر")
        anna.get_by_label(tr("ar", "Telefoon")).check()
        _no_sideways_scrolling(anna)
        anna.get_by_role("button", name=tr("ar", "Versturen")).click()
        expect(anna.locator("main")).to_contain_text(tr("ar", "Uw vraag is verstuurd. De leerkracht antwoordt u hier."))
        request = ConversationRequest.objects.get()
        assert (request.pupil, request.form, request.initiated_by) == (world.pim, "phone", Initiator.PARENT)

        # Tess reads it in Dutch and accepts it with a time.
        tess.goto(url("threads:inbox"))
        tess.get_by_role("link", name="Anna Prins").click()
        main = tess.locator("main")
        expect(main).to_contain_text("Ik wil graag een gesprek")
        expect(main).to_contain_text("Pim slaapt slecht")
        expect(main).to_contain_text("Gestart door: De ouder")
        card = tess.locator(f'[data-request="{request.pk}"]')
        card.get_by_label("Dag", exact=True).fill(f"{DAY:%Y-%m-%d}")
        card.get_by_label("Tijd", exact=True).fill("15:30")
        card.get_by_label("Minuten", exact=True).select_option("30")
        card.get_by_role("button", name="Accepteren en tijd voorstellen").click()
        expect(main).to_contain_text("De afspraak is voorgesteld")
        booking = Booking.objects.get()
        assert booking.status == BookingStatus.PROPOSED and booking.slot.starts_at == t(15, 30)
        assert booking.initiated_by == Initiator.PARENT and booking.form == "phone"
        assert ConversationRequest.objects.get().status == RequestStatus.ACCEPTED

        # The answer reaches Anna in Arabic (a notice), and she reads it in the portal.
        _deliver()
        [answer] = providers.outbox
        assert tr("ar", "Graag! Ik maak een afspraak met u.") in answer.text
        anna.goto(url("threads:portal"))
        expect(anna.locator("main")).to_contain_text(tr("ar", "Graag! Ik maak een afspraak met u."))

        # She confirms the time on her bookings page.
        anna.goto(url("conversations:my_bookings"))
        expect(anna.locator("main")).to_contain_text(tr("ar", "Gesprek op uw verzoek"))
        _no_sideways_scrolling(anna)
        anna.get_by_role("button", name=tr("ar", "Ja, dat past")).click()
        expect(anna.get_by_role("button", name=tr("ar", "Ja, dat past"))).to_have_count(0)
        expect(anna.locator("main")).to_contain_text("15:30")
        anna.screenshot(path=SCREENSHOT, full_page=True)
        assert Booking.objects.get().status == BookingStatus.CONFIRMED

        # The invitation (with the appointment as .ics) now, the reminder the day before, in Arabic.
        providers.reset()
        _deliver()
        [invitation] = providers.outbox
        assert invitation.channel == "email" and invitation.to == "anna@example.nl"
        assert [name for name, _type, _content in invitation.attachments] == ["gesprek.ics"]
        assert "Pim" in invitation.text and tr("ar", "Graag! Ik maak een afspraak met u.") not in invitation.text
        reminder = Message.objects.get(guardian=world.anna, purpose=Purpose.REMINDER)
        assert reminder.language == "ar" and reminder.expires_at == t(15, 30)
        clock.move_to(reminder.scheduled_at + datetime.timedelta(minutes=1))
        _deliver()
        assert len(providers.outbox) == 2 and "15:30" in providers.outbox[1].text

        # Tess sees that Anna read the answer in the portal.
        tess.goto(url("threads:thread", request.thread_id))
        expect(tess.locator("main")).to_contain_text("gelezen")
    finally:
        phone.close()
        desk.close()
