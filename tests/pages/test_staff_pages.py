"""Staff pages: "Mijn groepen", the group page and the pupil page, per persona."""

import datetime

from django.urls import reverse

from tests import factories as f


def home(client):
    return client.get(reverse("staffpages:home"))


def group_page(client, group):
    return client.get(reverse("staffpages:group", args=[group.pk]))


def pupil_page(client, pupil):
    return client.get(reverse("staffpages:pupil", args=[pupil.pk]))


def test_teacher_home_lists_own_groups_and_pupils(world, login_as):
    response = home(login_as(world.tess))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Groep 3" in page and "Pim Prins" in page
    assert "5/6" not in page and "Bo Bakker" not in page
    assert "Het Kompas" not in page


def test_teacher_home_shows_year_levels_count_and_teachers_of_a_group(world, login_as):
    f.EnrollmentFactory(group=world.group_3, year_level=4, pupil__school=world.school_a)
    second = f.StaffFactory(school=world.school_a, first_name="Duo", last_name="Collega")
    world.group_3.teachers.add(second)
    group = home(login_as(world.tess)).context["my_groups"][0]
    assert (group.year_levels, group.pupil_count) == ([3, 4], 2)
    assert {t.first_name for t in group.teachers.all()} == {"Tess", "Duo"}


def test_teacher_sees_group_pupils_and_guardians_with_their_needs(world, login_as):
    world.anna.language, world.anna.needs_interpreter, world.anna.prefers_simple_dutch = "ar", True, True
    world.anna.save()
    world.anna.children_links.update(invite_separately=True)
    response = group_page(login_as(world.tess), world.group_3)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Pim Prins" in page and "Anna Prins" in page and "anna@example.nl" in page
    assert "Tolk nodig (Arabisch)" in page
    assert "Eenvoudig Nederlands" in page and "Apart uitnodigen" in page
    assert "Gezag: ja" in page and "moeder" in page
    assert "Bo Bakker" not in page


def test_group_page_marks_lateral_entrants_and_unreachable_guardians(world, login_as):
    world.pim.enrollments.update(is_lateral_entrant=True)
    world.anna.email = ""
    world.anna.save()
    nobody = f.GuardianFactory(school=world.school_a, email="", mobile="", last_name="Onbereikbaar")
    f.GuardianOfFactory(guardian=nobody, pupil=world.pim)
    page = group_page(login_as(world.tess), world.group_3).content.decode()
    assert "zij-instromer" in page
    assert "Alleen mobiel" in page
    assert "Geen e-mail of mobiel bekend" in page


def test_group_page_leaves_out_pupils_who_left(world, login_as):
    world.pim.enrollments.update(end_date=datetime.date.today())
    page = group_page(login_as(world.tess), world.group_3).content.decode()
    assert "Pim Prins" not in page


def test_teacher_of_another_group_gets_404_on_the_group_and_its_pupil(world, login_as):
    client = login_as(world.otto)
    assert group_page(client, world.group_3).status_code == 404
    assert pupil_page(client, world.pim).status_code == 404


def test_staff_of_another_school_gets_404(world, login_as):
    for person in (world.sven, world.lars):
        client = login_as(person)
        assert group_page(client, world.group_3).status_code == 404
        assert pupil_page(client, world.pim).status_code == 404


def test_guardian_cannot_open_staff_pages(world, login_as):
    client = login_as(world.anna)
    assert home(client).status_code == 403
    assert pupil_page(client, world.pim).status_code == 403


def test_ib_and_leadership_see_the_whole_school(world, login_as):
    for person in (world.iris, world.lea):
        client = login_as(person)
        page = home(client).content.decode()
        assert "Groep 3" in page and "Groep 5/6" in page and "Het Kompas" not in page
        assert group_page(client, world.group_56).status_code == 200
        assert pupil_page(client, world.pim).status_code == 200
        assert group_page(client, world.group_b).status_code == 404


def test_board_admin_sees_both_schools_with_their_groups(world, login_as):
    client = login_as(world.bea)
    response = home(client)
    schools = response.context["schools"]
    assert [s.name for s in schools] == ["De Regenboog", "Het Kompas"]
    assert [g.name for g in schools[0].current_groups] == ["3", "5/6"]
    assert [g.name for g in schools[1].current_groups] == ["3"]
    assert group_page(client, world.group_b).status_code == 200
    assert pupil_page(client, world.kai).status_code == 200


def test_pupil_page_shows_enrollment_history_and_guardians(world, login_as):
    last_year = f.SchoolYearFactory(
        school=world.school_a,
        first_day=world.year_a.first_day - datetime.timedelta(days=364),
        last_day=world.year_a.first_day - datetime.timedelta(days=30),
    )
    f.EnrollmentFactory(
        pupil=world.pim,
        group=f.GroupFactory(school_year=last_year, name="2"),
        year_level=2,
        end_date=world.year_a.first_day,
    )
    response = pupil_page(login_as(world.tess), world.pim)
    assert response.status_code == 200
    page = response.content.decode()
    assert [e.year_level for e in response.context["pupil"].enrollments.all()] == [3, 2]
    assert "Anna Prins" in page and "anna@example.nl" in page and world.anna.mobile in page
    assert "De Regenboog" in page
