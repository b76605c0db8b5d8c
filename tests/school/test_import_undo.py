"""Any import can be undone: the import history keeps what an import changed; leadership undoes the last one."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from ouderbetrokkenheid.school.importing import ImportFailed
from ouderbetrokkenheid.school.importing.history import undo_import
from ouderbetrokkenheid.school.models import Enrollment, Group, Guardian, GuardianOf, ImportRun, Pupil, Staff
from tests import factories as f

from .conftest import TODAY
from .exports import pupil, staff, staff_csv, to_csv

HISTORY, UNDO = reverse("staffpages:import_history"), reverse("staffpages:import_undo")
LATER = TODAY + datetime.timedelta(days=7)


def dump(school):
    """Every row an import can touch, as plain values, for comparing before and after."""
    users = get_user_model().objects.filter(staff__school=school)
    return {
        "groups": list(Group.objects.filter(school_year__school=school).order_by("pk").values()),
        "teaching": list(
            Group.teachers.through.objects.filter(group__school_year__school=school).order_by("pk").values()
        ),
        "users": list(users.order_by("pk").values("pk", "email", "password", "is_active")),
        "staff": list(Staff.objects.filter(school=school).order_by("pk").values()),
        "pupils": list(Pupil.objects.filter(school=school).order_by("pk").values()),
        "guardians": list(Guardian.objects.filter(school=school).order_by("pk").values()),
        "enrollments": list(Enrollment.objects.filter(pupil__school=school).order_by("pk").values()),
        "links": list(GuardianOf.objects.filter(pupil__school=school).order_by("pk").values()),
    }


def first_export():
    return to_csv(
        [
            pupil(leerlingnummer="1", groep="3", leerjaar="3"),
            pupil(leerlingnummer="1", groep="3", leerjaar="3", verzorgernummer="2", verzorger_voornaam="Karim",
                  email="karim@example.nl", mobiel="", relatie="vader"),
            pupil(leerlingnummer="2", roepnaam="Lotte", groep="3", leerjaar="3", guardian=False),
            pupil(leerlingnummer="3", roepnaam="Sem", groep="4", leerjaar="4", guardian=False),
        ]
    )  # fmt: skip


def second_export():
    """Every kind of change: new pupil, group and guardian, a move, a changed e-mail, an unlinked
    guardian, a leaver (Lotte), a new staff member with groups, a changed role."""
    return to_csv(
        [
            pupil(leerlingnummer="1", groep="4", leerjaar="4", email="nieuw@example.nl"),
            pupil(leerlingnummer="3", roepnaam="Sem", groep="4", leerjaar="4", guardian=False),
            pupil(leerlingnummer="4", roepnaam="Noor", groep="5", leerjaar="5", verzorgernummer="9",
                  verzorger_voornaam="Ilse", email="ilse@example.nl"),
        ]
    )  # fmt: skip


@pytest.fixture
def imported(run_import, school):
    run_import(first_export(), staff_csv([staff(rollen="leerkracht", groepen="3")]))
    return dump(school)


def test_after_import_and_undo_the_data_equals_the_data_before(run_import, school, imported):
    team = staff_csv([staff(rollen="leerkracht,ib", groepen="4"), staff(email="n@school.nl", groepen="5")])
    report = run_import(second_export(), team, today=LATER, confirm_leavers=1)
    assert len(report.new) >= 4 and report.changed and report.ended
    assert dump(school) != imported
    run = ImportRun.objects.filter(school=school).first()
    assert set(run.changes) == {"group", "user", "staff", "teaching", "pupil", "guardian", "enrollment", "link"}
    undo_import(run=run, user=None)
    assert dump(school) == imported
    run.refresh_from_db()
    assert run.undone_at is not None


def test_undo_brings_back_an_enrollment_the_import_removed(run_import, school):
    first_day = school.years.get().first_day
    run_import(to_csv([pupil(), pupil(leerlingnummer="2", guardian=False)]), today=first_day)
    before = dump(school)
    run_import(to_csv([pupil()]), today=first_day, confirm_leavers=1)  # started today: removed, not ended
    assert not Enrollment.objects.filter(pupil__external_id="2").exists()
    undo_import(run=ImportRun.objects.filter(school=school).first(), user=None)
    assert dump(school) == before


def test_only_the_last_import_can_be_undone_and_only_once(run_import, school, imported):
    first = ImportRun.objects.get(school=school)
    run_import(second_export(), today=LATER, confirm_leavers=1)
    with pytest.raises(ImportFailed, match="Alleen de laatste import"):
        undo_import(run=first, user=None)
    last = ImportRun.objects.filter(school=school).first()
    undo_import(run=last, user=None)
    with pytest.raises(ImportFailed, match="al teruggedraaid"):
        undo_import(run=last, user=None)


def test_a_dry_run_or_an_import_without_changes_is_not_kept(run_import, school, imported):
    run_import(second_export(), today=LATER, dry_run=True)
    run_import(first_export(), staff_csv([staff(rollen="leerkracht", groepen="3")]))
    assert ImportRun.objects.filter(school=school).count() == 1


def test_undo_refuses_when_the_data_was_changed_since(run_import, school, imported):
    run_import(second_export(), today=LATER, confirm_leavers=1)
    Guardian.objects.filter(school=school, external_id="55120").update(email="met.de.hand@example.nl")
    after = dump(school)
    with pytest.raises(ImportFailed, match="Sinds deze import zijn gegevens"):
        undo_import(run=ImportRun.objects.filter(school=school).first(), user=None)
    assert dump(school) == after


def test_undo_refuses_when_something_was_linked_to_a_new_pupil_since(run_import, school, imported):
    run_import(second_export(), today=LATER, confirm_leavers=1)
    noor = Pupil.objects.get(school=school, external_id="4")
    f.GuardianOfFactory(pupil=noor, guardian=Guardian.objects.get(school=school, external_id="2"))
    after = dump(school)
    with pytest.raises(ImportFailed, match="sindsdien iets gekoppeld"):
        undo_import(run=ImportRun.objects.filter(school=school).first(), user=None)
    assert dump(school) == after


# The history page and undo in the browser (the personas' world: Lea is leadership of school A).


def world_import(world, today=None):
    from ouderbetrokkenheid.school.importing import import_export

    rows = [pupil(leerlingnummer="70001", groep="3", leerjaar="3")]
    return import_export(
        school=world.school_a, pupils=to_csv(rows), dry_run=False, confirm_leavers=2, user=world.lea.user
    )


def test_leadership_sees_the_history_and_undoes_the_last_import(world, login_as, django_assert_max_num_queries):
    before = dump(world.school_a)
    world_import(world)
    client = login_as(world.lea)
    with django_assert_max_num_queries(12):
        page = client.get(HISTORY)
    html = page.content.decode()
    run = ImportRun.objects.get(school=world.school_a)
    assert run.started_by == world.lea.user and run.source == "command"
    assert "1 nieuwe leerling" in html and "lea@a.example.nl" in html and 'id="import-undo"' in html

    refused = client.post(UNDO, {"run": run.pk}, follow=True)
    assert "Vink aan dat u deze import wilt terugdraaien." in refused.content.decode()
    assert Pupil.objects.filter(external_id="70001").exists()

    done = client.post(UNDO, {"run": run.pk, "confirm": "on"}, follow=True)
    html = done.content.decode()
    assert "De import is teruggedraaid" in html and "data-undone" in html and 'id="import-undo"' not in html
    assert dump(world.school_a) == before


def test_leadership_of_another_school_cannot_undo_it(world, login_as):
    world_import(world)
    run = ImportRun.objects.get(school=world.school_a)
    client = login_as(world.lars)
    assert str(run.summary) not in client.get(HISTORY).content.decode()
    response = client.post(UNDO, {"run": run.pk, "confirm": "on"}, follow=True)
    assert "Deze import bestaat niet" in response.content.decode()
    assert ImportRun.objects.get(pk=run.pk).undone_at is None


@pytest.mark.parametrize("who", ["tess", "iris", "anna", "bea"])
def test_others_cannot_see_the_history_or_undo(world, login_as, who):
    world_import(world)
    run = ImportRun.objects.get(school=world.school_a)
    client = login_as(getattr(world, who))
    assert client.get(HISTORY).status_code == 403
    assert client.post(UNDO, {"run": run.pk, "confirm": "on"}).status_code == 403
    assert ImportRun.objects.get(pk=run.pk).undone_at is None


def test_a_school_admin_sees_the_history_but_cannot_undo(world, login_as):
    world_import(world)
    admin = f.StaffFactory(school=world.school_a, is_admin=True)
    client = login_as(admin)
    assert 'id="import-undo"' not in client.get(HISTORY).content.decode()
    assert client.post(UNDO, {"run": ImportRun.objects.get().pk, "confirm": "on"}).status_code == 403


def test_the_browser_import_is_kept_with_who_applied_it(world, login_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login_as(world.lea)
    rows = [pupil(leerlingnummer="70001", groep="3", leerjaar="3"), pupil(leerlingnummer="70002", guardian=False)]
    preview = client.post(reverse("staffpages:import"), {"pupils": SimpleUploadedFile("l.csv", to_csv(rows))})
    initial = preview.context["form"].initial
    data = {"fingerprint": initial["fingerprint"], "leavers": initial["leavers"]}
    refused = client.post(reverse("staffpages:import_apply"), data)
    assert "bevestig eerst hoeveel leerlingen" in refused.content.decode()
    assert not ImportRun.objects.exists() and not Pupil.objects.filter(external_id="70001").exists()
    client.post(reverse("staffpages:import_apply"), data | {"confirm_leavers": "on"})
    run = ImportRun.objects.get()
    assert (run.school, run.started_by, run.source) == (world.school_a, world.lea.user, "browser")
