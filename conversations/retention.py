"""Personal data of the conversation cycle (see school/datakinds.py): bookings, preferences,
waiting lists, follow-up notes, contact arrangements and conversation records."""

import datetime

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ouderbetrokkenheid.school.datakinds import (
    ANONYMISE,
    KEEP,
    PUPIL_FILE_REASON,
    DataKind,
    after_leaving,
    after_the_year,
    register,
)

from .models import (
    Booking,
    BookingGuardian,
    ContactArrangement,
    FollowUp,
    Preference,
    Record,
    RecordRead,
    WaitingListEntry,
)

ROUND = "round__school_year__"

register(
    after_the_year(
        model=Preference,
        year_path=ROUND,
        key="conversations.planning",
        label=_("Voorkeuren voor gesprekken"),
        category=_("voorkeuren van ouders voor gesprekstijden"),
        reason=_("Een voorkeur is alleen nodig om de gesprekken van die ronde te plannen."),
        of_guardian=lambda guardian: Preference.objects.filter(guardian=guardian).order_by("round__first_day"),
        export_fields=("round__title", "windows", "joint", "form", "topics", "interpreter_language", "updated_at"),
        order=30,
    )
)
register(
    after_the_year(
        model=WaitingListEntry,
        year_path=ROUND,
        key="conversations.waiting_list",
        label=_("Wachtlijst voor gesprekken"),
        category=_("wachtlijst"),
        reason=_("De wachtlijst hoort bij één gespreksronde."),
        of_guardian=lambda guardian: WaitingListEntry.objects.filter(guardian=guardian).order_by("created_at"),
        export_fields=("round__title", "pupil__first_name", "created_at", "served_at"),
        order=30,
    )
)
register(
    after_the_year(
        model=FollowUp,
        year_path=ROUND,
        key="conversations.follow_ups",
        label=_("Notities bij gesprekken"),
        category=_("notities van school over contact met ouders"),
        reason=_("De notitie is nodig om ouders die nog geen gesprek hadden te bellen, in dat schooljaar."),
        of_guardian=lambda guardian: FollowUp.objects.filter(guardian=guardian).order_by("at"),
        export_fields=("round__title", "outcome", "note", "at"),
        order=30,
    )
)
register(
    after_the_year(
        # Who had an appointment (parents read records through their child, not through these).
        model=BookingGuardian,
        year_path=ROUND,
        key="conversations.booking_guardians",
        label=_("Afspraken voor gesprekken"),
        category=_("afspraken voor gesprekken"),
        reason=_("Na de ronde is alleen het verslag nog nodig, niet wie de afspraak maakte."),
        of_guardian=lambda guardian: BookingGuardian.objects.filter(guardian=guardian).order_by("starts_at"),
        export_fields=("round__title", "pupil__first_name", "starts_at", "ends_at", "booking__status"),
        order=40,
    )
)
register(
    after_the_year(
        model=Booking.objects.filter(record__isnull=True),
        year_path=ROUND,
        key="conversations.bookings",
        label=_("Gesprekken zonder verslag"),
        category=_("afspraken voor gesprekken"),
        subject="pupil",
        reason=_("Een afspraak zonder verslag zegt na de ronde niets meer."),
        of_pupil=lambda pupil: Booking.objects.filter(pupil=pupil, record__isnull=True).order_by("slot__starts_at"),
        export_fields=("round__title", "slot__starts_at", "form", "status", "topics"),
        order=41,
    )
)
register(
    after_the_year(
        model=ContactArrangement,
        year_path="school_year__",
        key="conversations.contact",
        label=_("Afspraken over contact"),
        category=_("afspraken over contact tussen school en ouders"),
        subject="pupil",
        reason=_("Een contactafspraak geldt voor één schooljaar."),
        of_pupil=lambda pupil: ContactArrangement.objects.filter(pupil=pupil).order_by("updated_at"),
        export_fields=("kind", "every_weeks", "minutes", "note", "next_contact_on"),
        order=30,
    )
)
register(
    after_leaving(
        model=Record,
        pupil_path="booking__pupil__",
        key="conversations.records",
        label=_("Gespreksverslagen"),
        category=_("gespreksverslagen met afspraken en schooladvies"),
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
READS_REASON = _("Zo kan de school laten zien wie een verslag las, ook bij een klacht.")
register(
    DataKind(
        key="conversations.record_reads",
        label=_("Wie de gespreksverslagen van uw kind las"),
        category=_("inzage-log (wie een gespreksverslag las)"),
        subject="pupil",
        period=datetime.timedelta(days=2 * 365),
        period_text=_("2 jaar"),
        reason=READS_REASON,
        expired=lambda now, period: RecordRead.objects.filter(at__lt=now - period),
        of_pupil=lambda pupil: RecordRead.objects.filter(record__booking__pupil=pupil).order_by("at"),
        export_fields=("at", "what", "staff__last_name"),
        on_erasure=KEEP,
        keep_reason=READS_REASON,
        order=70,
    )
)
register(
    DataKind(
        key="conversations.guardian_record_reads",
        label=_("Wanneer u een gespreksverslag las"),
        category=_("inzage-log (wie een gespreksverslag las)"),
        period_text=_("2 jaar"),
        reason=READS_REASON,
        # The same rows as conversations.record_reads: retention removes them there.
        of_guardian=lambda guardian: RecordRead.objects.filter(guardian=guardian).order_by("at"),
        export_fields=("at", "what"),
        on_erasure=ANONYMISE,
        anonymise=lambda rows: rows.update(guardian=None),
        order=70,
    )
)
