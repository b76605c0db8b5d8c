"""'Aan de slag' (issue 13, point 17): leadership's checklist of a school's first steps, in order,
each done or not from the data, each linking to its page; for leadership of that school only."""

from django.urls import reverse
from django.utils import timezone

from messaging.models import Kind, LibraryEntry, LibraryText, WeekPlan
from ouderbetrokkenheid.staffpages.getting_started import getting_started
from yearplan.models import Publication

ORDER = [
    "Leerlingen, ouders en medewerkers importeren",
    "Rollen van medewerkers",
    "Berichtenbibliotheek en vertalingen",
    "Het jaar plannen",
    "De jaarkalender publiceren",
    "Het eerste weekplan goedkeuren",
]


def test_the_steps_come_in_order_and_show_what_the_data_says(world):
    year, steps = getting_started(world.school_a)
    assert year == world.year_a
    assert [str(step.title) for step in steps] == ORDER
    assert [step.done for step in steps] == [True, True, False, False, False, False]
    entry = LibraryEntry.objects.create(school=world.school_a, kind=Kind.TIP, year_level=3)
    LibraryText.objects.create(entry=entry, language="nl", text="Lees samen.")
    waiting = LibraryText.objects.create(entry=entry, language="ar", text="اقرأ")
    assert not getting_started(world.school_a)[1][2].done  # a translation still waits
    waiting.approved_at = timezone.now()
    waiting.save(update_fields=["approved_at"])
    Publication.objects.create(school_year=world.year_a, published_by=world.lea)
    WeekPlan.objects.create(group=world.group_3, week=timezone.localdate(), approved_at=timezone.now())
    assert [step.done for step in getting_started(world.school_a)[1]] == [True, True, True, False, True, True]


def test_leadership_sees_the_page_with_links_in_a_bounded_number_of_queries(
    world, login_as, django_assert_max_num_queries
):
    client = login_as(world.lea)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("staffpages:getting_started"))
    body = response.content.decode()
    assert response.status_code == 200
    positions = [body.index(title) for title in ORDER]
    assert positions == sorted(positions)
    for name in ("staffpages:import", "messaging:library", "messaging:week_overview"):
        assert f'href="{reverse(name)}"' in body
    assert "2 van de 6 zijn klaar" in body


def test_teachers_parents_and_another_school_do_not_see_it(world, login_as):
    url = reverse("staffpages:getting_started")
    assert login_as(world.tess).get(url).status_code == 403
    assert login_as(world.anna).get(url).status_code == 403
    body = login_as(world.lars).get(url).content.decode()  # leadership of school B sees its own school
    assert "Het Kompas" in body and "De Regenboog" not in body
