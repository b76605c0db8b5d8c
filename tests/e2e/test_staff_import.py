"""School leadership imports the administration export in the browser: check first, then apply."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from ouderbetrokkenheid.school.models import Pupil
from tests.e2e.export import generated_export, sample_export
from tests.e2e.staff_login import log_in_staff

PASSWORD = "geheim-wachtwoord-42"
SCREENSHOT = "/tmp/e2e-import-{}.png"


def csv_upload(name, content):
    return {"name": name, "mimeType": "text/csv", "buffer": content}


def log_in(page, url, email):
    log_in_staff(page, url, get_user_model().objects.get(email=email), password=PASSWORD)


@pytest.mark.parametrize("make_export", [sample_export, generated_export], ids=["sample-school", "generated"])
def test_leadership_previews_then_applies_the_school_export(world, desktop_page, url, make_export):
    page, export = desktop_page, make_export()
    pupils = export.pupil_names
    school_pupils = Pupil.objects.filter(school=world.school_a)
    before = school_pupils.count()
    new_pupils = len(set(pupils) - set(school_pupils.values_list("external_id", flat=True)))
    log_in(page, url, world.lea.user.email)

    page.goto(url("staffpages:import"))
    page.locator("input[name=pupils]").set_input_files(csv_upload("leerlingen.csv", export.pupils))
    page.locator("input[name=staff]").set_input_files(csv_upload("medewerkers.csv", export.staff))
    page.get_by_role("button", name="Controleren").click()

    expect(page.locator("main")).to_contain_text(f"{new_pupils} nieuwe leerling")
    assert school_pupils.count() == before, "a preview writes nothing"
    page.screenshot(path=SCREENSHOT.format(make_export.__name__), full_page=True)
    # Pim and Bo are not in the export: ending both (2 of 2) must be confirmed with the checkbox naming them.
    expect(page.locator("#leavers-warning")).to_contain_text("schrijft 2 van de 2 ingeschreven leerlingen uit")
    page.get_by_label("Ja, schrijf 2 leerlingen uit: het bestand is compleet.").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Doorvoeren").first.click()  # above the lists; the same button below

    imported = dict(
        Pupil.objects.filter(school=world.school_a, external_id__in=pupils).values_list("external_id", "first_name")
    )
    assert imported == pupils
    assert not Pupil.objects.filter(school=world.school_b, external_id__in=pupils).exists()
