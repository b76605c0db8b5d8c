"""Who may read and change a pupil's development data, and the log of every read and change.

The most sensitive data of the app (issue 6, privacy): only

- the pupil's current group teachers,
- the IB and leadership of the pupil's school,
- the pupil's guardians with parental authority or a right to information (GuardianOf
  has_parental_authority or receives_information; art. 1:377c BW), and only while a teacher or the
  IB has published the view (Publication).

Nobody else: not a school admin without IB/leadership role, not a board admin, not a teacher of
another group or another school. These rules narrow the school scoping
(ouderbetrokkenheid.accounts.selectors: `school_pupils`, `group_pupils`) rather than repeat it, and
follow its getter convention: `pupils_visible_to(actor)` and `pupil_for(actor, id)` for reading,
`pupils_changeable_by(staff)` and `changeable_pupil_for(actor, id)` for changing,
`groups_visible_to(staff)` and `group_for(staff, id)` for the group table; the getters raise
Http404 for "not yours" (the lookup is the check).
"""

from django.db.models import Q

from ouderbetrokkenheid.accounts.selectors import (
    as_actor,
    get_or_404,
    group_pupils,
    own_groups,
    school_groups,
    school_pupils,
)
from ouderbetrokkenheid.school.models import Group, Guardian, GuardianOf, Pupil, Staff

from .models import AccessLogEntry


def is_reader_staff(staff) -> bool:
    """IB or leadership: reads every pupil of the own school."""
    return bool(staff and (staff.is_ib or staff.is_leadership))


def pupils_changeable_by(staff, *, day=None):
    """Pupils whose development data this staff member may read and change: the school scoping's
    pupils of the own school for IB and leadership, of the own groups for a teacher; nobody for a
    school admin (beheer) without those roles, nor for anyone who is not staff."""
    if is_reader_staff(staff):
        return school_pupils(staff)
    if staff is not None and staff.is_teacher:
        return group_pupils(staff, day=day)
    return Pupil.objects.none()


def pupils_visible_to(user_or_actor, *, day=None):
    """Pupils whose development view this user may read: those they may change (staff), and a
    guardian's children with parental authority or a right to information, while published."""
    actor = as_actor(user_or_actor)
    if not actor.is_authenticated:
        return Pupil.objects.none()
    pupils = Pupil.objects.none()
    if actor.staff:
        pupils |= pupils_changeable_by(actor.staff, day=day)
    if actor.guardian:
        links = GuardianOf.objects.filter(guardian=actor.guardian).filter(
            Q(has_parental_authority=True) | Q(receives_information=True)
        )
        pupils |= Pupil.objects.filter(pk__in=links.values("pupil_id"), development_publication__isnull=False)
    return pupils


def may_read(user_or_actor, pupil) -> bool:
    return pupils_visible_to(user_or_actor).filter(pk=pupil.pk).exists()


def may_change(user_or_actor, pupil) -> bool:
    """Staff who may read a pupil may also record and correct; guardians never."""
    staff = as_actor(user_or_actor).staff
    return staff is not None and pupils_changeable_by(staff).filter(pk=pupil.pk).exists()


def may_manage_school(user_or_actor) -> bool:
    """Import, level tables, route table and settings: the IB and leadership of the school."""
    return is_reader_staff(as_actor(user_or_actor).staff)


def may_read_log(user_or_actor) -> bool:
    staff = as_actor(user_or_actor).staff
    return bool(staff and staff.is_leadership)


def pupil_for(user_or_actor, pupil_id):
    """A pupil whose development view this user may read; 404 for anyone else."""
    return get_or_404(pupils_visible_to(user_or_actor).select_related("school"), pupil_id)


def changeable_pupil_for(user_or_actor, pupil_id):
    """A pupil this staff member may change; 404 for anyone else (guardians included)."""
    staff = as_actor(user_or_actor).staff
    return get_or_404(pupils_changeable_by(staff).select_related("school"), pupil_id)


def groups_visible_to(staff, *, day=None):
    """Current groups whose development table this staff member may read: the school's (IB,
    leadership), their own (a teacher); none for anyone else."""
    if is_reader_staff(staff):
        return school_groups(staff, day=day)
    if staff is not None and staff.is_teacher:
        return own_groups(staff, day=day)
    return Group.objects.none()


def group_for(staff, group_id):
    return get_or_404(groups_visible_to(staff).select_related("school_year__school"), group_id)


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
