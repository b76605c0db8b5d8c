"""The public privacy and accessibility statements, and the processing register for the DPO."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from ouderbetrokkenheid.privacy import accessibility
from ouderbetrokkenheid.school.datakinds import kinds


@pytest.mark.parametrize("name", ["privacy:statement", "privacy:accessibility"])
def test_statements_are_public_and_linked_from_every_footer(name, client, db, login_as, world):
    response = client.get(reverse(name))
    assert response.status_code == 200
    for page in (client.get(reverse("accounts:parent_login")), login_as(world.anna).get(reverse("portal:home"))):
        assert reverse(name) in page.content.decode()


def test_the_privacy_statement_gives_every_retention_period_from_the_registry(client, db):
    body = client.get(reverse("privacy:statement")).content.decode()
    for kind in kinds():
        if kind.subject in ("guardian", "pupil"):
            assert str(kind.period_text) in body, kind.key
    assert "Autoriteit Persoonsgegevens" in body


def test_the_accessibility_statement_renders_the_committed_axe_results(client, db):
    data = accessibility.load()
    assert data is not None, "run `make accessibility-statement` and commit its file"
    body = client.get(reverse("privacy:accessibility")).content.decode()
    assert "WCAG 2.1" in body and data["tool"] in body
    assert data["pages"] and data["rules"]
    for violation in data["violations"]:
        assert violation["id"] in body


def test_the_command_summarises_axe_lines_into_the_statement_data(tmp_path, db):
    lines = tmp_path / "axe.jsonl"
    checks = [
        {"path": "/portal/", "title": "x", "lang": "nl", "tags": [], "axe": "4.10.2", "passes": ["image-alt", "label"],
         "violations": []},
        {"path": "/portal/", "title": "x", "lang": "ar", "tags": [], "axe": "4.10.2", "passes": ["label"],
         "violations": [{"id": "color-contrast", "impact": "serious", "help": "Contrast", "nodes": 2}]},
        {"path": "/bijeenkomsten/rsvp/secret-token-123/", "title": "x", "lang": "nl", "tags": [], "axe": "4.10.2",
         "passes": ["label"], "violations": []},
    ]  # fmt: skip
    lines.write_text("".join(json.dumps(c) + "\n" for c in checks))
    out = tmp_path / "statement.json"
    call_command("accessibility_statement", str(lines), output=str(out), stdout=io.StringIO())
    data = json.loads(out.read_text())
    assert data["checks"] == 3 and data["standard"] == "WCAG 2.1 AA" and data["tool"] == "axe-core 4.10.2"
    assert {"route": "/portal/", "languages": ["ar", "nl"]} in data["pages"]
    assert "secret-token-123" not in out.read_text(), "routes, never tokens or ids"
    assert data["rules"] == ["color-contrast", "image-alt", "label"]
    assert data["violations"][0]["pages"] == ["/portal/"]


def test_the_register_csv_lists_every_kind_with_its_period_and_the_providers(world, login_as, settings):
    response = login_as(world.lea).get(reverse("privacy:register_csv"))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], [row for row in rows[1:] if len(row) > 5]
    assert header[0] == "Verwerking" and "Bewaartermijn" in header
    assert {row[-1] for row in body} == {kind.key for kind in kinds()}
    recipients = " ".join(row[6] for row in body)
    assert "SMS en WhatsApp" in recipients and "e-mail aan ouders" in recipients
    assert any("Beveiligingsmaatregelen" in row for row in rows)


def test_the_register_pdf_is_a_pdf(world, login_as):
    response = login_as(world.lea).get(reverse("privacy:register_pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


@pytest.mark.parametrize("who", ["anna", "tess", "iris"])
def test_the_register_is_for_leadership(who, world, login_as):
    for name in ("privacy:register_csv", "privacy:register_pdf", "privacy:overview"):
        assert login_as(getattr(world, who)).get(reverse(name)).status_code == 403
