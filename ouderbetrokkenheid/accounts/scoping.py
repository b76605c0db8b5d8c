"""Querysets that start from what a user may see, and access-checked getters.

A teacher sees the pupils currently in their groups (and those pupils' guardians);
IB, leadership and school admins their school; a board admin the board's schools;
a guardian their own children. Getters raise Http404 for "does not exist" and
"not yours" alike, so outsiders learn nothing.
"""

from django.http import Http404
from django.utils import timezone

from ouderbetrokkenheid.school.models import Enrollment, Group, Guardian, Pupil, School, running_or_next_q

from .access import Actor


def _actor(user):
    return user if isinstance(user, Actor) else Actor(user)


def schools_visible_to(user):
    actor = _actor(user)
    if actor.board_admin:
        return School.objects.filter(board_id=actor.board_admin.board_id)
    if actor.staff:
        return School.objects.filter(pk=actor.staff.school_id)
    return School.objects.none()


def groups_visible_to(user, *, day=None):
    actor = _actor(user)
    day = day or timezone.localdate()
    groups = Group.objects.filter(running_or_next_q(day, "school_year__"))
    if actor.board_admin:
        return groups.filter(school_year__school__board_id=actor.board_admin.board_id)
    if actor.staff and actor.staff.sees_whole_school:
        return groups.filter(school_year__school_id=actor.staff.school_id)
    if actor.staff and actor.staff.is_teacher:
        return groups.filter(teachers=actor.staff)
    return Group.objects.none()


def pupils_visible_to(user, *, day=None):
    actor = _actor(user)
    day = day or timezone.localdate()
    if actor.board_admin:
        return Pupil.objects.filter(school__board_id=actor.board_admin.board_id)
    if actor.staff and actor.staff.sees_whole_school:
        return Pupil.objects.filter(school_id=actor.staff.school_id)
    if actor.staff and actor.staff.is_teacher:
        current = Enrollment.objects.current(day).filter(group__teachers=actor.staff)
        return Pupil.objects.filter(pk__in=current.values("pupil_id"))
    if actor.guardian:
        return Pupil.objects.filter(guardian_links__guardian=actor.guardian)
    return Pupil.objects.none()


def guardians_visible_to(user, *, day=None):
    actor = _actor(user)
    if actor.guardian and not actor.staff:
        return Guardian.objects.filter(pk=actor.guardian.pk)
    if actor.board_admin:
        return Guardian.objects.filter(school__board_id=actor.board_admin.board_id)
    if actor.staff and actor.staff.sees_whole_school:
        return Guardian.objects.filter(school_id=actor.staff.school_id)
    pupils = pupils_visible_to(actor, day=day)
    return Guardian.objects.filter(children_links__pupil__in=pupils).distinct()


def _get_or_404(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def pupil_for_user(user, pupil_id):
    return _get_or_404(pupils_visible_to(user), pupil_id)


def group_for_user(user, group_id):
    return _get_or_404(groups_visible_to(user).select_related("school_year__school"), group_id)


def guardian_for_user(user, guardian_id):
    return _get_or_404(guardians_visible_to(user), guardian_id)


def school_for_user(user, school_id):
    return _get_or_404(schools_visible_to(user), school_id)
