"""Who may read and change a pupil's development data, and the log of every read and change.

The most sensitive data of the app (issue 6, privacy): only

- the pupil's current group teachers,
- the IB and leadership of the pupil's school,
- the pupil's guardians with parental authority or a right to information (GuardianOf
  has_parental_authority or receives_information; art. 1:377c BW), and only while a teacher or the
  IB has published the view (Publication).

Nobody else: not a school admin without IB/leadership role, not a board admin, not a teacher of
another group or another school. Getters raise Http404 for "not yours" (the lookup is the check).
"""

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from ouderbetrokkenheid.accounts.access import Actor
from ouderbetrokkenheid.school.models import Enrollment, Guardian, GuardianOf, Pupil, Staff

from .models import AccessLogEntry


def as_actor(user_or_actor):
    return user_or_actor if isinstance(user_or_actor, Actor) else Actor(user_or_actor)


def is_reader_staff(staff) -> bool:
    """IB or leadership: reads every pupil of the own school."""
    return bool(staff and (staff.is_ib or staff.is_leadership))


def _staff_scope(staff, day):
    if is_reader_staff(staff):
        return Q(school_id=staff.school_id)
    if staff.is_teacher:
        current = Enrollment.objects.current(day).filter(group__teachers=staff, pupil__school_id=staff.school_id)
        return Q(pk__in=current.values("pupil_id"))
    return None


def staff_pupils(staff, *, day=None):
    """Pupils whose development data this staff member may read and change."""
    scope = _staff_scope(staff, day or timezone.localdate()) if staff else None
    return Pupil.objects.filter(scope) if scope is not None else Pupil.objects.none()


def pupils_readable_by(user_or_actor, *, day=None):
    """Pupils whose development view this user may read (staff scope, or published to a guardian)."""
    actor = as_actor(user_or_actor)
    if not actor.is_authenticated:
        return Pupil.objects.none()
    scopes = []
    if actor.staff:
        scope = _staff_scope(actor.staff, day or timezone.localdate())
        if scope is not None:
            scopes.append(scope)
    if actor.guardian:
        links = GuardianOf.objects.filter(guardian=actor.guardian).filter(
            Q(has_parental_authority=True) | Q(receives_information=True)
        )
        scopes.append(Q(pk__in=links.values("pupil_id"), development_publication__isnull=False))
    if not scopes:
        return Pupil.objects.none()
    combined = scopes[0]
    for scope in scopes[1:]:
        combined |= scope
    return Pupil.objects.filter(combined)


def may_read(user_or_actor, pupil) -> bool:
    return pupils_readable_by(user_or_actor).filter(pk=pupil.pk).exists()


def may_change(user_or_actor, pupil) -> bool:
    """Staff who may read a pupil may also record and correct; guardians never."""
    staff = as_actor(user_or_actor).staff
    return staff is not None and staff_pupils(staff).filter(pk=pupil.pk).exists()


def may_manage_school(user_or_actor) -> bool:
    """Import, level tables, route table and settings: the IB and leadership of the school."""
    return is_reader_staff(as_actor(user_or_actor).staff)


def may_read_log(user_or_actor) -> bool:
    staff = as_actor(user_or_actor).staff
    return bool(staff and staff.is_leadership)


def _get_or_404(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (Pupil.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def pupil_for_reader(user_or_actor, pupil_id):
    return _get_or_404(pupils_readable_by(user_or_actor).select_related("school"), pupil_id)


def pupil_for_staff(user_or_actor, pupil_id):
    """A pupil this staff member may change; 404 for anyone else (guardians included)."""
    staff = as_actor(user_or_actor).staff
    return _get_or_404(staff_pupils(staff).select_related("school"), pupil_id)


def _who(actor):
    """(staff, guardian) behind an Actor, a user, a Staff or a Guardian."""
    if isinstance(actor, Staff):
        return actor, None
    if isinstance(actor, Guardian):
        return None, actor
    actor = as_actor(actor)
    return actor.staff, (actor.guardian if actor.staff is None else None)


def log_access(*, actor, pupil, action, what="", school=None, as_guardian=False):
    """Write who read or changed what. `actor`: Actor, user, Staff or Guardian. A user who is staff
    and guardian is logged as staff unless `as_guardian` (reading their own child's published view)."""
    staff, guardian = _who(actor)
    if as_guardian and not isinstance(actor, (Staff, Guardian)):
        staff, guardian = None, as_actor(actor).guardian
    return AccessLogEntry.objects.create(
        school_id=school.pk if school is not None else pupil.school_id,
        pupil=pupil,
        staff=staff,
        guardian=guardian,
        action=action,
        what=what[:200],
    )
