"""Every page runs the same number of queries for a small school and one four times larger."""

from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ouderbetrokkenheid.school.models import BoardAdmin
from tests import factories as f

MAX_QUERIES = 10
# The parent's home also reads her open tasks (session invitations, bookings, opened rounds with
# her children's year levels, unread records: portal/tasks.py), a fixed four queries more.
MAX_QUERIES_FOR = {"parent portal home": 14}


@dataclass
class School:
    teacher: object
    leadership: object
    board_admin: object
    group: object
    pupil: object
    parent: object


def build_school(scale):
    """A board with two schools; the first has 2×scale groups of 3×scale pupils with two guardians each."""
    board = f.BoardFactory()
    schools = [f.SchoolFactory(board=board) for _ in range(2)]
    year = f.SchoolYearFactory(school=schools[0])
    f.SchoolYearFactory(school=schools[1])
    teacher = f.StaffFactory(school=schools[0])
    leadership = f.StaffFactory(school=schools[0], is_teacher=False, is_leadership=True)
    groups = [f.GroupFactory(school_year=year, name=str(n)) for n in range(1, 2 * scale + 1)]
    parent = None
    for group in groups:
        group.teachers.add(teacher, f.StaffFactory(school=schools[0]))
        for _ in range(3 * scale):
            pupil = f.EnrollmentFactory(group=group, pupil__school=schools[0], is_lateral_entrant=True).pupil
            for relationship in ("moeder", "vader"):
                guardian = f.GuardianFactory(school=schools[0], needs_interpreter=True, language="ar")
                f.GuardianOfFactory(guardian=guardian, pupil=pupil, relationship=relationship)
            if parent is None:
                parent = guardian
    f.GuardianOfFactory(guardian=parent, pupil=groups[-1].enrollments.first().pupil)  # two children
    board_admin = BoardAdmin.objects.create(user=f.UserFactory(), board=board)
    return School(teacher, leadership, board_admin, groups[0], groups[0].enrollments.first().pupil, parent)


PAGES = {
    "teacher home": ("teacher", lambda s: reverse("staffpages:home")),
    "leadership home": ("leadership", lambda s: reverse("staffpages:home")),
    "board admin home": ("board_admin", lambda s: reverse("staffpages:home")),
    "group page": ("teacher", lambda s: reverse("staffpages:group", args=[s.group.pk])),
    "pupil page": ("teacher", lambda s: reverse("staffpages:pupil", args=[s.pupil.pk])),
    "parent portal home": ("parent", lambda s: reverse("portal:home")),
}


def queries_for(login_as, school, page):
    who, url = PAGES[page]
    client = login_as(getattr(school, who))
    client.get(url(school))  # warm up: first-request work (content types, translations) is not the page's
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(school))
    assert response.status_code == 200, page
    return len(queries)


@pytest.mark.parametrize("page", PAGES)
def test_page_query_count_does_not_grow_with_the_school(page, db, login_as, django_assert_max_num_queries):
    small, large = build_school(1), build_school(4)
    assert large.group.enrollments.count() == 4 * small.group.enrollments.count()
    small_count = queries_for(login_as, small, page)
    large_count = queries_for(login_as, large, page)
    assert small_count == large_count, f"{page}: {small_count} queries for a small school, {large_count} for 4×"
    who, url = PAGES[page]
    client = login_as(getattr(large, who))
    with django_assert_max_num_queries(MAX_QUERIES_FOR.get(page, MAX_QUERIES)):
        client.get(url(large))
