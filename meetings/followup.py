"""Follow-up of priority parents who did not answer: the teacher's call, with its outcome."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.followup import SESSION_OUTCOMES

from .models import FollowUp


def followup_record(*, invitation, outcome, note="", by):
    """Record a personal contact; `by` is staff of the invitation's school."""
    if by.school_id != invitation.session.school_year.school_id:
        raise PermissionDenied
    if outcome not in SESSION_OUTCOMES:
        raise ValidationError(_("Kies een uitkomst."))
    return FollowUp.objects.create(invitation=invitation, outcome=outcome, note=note.strip()[:500], by=by)
