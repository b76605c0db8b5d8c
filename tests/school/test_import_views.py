"""The import in the browser: who may use it, upload → preview → apply, and bad files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ouderbetrokkenheid.school.models import Enrollment, Pupil, Staff
from tests import factories as f

from .exports import pupil, staff, staff_csv, to_csv

UPLOAD, APPLY = reverse("staffpages:import"), reverse("staffpages:import_apply")


def files(**extra):
    rows = [
        pupil(leerlingnummer="70001", groep="3", leerjaar="3"),
        pupil(leerlingnummer="70002", roepnaam="Noor", guardian=False),
    ]
    return {
        "pupils": SimpleUploadedFile("leerlingen.csv", to_csv(rows)),
        "staff": SimpleUploadedFile("medewerkers.csv", staff_csv([staff()])),
        **extra,
    }


def confirmed(preview):
    """The apply form of a preview, with the number of leavers confirmed."""
    initial = preview.context["form"].initial
    return {"fingerprint": initial["fingerprint"], "leavers": initial["leavers"] or "", "confirm_leavers": "on"}


def test_leadership_uploads_previews_and_applies(world, login_as):
    client = login_as(world.lea)
    page = client.get(UPLOAD)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="pupils"' in html and 'name="staff"' in html and 'value="Controleren"' in html

    preview = client.post(UPLOAD, files())
    assert preview.status_code == 200
    assert "Doorvoeren" in preview.content.decode()
    assert "Fatima Bakker (70001)" in preview.content.decode()
    assert not Pupil.objects.filter(external_id="70001").exists()  # nothing written yet
    assert not Staff.objects.filter(user__email="j.devries@school.nl").exists()

    result = client.post(APPLY, confirmed(preview))
    assert result.status_code == 200
    assert "De import is doorgevoerd" in result.content.decode()
    assert Pupil.objects.filter(school=world.school_a, external_id__in=["70001", "70002"]).count() == 2
    assert Staff.objects.get(user__email="j.devries@school.nl").school == world.school_a
    assert Enrollment.objects.get(pupil=world.pim).end_date is not None  # not in the file: ended
    assert client.post(APPLY, {"fingerprint": "x"}).status_code == 302  # nothing left to apply


def test_apply_shows_a_new_preview_when_the_data_changed_meanwhile(world, login_as):
    client = login_as(world.lea)
    preview = client.post(UPLOAD, files())
    newcomer = f.PupilFactory(school=world.school_a, first_name="Nieuw")
    f.EnrollmentFactory(pupil=newcomer, group=world.group_3)
    response = client.post(APPLY, confirmed(preview))
    assert response.status_code == 200
    assert "intussen veranderd" in response.content.decode()
    assert "Nieuw" in response.content.decode()
    assert not Pupil.objects.filter(external_id="70001").exists()
    fresh = client.post(APPLY, confirmed(response))
    assert "De import is doorgevoerd" in fresh.content.decode()
    assert Pupil.objects.filter(external_id="70001").exists()


def test_a_bad_file_shows_a_dutch_error_and_writes_nothing(world, login_as):
    client = login_as(world.lea)
    bad = SimpleUploadedFile("leerlingen.csv", b"leerlingnummer;roepnaam\n1;Jan\n")
    response = client.post(UPLOAD, {"pupils": bad})
    assert response.status_code == 200
    assert "In het leerlingenbestand ontbreekt de kolom" in response.content.decode()
    assert Pupil.objects.filter(school=world.school_a).count() == 2
    assert "school_import" not in client.session


def test_bad_rows_are_listed_with_line_column_and_reason(world, login_as):
    client = login_as(world.lea)
    data = to_csv([pupil(groep="3", leerjaar="3"), pupil(leerlingnummer="2", mobiel="06-1234", verzorgernummer="9")])
    html = client.post(UPLOAD, {"pupils": SimpleUploadedFile("l.csv", data)}).content.decode()
    assert "<td>3</td><td>mobiel</td><td>&#x27;06-1234&#x27; is geen geldig telefoonnummer</td>" in html


def test_an_empty_upload_asks_for_a_file(world, login_as):
    response = login_as(world.lea).post(UPLOAD, {})
    assert "Kies een leerlingenbestand" in response.content.decode()


@pytest.mark.parametrize("who", ["tess", "iris", "anna", "sven", "bea"])
def test_others_cannot_see_or_use_the_import(world, login_as, who):
    client = login_as(getattr(world, who))
    assert client.get(UPLOAD).status_code == 403
    assert client.post(UPLOAD, files()).status_code == 403
    assert client.post(APPLY, {"fingerprint": "x"}).status_code == 403
    assert not Pupil.objects.filter(external_id="70001").exists()


def test_anonymous_visitors_are_sent_to_login(world, client):
    for response in (client.get(UPLOAD), client.post(APPLY, {"fingerprint": "x"})):
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


def test_leadership_of_another_school_imports_into_their_own_school_only(world, login_as):
    client = login_as(world.lars)
    preview = client.post(UPLOAD, files())
    assert "Kai" in preview.content.decode()  # school B's pupil would be ended, not school A's
    client.post(APPLY, confirmed(preview))
    assert Pupil.objects.get(external_id="70001").school == world.school_b
    assert Enrollment.objects.get(pupil=world.pim).end_date is None
    assert Pupil.objects.filter(school=world.school_a).count() == 2


def test_apply_needs_post(world, login_as):
    assert login_as(world.lea).get(APPLY).status_code == 405


def test_a_binary_upload_is_called_no_text_file(world, login_as):
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj"
    response = login_as(world.lea).post(UPLOAD, {"pupils": SimpleUploadedFile("leerlingen.pdf", pdf)})
    html = response.content.decode()
    assert "Het leerlingenbestand is geen tekstbestand (CSV)" in html
    assert "ontbreekt de kolom" not in html


def test_the_preview_puts_counts_and_rejections_first_and_the_apply_button_within_reach(world, login_as):
    rows = [pupil(leerlingnummer=str(80000 + i), groep="3", leerjaar="3", verzorgernummer=f"v{i}",
                  email=f"o{i}@example.nl", mobiel="") for i in range(60)]  # fmt: skip
    rows.append(pupil(leerlingnummer="89999", geboortedatum="31-02-2019"))
    preview = login_as(world.lea).post(UPLOAD, {"pupils": SimpleUploadedFile("l.csv", to_csv(rows))})
    html = preview.content.decode()
    summary, rejected = html.index("data-summary"), html.index('id="rejected"')
    first_button, first_change = html.index('name="apply"'), html.index("<details")
    assert summary < first_button < rejected < first_change
    assert html.count('name="apply"') == 2 and 'form="import-apply"' in html  # above and below the lists
    assert "<summary>Leerlingen (60)</summary>" in html and "<summary>Ouders/verzorgers (60)</summary>" in html
    assert "Ja, schrijf 2 leerlingen uit: het bestand is compleet." in html  # Pim and Bo, 2 of 2
    assert "schrijft 2 van de 2 ingeschreven leerlingen uit" in html
