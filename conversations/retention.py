"""Personal data of the conversation cycle (see school/datakinds.py): bookings, preferences,
waiting lists, follow-up notes, contact arrangements and conversation records."""

import datetime

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ouderbetrokkenheid.school.datakinds import KEEP, DataKind, left_school_q, register, year_over_q

from .models import Booking, BookingGuardian, ContactArrangement, FollowUp, Preference, Record, WaitingListEntry

AFTER_THE_YEAR = datetime.timedelta(days=42)
YEAR_TEXT = _("6 weken na het eind van het schooljaar")
PUPIL_FILE = datetime.timedelta(days=2 * 365)
PUPIL_FILE_TEXT = _("2 jaar nadat de leerling de school verliet")
PUPIL_FILE_REASON = _(
    "Hoort bij het leerlingdossier. Scholen bewaren dat tot 2 jaar na het vertrek van de leerling "
    "(model-privacyreglement PO-Raad), zodat een volgende school of de ouders er nog om kunnen vragen."
)

register(
    DataKind(
        key="conversations.planning",
        label=_("Voorkeuren voor gesprekken"),
        category=_("voorkeuren van ouders voor gesprekstijden"),
        period=AFTER_THE_YEAR,
        period_text=YEAR_TEXT,
        reason=_("Een voorkeur is alleen nodig om de gesprekken van die ronde te plannen."),
        expired=lambda now, period: Preference.objects.filter(year_over_q(now, period, "round__school_year__")),
        of_guardian=lambda guardian: Preference.objects.filter(guardian=guardian).order_by("round__first_day"),
        export_fields=("round__title", "windows", "joint", "form", "topics", "interpreter_language", "updated_at"),
        order=30,
    )
)
register(
    DataKind(
        key="conversations.waiting_list",
        label=_("Wachtlijst voor gesprekken"),
        category=_("wachtlijst"),
        period=AFTER_THE_YEAR,
        period_text=YEAR_TEXT,
        reason=_("De wachtlijst hoort bij één gespreksronde."),
        expired=lambda now, period: WaitingListEntry.objects.filter(year_over_q(now, period, "round__school_year__")),
        of_guardian=lambda guardian: WaitingListEntry.objects.filter(guardian=guardian).order_by("created_at"),
        export_fields=("round__title", "pupil__first_name", "created_at", "served_at"),
        order=30,
    )
)
register(
    DataKind(
        key="conversations.follow_ups",
        label=_("Notities bij gesprekken"),
        category=_("notities van school over contact met ouders"),
        period=AFTER_THE_YEAR,
        period_text=YEAR_TEXT,
        reason=_("De notitie is nodig om ouders die nog geen gesprek hadden te bellen, in dat schooljaar."),
        expired=lambda now, period: FollowUp.objects.filter(year_over_q(now, period, "round__school_year__")),
        of_guardian=lambda guardian: FollowUp.objects.filter(guardian=guardian).order_by("at"),
        export_fields=("round__title", "outcome", "note", "at"),
        order=30,
    )
)
register(
    DataKind(
        key="conversations.booking_guardians",
        label=_("Afspraken voor gesprekken"),
        category=_("afspraken voor gesprekken"),
        period=AFTER_THE_YEAR,
        period_text=YEAR_TEXT,
        reason=_("Na de ronde is alleen het verslag nog nodig, niet wie de afspraak maakte."),
        expired=lambda now, period: BookingGuardian.objects.filter(
            year_over_q(now, period, "round__school_year__")
        ).filter(booking__record__isnull=True),
        of_guardian=lambda guardian: BookingGuardian.objects.filter(guardian=guardian).order_by("starts_at"),
        export_fields=("round__title", "pupil__first_name", "starts_at", "ends_at", "booking__status"),
        order=40,
    )
)
register(
    DataKind(
        key="conversations.bookings",
        label=_("Gesprekken zonder verslag"),
        category=_("afspraken voor gesprekken"),
        subject="pupil",
        period=AFTER_THE_YEAR,
        period_text=YEAR_TEXT,
        reason=_("Een afspraak zonder verslag zegt na de ronde niets meer."),
        expired=lambda now, period: Booking.objects.filter(year_over_q(now, period, "round__school_year__")).filter(
            record__isnull=True
        ),
        of_pupil=lambda pupil: Booking.objects.filter(pupil=pupil, record__isnull=True).order_by("slot__starts_at"),
        export_fields=("round__title", "slot__starts_at", "form", "status", "topics"),
        order=41,
    )
)
register(
    DataKind(
        key="conversations.contact",
        label=_("Afspraken over contact"),
        category=_("afspraken over contact tussen school en ouders"),
        subject="pupil",
        period=AFTER_THE_YEAR,
        period_text=YEAR_TEXT,
        reason=_("Een contactafspraak geldt voor één schooljaar."),
        expired=lambda now, period: ContactArrangement.objects.filter(year_over_q(now, period)),
        of_pupil=lambda pupil: ContactArrangement.objects.filter(pupil=pupil).order_by("updated_at"),
        export_fields=("kind", "every_weeks", "minutes", "note", "next_contact_on"),
        order=30,
    )
)
register(
    DataKind(
        key="conversations.records",
        label=_("Gespreksverslagen"),
        category=_("gespreksverslagen met afspraken en schooladvies"),
        subject="pupil",
        period=PUPIL_FILE,
        period_text=PUPIL_FILE_TEXT,
        reason=PUPIL_FILE_REASON,
        expired=lambda now, period: Record.objects.filter(left_school_q(now, period, "booking__pupil__")),
        # What the parents may read: records shared with them (a draft is the teacher's working note).
        of_pupil=lambda pupil: (
            Record.objects.filter(booking__pupil=pupil)
            .filter(~Q(published_at=None))
            .order_by("booking__slot__starts_at")
        ),
        export_fields=(
            "booking__slot__starts_at",
            "goal",
            "going_well",
            "to_improve",
            "parents_input",
            "pupil_input",
            "goals",
            "evaluation_date",
            "advice_track",
            "published_at",
        ),
        on_erasure=KEEP,
        keep_reason=PUPIL_FILE_REASON,
        order=50,
    )
)
