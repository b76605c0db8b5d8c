"""Querysets that start from what a user may see, and access-checked getters.

The convention every app follows (in its own `selectors.py`):

- `<nouns>_visible_to(actor)` → a queryset of what the actor may see (for lists);
- `<noun>_for(actor, id)` → that one object, or Http404 for "does not exist" and "not yours"
  alike (the scoped lookup is the check), built on `get_or_404(<nouns>_visible_to(actor), id)`.

`actor` is a user or an `Actor` (a Staff or a Guardian where a getter serves one audience only).
Apps with stricter rules narrow these querysets instead of repeating them (development/access.py).

A teacher sees the pupils currently in their groups (and those pupils' guardians);
IB, leadership and school admins their school; a board admin the board's schools;
a guardian their own children. Getters raise Http404 for "does not exist" and
"not yours" alike, so outsiders learn nothing.
"""

from django.http import Http404
from django.utils import timezone

from ouderbetrokkenheid.school.models import Enrollment, Group, Guardian, Pupil, School, running_or_next_q

from .access import Actor


def as_actor(user):
    """An `Actor` for a user (an Actor is returned as it is)."""
    return user if isinstance(user, Actor) else Actor(user)


def schools_visible_to(user):
    actor = as_actor(user)
    if actor.board_admin:
        return School.objects.filter(board_id=actor.board_admin.board_id)
    if actor.staff:
        return School.objects.filter(pk=actor.staff.school_id)
    return School.objects.none()


def _running_groups(day):
    return Group.objects.filter(running_or_next_q(day or timezone.localdate(), "school_year__"))


def school_groups(staff, *, day=None):
    """The groups of the running school year of the staff member's (acting) school."""
    return _running_groups(day).filter(school_year__school_id=staff.school_id)


def own_groups(staff, *, day=None):
    """The groups of the running school year the staff member teaches."""
    return _running_groups(day).filter(teachers=staff)


def groups_visible_to(user, *, day=None):
    actor = as_actor(user)
    if actor.board_admin:
        return _running_groups(day).filter(school_year__school__board_id=actor.board_admin.board_id)
    if actor.staff and actor.staff.sees_whole_school:
        return school_groups(actor.staff, day=day)
    if actor.staff and actor.staff.is_teacher:
        return own_groups(actor.staff, day=day)
    return Group.objects.none()


def school_pupils(staff):
    """Every pupil of the staff member's (acting) school."""
    return Pupil.objects.filter(school_id=staff.school_id)


def group_pupils(staff, *, day=None):
    """The pupils now (on `day`) in the staff member's groups, of their own school only."""
    current = Enrollment.objects.current(day or timezone.localdate()).filter(
        group__teachers=staff, pupil__school_id=staff.school_id
    )
    return Pupil.objects.filter(pk__in=current.values("pupil_id"))


def pupils_visible_to(user, *, day=None):
    actor = as_actor(user)
    if actor.board_admin:
        return Pupil.objects.filter(school__board_id=actor.board_admin.board_id)
    if actor.staff and actor.staff.sees_whole_school:
        return school_pupils(actor.staff)
    if actor.staff and actor.staff.is_teacher:
        return group_pupils(actor.staff, day=day)
    if actor.guardian:
        return Pupil.objects.filter(guardian_links__guardian=actor.guardian)
    return Pupil.objects.none()


def guardians_visible_to(user, *, day=None):
    actor = as_actor(user)
    if actor.guardian and not actor.staff:
        return Guardian.objects.filter(pk=actor.guardian.pk)
    if actor.board_admin:
        return Guardian.objects.filter(school__board_id=actor.board_admin.board_id)
    if actor.staff and actor.staff.sees_whole_school:
        return Guardian.objects.filter(school_id=actor.staff.school_id)
    pupils = pupils_visible_to(actor, day=day)
    return Guardian.objects.filter(children_links__pupil__in=pupils).distinct()


def get_or_404(queryset, pk):
    """The object with this pk in the (scoped) queryset, or Http404; a malformed pk is a 404 too."""
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def pupil_for(user, pupil_id):
    return get_or_404(pupils_visible_to(user), pupil_id)


def group_for(user, group_id):
    return get_or_404(groups_visible_to(user).select_related("school_year__school"), group_id)


def guardian_for(user, guardian_id):
    return get_or_404(guardians_visible_to(user), guardian_id)
