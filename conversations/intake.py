"""Intake for new pupils: a start conversation offered to each newly enrolled pupil's guardians
(lateral entrants, four-year-olds starting during the year) from their start date, not only in
the fixed start round.

Decision: the teacher offers one concrete time. `intake_offer` makes an ad-hoc round of kind
start for the pupil with one slot for the teacher and a *proposed* booking for every guardian
with parental authority (joint; a parent invited separately can move it); the guardians accept or
move it on their bookings page, like a planner proposal, and get a short notice now.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import translation
from django.utils.translation import gettext as _

from messaging.services import notice_send
from ouderbetrokkenheid.school.models import Enrollment

from .models import ACTIVE, Booking, ConversationForm, Initiator, Round, RoundKind
from .one_off import one_off_offer
from .records import informed_guardians, may_write

INTAKE_MINUTES = 30


def _start_round(school_year):
    return Round.objects.filter(school_year=school_year, kind=RoundKind.START).order_by("first_day", "pk").first()


def intake_candidates(*, school_year, today):
    """Current enrollments of pupils who joined the school after the start round's first day and
    have no start conversation this year yet (a move between groups does not count)."""
    start = _start_round(school_year)
    since = start.first_day if start else school_year.first_day
    had_start = Booking.objects.filter(ACTIVE, pupil=OuterRef("pupil"), round__school_year=school_year,
                                       round__kind=RoundKind.START)  # fmt: skip
    earlier = Enrollment.objects.filter(pupil=OuterRef("pupil"), group__school_year=school_year,
                                        start_date__lt=OuterRef("start_date"))  # fmt: skip
    return (
        Enrollment.objects.current(today)
        .filter(group__school_year=school_year, start_date__gt=since)
        .exclude(Exists(had_start))
        .exclude(Exists(earlier))
        .select_related("pupil", "group")
        .order_by("start_date", "pupil__first_name")
    )


def _notice_text(pupil, guardian):
    with translation.override(guardian.page_language):
        return _(
            "Welkom op school! We willen graag kennismaken. Kijk in de app welke tijd we voorstellen voor %(child)s."
        ) % {"child": pupil.first_name}


@transaction.atomic
def intake_offer(*, pupil, by, starts_at, minutes=INTAKE_MINUTES, form=ConversationForm.AT_SCHOOL) -> Booking:
    """Propose a start conversation with `by` at `starts_at` to the pupil's guardians."""

    if not may_write(by, pupil):
        raise ValidationError(_("U mag voor deze leerling geen gesprek aanbieden."))
    booking = one_off_offer(
        pupil=pupil, by=by, starts_at=starts_at, guardians=informed_guardians(pupil), minutes=minutes, form=form,
        kind=RoundKind.START, title=_("Kennismakingsgesprek"), goal=_("Kennismaken met u en uw kind."),
        initiated_by=Initiator.SCHOOL,
    )  # fmt: skip
    notice_send(guardians=informed_guardians(pupil), source=f"conversations.intake:{booking.pk}",
                text_for=lambda g: _notice_text(pupil, g))  # fmt: skip
    return booking
