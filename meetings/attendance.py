"""Attendance on the evening: a presenter ticks invited guardians and registers walk-ins.

Only staff of the session's school may do this; the check is part of the write (a conditional
update), so a presenter of another school changes nothing.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.text import strip_invisible

from .models import Invitation, WalkIn


def attendance_mark(*, invitation, attended: bool, by):
    """Set `invitation.attended`; `by` is the presenter (Staff) of the session's school."""
    changed = Invitation.objects.filter(pk=invitation.pk, session__school_year__school_id=by.school_id).update(
        attended=attended
    )
    if not changed:
        raise PermissionDenied
    invitation.attended = attended
    return invitation


@transaction.atomic
def walk_in_add(*, session, name, guardian=None, by):
    """Register someone who came without an invitation; an invited guardian is ticked instead."""
    school_id = session.school_year.school_id
    if by.school_id != school_id or (guardian is not None and guardian.school_id != school_id):
        raise PermissionDenied
    name = " ".join(strip_invisible(name).split())
    if not name and guardian is None:
        raise ValidationError(_("Vul een naam in."))
    if guardian is not None:
        invitation = Invitation.objects.filter(session=session, guardian=guardian).first()
        if invitation is not None:
            return attendance_mark(invitation=invitation, attended=True, by=by)
    return WalkIn.objects.create(session=session, name=name or guardian.full_name, guardian=guardian)
