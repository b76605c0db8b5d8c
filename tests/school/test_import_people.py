"""People as they are: guardians with only a name are kept and show as 'niet bereikbaar'."""

import datetime

from django.urls import reverse

from messaging.channels.reachability import unreachable_guardians
from ouderbetrokkenheid.school.importing import import_export
from ouderbetrokkenheid.school.models import Guardian, GuardianOf, Pupil
from tests import factories as f

from .conftest import TODAY
from .exports import pupil, to_csv

NAME_ONLY = {
    "verzorgernummer": "",
    "verzorger_voornaam": "Jan",
    "verzorger_achternaam": "Smit",
    "email": "",
    "mobiel": "",
}


def test_a_guardian_with_only_a_name_is_kept_and_reported_as_not_reachable(run_import, school):
    report = run_import(to_csv([pupil(), pupil(**NAME_ONLY, relatie="vader")]))
    assert report.rejected == []  # was: "niet te herkennen", and the child had one guardian fewer
    jan = Guardian.objects.get(school=school, last_name="Smit")
    assert (jan.email, jan.mobile, jan.external_id) == ("", "", "")
    assert GuardianOf.objects.get(guardian=jan).relationship == "vader"
    assert "Jan Smit: niet bereikbaar" in "\n".join(str(entry) for entry in report.new)


def test_a_name_only_guardian_is_matched_again_and_not_rejected_at_the_next_import(run_import, school):
    data = to_csv([pupil(), pupil(**NAME_ONLY)])
    run_import(data)
    report = run_import(data, today=TODAY + datetime.timedelta(days=1))
    assert not report.has_changes and report.rejected == []
    assert Guardian.objects.filter(school=school).count() == 2


def test_a_name_only_guardian_gets_contact_details_when_the_export_has_them(run_import, school):
    run_import(to_csv([pupil(**NAME_ONLY)]))
    jan = Guardian.objects.get(school=school)
    report = run_import(
        to_csv([pupil(**NAME_ONLY | {"mobiel": "06-11112222"})]), today=TODAY + datetime.timedelta(days=1)
    )
    assert Guardian.objects.get(school=school).pk == jan.pk
    assert Guardian.objects.get(pk=jan.pk).mobile == "+31611112222"
    assert "mobiel (E.164): (leeg) → +31611112222" in "\n".join(str(entry) for entry in report.changed)


def test_name_only_guardians_of_two_families_are_never_merged(run_import, school):
    run_import(to_csv([pupil(**NAME_ONLY), pupil(leerlingnummer="2", **NAME_ONLY)]))
    smits = Guardian.objects.filter(school=school, last_name="Smit")
    assert smits.count() == 2
    assert all(guardian.children_links.count() == 1 for guardian in smits)


def test_an_imported_name_only_guardian_is_on_the_teachers_unreachable_list(world, login_as):
    rows = [pupil(leerlingnummer="70001", groep=world.group_3.name, leerjaar="3", **NAME_ONLY)]
    import_export(school=world.school_a, pupils=to_csv(rows), dry_run=False, confirm_leavers=2)
    jan = Guardian.objects.get(school=world.school_a, last_name="Smit")
    teacher = f.StaffFactory(school=world.school_a)
    world.group_3.teachers.add(teacher)
    assert jan in list(unreachable_guardians(teacher.user))
    page = login_as(teacher).get(reverse("messaging:unreachable")).content.decode()
    assert "Jan Smit" in page and Pupil.objects.get(external_id="70001").full_name in page
    assert "Geen e-mailadres en geen mobiel nummer" in page
