"""A one-off appointment for one pupil outside the school's rounds: its own one-off round with one
slot for the teacher and a *proposed* booking for the guardians, through the booking service (so
every booking rule holds: no overlap for the teacher or a guardian). The guardians accept or move
it on their bookings page, like a planner proposal; accepting sends the confirmation with the
invitation (.ics) and the reminder the day before (booking.proposal_accept).

Used for the intake of a new pupil (intake.py) and for a conversation a parent or pupil asked for
(threads: the teacher accepts or proposes another time)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.clock import local_day
from ouderbetrokkenheid.school.models import Enrollment

from .booking import BookingItem, BookingRefused, bookings_create
from .models import Booking, BookingStatus, Initiator, Round, Slot
from .records import may_write


@transaction.atomic
def one_off_offer(
    *, pupil, by, starts_at, guardians, minutes, form, kind, title, goal, initiated_by=Initiator.TEACHER
) -> Booking:
    """Propose a conversation about `pupil` with `by` at `starts_at` to `guardians`; raises
    ValidationError (in Dutch) when it cannot be, and then writes nothing."""
    if not may_write(by, pupil):
        raise ValidationError(_("U mag voor deze leerling geen gesprek aanbieden."))
    if not guardians:
        raise ValidationError(_("Deze leerling heeft geen ouder met gezag in het systeem."))
    if starts_at <= timezone.now():
        raise ValidationError(_("Kies een tijd in de toekomst."))
    day = local_day(starts_at)
    enrollment = Enrollment.objects.current(day).filter(pupil=pupil).select_related("group__school_year").first()
    if enrollment is None:
        raise ValidationError(_("De leerling staat op die dag niet ingeschreven."))
    round = Round.objects.create(
        school_year=enrollment.group.school_year, kind=kind, title=title, year_levels=[enrollment.year_level],
        first_day=day, last_day=day, slot_minutes=minutes, forms=[form], goal=goal, invited_at=timezone.now(),
        one_off=True,
    )  # fmt: skip
    try:
        with transaction.atomic():
            slot = Slot.objects.create(round=round, staff=by, starts_at=starts_at,
                                       ends_at=starts_at + datetime.timedelta(minutes=minutes))  # fmt: skip
            booking = bookings_create(round=round, items=[BookingItem(slot, pupil, guardians, form)],
                                      status=BookingStatus.PROPOSED, by_staff=by)[0]  # fmt: skip
    except IntegrityError:
        raise ValidationError(_("U hebt op die tijd al een gesprek. Kies een andere tijd.")) from None
    except BookingRefused as refusal:
        raise ValidationError(refusal.message) from None
    if booking.initiated_by != initiated_by:
        booking.initiated_by = initiated_by
        booking.save(update_fields=["initiated_by"])
    return booking
