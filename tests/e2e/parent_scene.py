"""The objects a parent has on her pages, for the page-by-page tests (axe, read aloud, keyboard,
the language test): Anna, with Pim in groep 3 and Sara in groep 5/6, has an invitation to a
session (with its RSVP token), a conversation round with free slots and one booking, a round
asking for her preferences, a published record with an agreement, a message in her inbox, an
unsubscribe link and (on request) a fresh magic link.

    scene = Scene.build(world); scene.session, scene.rsvp_token, scene.booking, …
"""

import re
import secrets
from dataclasses import dataclass, field

from django.core import mail
from django.utils import timezone

from tests import factories as f

MAGIC_LINK = re.compile(r"/accounts/l/[\w-]+/")


@dataclass
class Scene:
    """What a parent (Anna, with Pim in groep 3 and Sara in groep 5/6) has on her pages."""

    world: object
    values: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["values"][name]
        except KeyError:
            raise AttributeError(name) from None

    @classmethod
    def build(cls, world):
        from conversations.models import Agreement
        from meetings.invitations import token_hash
        from meetings.models import Invitation
        from messaging import consent
        from messaging.models import Message, Status, Topic
        from messaging.services import notice_send
        from tests.conversations.test_booking import book, make_round, make_slots
        from tests.conversations.test_records_support import walk_record
        from tests.conversations.test_rounds_support import make_round as make_preference_round
        from tests.conversations.test_rounds_support import t, with_slots
        from tests.meetings.test_attendance import make_session

        world.anna.mobile = "+31612345678"
        world.anna.save(update_fields=["mobile"])
        sara = f.PupilFactory(school=world.school_a, first_name="Sara", last_name="Prins")
        f.EnrollmentFactory(pupil=sara, group=world.group_56, year_level=5)
        f.GuardianOfFactory(guardian=world.anna, pupil=sara)

        session = make_session(world.year_a, days=7)
        session.childcare = True
        session.save(update_fields=["childcare"])
        rsvp_token = secrets.token_urlsafe(24)
        invitation = Invitation.objects.create(
            session=session, guardian=world.anna, token_hash=token_hash(rsvp_token), invited_at=timezone.now()
        )
        invitation.pupils.set([world.pim])

        round = make_round(world)
        tess_slots = make_slots(round, world.tess, 6)
        make_slots(round, world.otto, 6)
        booking = book(round, tess_slots[0], world.pim, world.anna)

        preference_round = with_slots(
            make_preference_round(world, title="Startgesprekken", preferences_open_at=timezone.now()),
            (world.tess, t(15), t(17)),
            (world.otto, t(15), t(17)),
        )

        record = walk_record(world)
        record.going_well = "Pim leest graag en helpt andere kinderen."
        record.save(update_fields=["going_well"])
        Agreement.objects.create(
            record=record, who="Ouders", what="Elke avond samen een bladzijde lezen", when="Tot de kerstvakantie"
        )

        notice_send(
            guardians=[world.anna],
            source="a11y:notice",
            subject="Morgen is de school dicht",
            text_for=lambda g: "Morgen is de school dicht door een studiedag.",
        )
        Message.objects.filter(guardian=world.anna).update(status=Status.SENT, sent_at=timezone.now())

        # Pim's development view, published to his parents, and the school's published year calendar.
        from development.models import Domain, Publication
        from tests.development.conftest import give_results
        from yearplan.publishing import calendar_publish

        give_results(world.pim, rows=[(Domain.MATHS, 3, "M", "M3"), (Domain.TECHNICAL_READING, 3, "M", "E3")],
                     now_level=3)  # fmt: skip
        Publication.objects.create(pupil=world.pim, published_by=world.tess)
        calendar_publish(school_year=world.year_a)

        values = {
            "session": session,
            "rsvp_token": rsvp_token,
            "invitation": invitation,
            "round": round,
            "booking": booking,
            "preference_round": preference_round,
            "record": record,
            "unsubscribe_token": consent.unsubscribe_token(guardian=world.anna, topic=Topic.TIP),
            "sara": sara,
        }
        return cls(world=world, values=values)

    def speaking(self, lang):
        """Anna, with `lang` as her own language (pages opened from a link follow it, not the browser)."""
        self.world.anna.language = lang
        self.world.anna.save(update_fields=["language"])
        return self

    def magic_link(self, lang):
        """A fresh magic link of Anna's (its page is in her language, not the browser's)."""
        from ouderbetrokkenheid.accounts.services import magic_link_request

        self.speaking(lang)
        magic_link_request(identity="anna@example.nl", request_base_url="http://testserver")
        return MAGIC_LINK.search(mail.outbox[-1].body).group(0)
