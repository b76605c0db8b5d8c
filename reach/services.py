"""Writes of the reach dashboard: the school's follow-up of a family not reached.
(Interpreters: reach.interpreters; buddies: reach.buddies.)"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.followup import REACH_OUTCOMES

from .models import ReachFollowUp


def reach_followup_record(*, year, guardian, outcome: str, by, note: str = "") -> ReachFollowUp:
    if outcome not in REACH_OUTCOMES:
        raise ValidationError(_("Kies een uitkomst."))
    if guardian.school_id != year.school_id or by.school_id != year.school_id:
        raise ValidationError(_("Deze ouder hoort niet bij deze school."))
    return ReachFollowUp.objects.create(school_year=year, guardian=guardian, outcome=outcome, by=by,
                                        note=(note or "").strip()[:500])  # fmt: skip
