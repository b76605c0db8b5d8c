"""The reach dashboard at size (issue 16): the figures stay whole, the not-reached list is paged
(50 a page) and can be filtered on group, need and follow-up; the filters survive paging and
recording a follow-up; the page stays small and its queries bounded however many families."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reach import selectors
from reach.models import ReachFollowUp
from tests import factories as f

PER_PAGE = selectors.NOT_REACHED_PER_PAGE


def silent_families(world, n):
    """`n` guardians nobody reached, in groups 3 and 5/6 by turn; every third needs an interpreter,
    every fourth has a follow-up already."""
    for i in range(n):
        pupil = f.PupilFactory(school=world.school_a)
        group = world.group_3 if i % 2 else world.group_56
        f.EnrollmentFactory(pupil=pupil, group=group, year_level=3 if i % 2 else 5)
        guardian = f.GuardianFactory(school=world.school_a, needs_interpreter=i % 3 == 0, language="ar")
        f.GuardianOfFactory(guardian=guardian, pupil=pupil)
        if i % 4 == 0:
            ReachFollowUp.objects.create(school_year=world.year_a, guardian=guardian, outcome="called", by=world.iris)


def shown(body) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr data-guardian="(\d+)"', body)]


def page(client, world, **query):
    response = client.get(reverse("reach:dashboard_year", args=[world.year_a.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


def expected(world, **filters) -> set[int]:
    data = selectors.dashboard(year=world.year_a)
    return {family.guardian.pk for family in selectors.not_reached_filtered(data, **filters)}


def test_the_not_reached_list_is_paged_and_every_family_is_on_one_page(world, login_as):
    silent_families(world, 120)
    client = login_as(world.iris)
    everyone = expected(world)
    pages = [shown(page(client, world, pagina=n)) for n in (1, 2, 3)]
    assert [len(p) for p in pages] == [PER_PAGE, PER_PAGE, len(everyone) - 2 * PER_PAGE]
    assert sorted(pk for p in pages for pk in p) == sorted(everyone)
    body = page(client, world)
    assert f"{len(everyone)} gezinnen niet bereikt" in body  # the heading counts them all
    assert 'id="not-reached-pages"' in body and "pagina=3#niet-bereikt" in body


def test_the_filters_survive_paging(world, login_as):
    silent_families(world, 130)
    client = login_as(world.iris)
    group = world.group_56.pk
    in_group = expected(world, groep=group)
    assert PER_PAGE < len(in_group) <= 2 * PER_PAGE
    first = page(client, world, groep=group)
    assert f"groep={group}&amp;pagina=2#niet-bereikt" in first  # the page links keep the filter
    assert f'<option value="{group}" selected>' in first
    second = page(client, world, groep=group, pagina=2)
    assert set(shown(first)) | set(shown(second)) == in_group and not set(shown(first)) & set(shown(second))
    assert f"{len(in_group)} gezinnen met deze filters" in second


def test_need_and_follow_up_filters_narrow_the_list(world, login_as):
    silent_families(world, 40)
    client = login_as(world.iris)
    open_interpreter = expected(world, behoefte="interpreter", opvolging="open")
    assert open_interpreter and open_interpreter < expected(world)
    assert set(shown(page(client, world, behoefte="interpreter", opvolging="open"))) == open_interpreter
    assert set(shown(page(client, world, opvolging="done"))) == expected(world, opvolging="done")
    assert len(shown(page(client, world, groep="geen-getal", behoefte="magic"))) == min(PER_PAGE, len(expected(world)))


def test_recording_a_follow_up_returns_to_the_same_filtered_page(world, login_as):
    silent_families(world, 130)
    client = login_as(world.iris)
    group = world.group_56.pk
    guardian = shown(page(client, world, groep=group, pagina=2))[0]
    body = page(client, world, groep=group, pagina=2)
    assert f'<input type="hidden" name="groep" value="{group}">' in body
    response = client.post(
        reverse("reach:followup_add", args=[world.year_a.pk, guardian]),
        {"outcome": "home_visit", "groep": group, "pagina": 2, "behoefte": "<script>"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?groep={group}&behoefte=%3Cscript%3E&pagina=2#niet-bereikt")


def test_the_page_stays_small_for_many_families(world, login_as):
    silent_families(world, 60)
    client = login_as(world.iris)
    small = len(page(client, world).encode())
    silent_families(world, 340)  # 400 families nobody reached
    large = len(page(client, world).encode())
    assert large < 200_000 and large < small * 1.1, (small, large)


def test_the_paged_and_filtered_page_costs_the_same_queries_for_a_small_and_a_large_school(
    world, login_as, django_assert_max_num_queries
):
    silent_families(world, 3)
    client = login_as(world.iris)
    query = {"groep": world.group_56.pk, "behoefte": "interpreter", "pagina": 2}
    with CaptureQueriesContext(connection) as small:
        page(client, world, **query)
    silent_families(world, 250)
    with django_assert_max_num_queries(len(small.captured_queries)):
        body = page(client, world, **query)
    assert shown(body)
