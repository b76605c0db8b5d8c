"""Reads for the staff pages: querysets that start from the user's scope, loaded for the page.

Every function here runs a fixed number of queries, whatever the size of the school.
"""

from collections import defaultdict

from django.db.models import Count, Prefetch, prefetch_related_objects

from ouderbetrokkenheid.accounts.selectors import groups_visible_to, schools_visible_to
from ouderbetrokkenheid.school.languages import language_name
from ouderbetrokkenheid.school.models import Enrollment, GuardianOf, Staff
from reach.buddies import pairs_for_guardians


def teachers_prefetch():
    return Prefetch("teachers", queryset=Staff.objects.order_by("last_name", "first_name"))


def with_overview(groups, day):
    """Groups with their school, teachers, and today's pupil count and year levels (three queries)."""
    groups = list(
        groups.select_related("school_year__school")
        .prefetch_related(teachers_prefetch())
        .order_by("school_year__school__name", "name")
    )
    counts = defaultdict(dict)
    rows = (
        Enrollment.objects.current(day)
        .filter(group__in=[group.pk for group in groups])
        .values_list("group_id", "year_level")
        .annotate(pupils=Count("pk"))
    )
    for group_id, year_level, pupils in rows:
        counts[group_id][year_level] = pupils
    for group in groups:
        group.year_levels = sorted(counts[group.pk])
        group.pupil_count = sum(counts[group.pk].values())
    return groups


def teacher_groups(actor, day):
    """The groups this teacher teaches in the school year running on `day`."""
    return with_overview(groups_visible_to(actor, day=day).filter(teachers=actor.staff), day)


def teacher_pupils(actor, day):
    """Today's enrollments in the teacher's groups: one row per pupil, sorted by group and name."""
    groups = groups_visible_to(actor, day=day).filter(teachers=actor.staff)
    return (
        Enrollment.objects.current(day)
        .filter(group__in=groups)
        .select_related("pupil", "group")
        .order_by("group__name", "pupil__last_name", "pupil__first_name")
    )


def schools_with_groups(actor, day):
    """The schools this person oversees, each with `.current_groups` (for IB, leadership, board)."""
    schools = list(schools_visible_to(actor).order_by("name"))
    by_school = defaultdict(list)
    for group in with_overview(groups_visible_to(actor, day=day), day):
        by_school[group.school_year.school_id].append(group)
    for school in schools:
        school.current_groups = by_school[school.pk]
    return schools


def guardian_links():
    """A pupil's guardians with the link's relationship, authority and invitation wishes."""
    return Prefetch(
        "guardian_links",
        queryset=GuardianOf.objects.select_related("guardian").order_by("guardian__last_name", "guardian__first_name"),
    )


def label_languages(links):
    for link in links:
        link.guardian.language_name = language_name(link.guardian.language)


def group_roster(group, day):
    """Today's enrollments of a group with each pupil's guardians; the group's teachers."""
    prefetch_related_objects([group], teachers_prefetch())
    roster = list(
        Enrollment.objects.current(day)
        .filter(group=group)
        .select_related("pupil")
        .prefetch_related(Prefetch("pupil__guardian_links", queryset=guardian_links().queryset))
        .order_by("pupil__last_name", "pupil__first_name")
    )
    links = [link for enrollment in roster for link in enrollment.pupil.guardian_links.all()]
    label_languages(links)
    label_buddies(links)
    return roster


def label_buddies(links):
    """Set `.buddy_name` on each guardian who has an active buddy pair (issue 8: the teacher sees
    the pair). One query for the whole roster."""
    guardians = {link.guardian.pk: link.guardian for link in links}
    buddies = {pair.guardian_id: pair.buddy.full_name for pair in pairs_for_guardians(guardians)}
    for guardian in guardians.values():
        guardian.buddy_name = buddies.get(guardian.pk, "")


def load_pupil_page(pupil):
    """Load what the pupil page shows onto an already access-checked pupil."""
    history = Enrollment.objects.select_related("group__school_year").order_by("-start_date")
    prefetch_related_objects([pupil], "school", Prefetch("enrollments", queryset=history), guardian_links())
    label_languages(pupil.guardian_links.all())
    label_buddies(pupil.guardian_links.all())
    return pupil
