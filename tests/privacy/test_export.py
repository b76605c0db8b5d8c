"""A guardian's copy of their data: JSON and PDF, only their own family's data."""

import json

import pytest
from django.urls import reverse

from .support import sent_message


def download(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "attachment" in response["Content-Disposition"]
    return response


def test_the_json_holds_the_guardian_and_each_child_with_every_kind(family, login_as):
    client = login_as(family.anna)
    data = json.loads(download(client, "privacy:my_data_json").content)
    assert data["guardian"]["name"] == "Anna Prins"
    kinds = {section["kind"]: section for section in data["guardian"]["data"]}
    assert kinds["school.guardians"]["rows"][0]["email"] == "anna@example.nl"
    assert kinds["messaging.messages"]["rows"][0]["text"] == "Pim las deze week een heel boek."
    assert kinds["meetings.invitations"]["rows"][0]["question"] == "Mag mijn zus mee?"
    assert "accounts.magic_links" in kinds
    assert "token_hash" not in json.dumps(data), "secrets are never exported"
    [child] = data["children"]
    assert child["name"] == "Pim Prins"
    child_kinds = {section["kind"] for section in child["data"]}
    assert {"conversations.records", "development.test_results", "school.leavers"} <= child_kinds


def test_the_export_never_holds_another_familys_data(family, login_as):
    sent_message(family, family.bert, text="Geheim voor Bert")
    body = download(login_as(family.anna), "privacy:my_data_json").content.decode()
    for other in ("Bert", "Bakker", "Bo deed goed", "Geheim voor Bert", "Kai", "Karel"):
        assert other not in body


def test_the_pdf_is_a_pdf_in_the_parents_language(family, login_as, settings):
    client = login_as(family.anna)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = download(client, "privacy:my_data_pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_pdf_html_names_the_family_and_the_headings(family, login_as):
    from django.template.loader import render_to_string
    from django.utils import translation

    from ouderbetrokkenheid.privacy import export

    with translation.override("nl"):
        data = export.guardian_export(family.anna)
        html = render_to_string("privacy/my_data_pdf.html", {"export": data, "made_on": export.made_on(data)})
    assert "Anna Prins" in html and "Pim Prins" in html
    assert "Berichten van school" in html and "Gespreksverslagen" in html
    assert "Bo Bakker" not in html


@pytest.mark.parametrize("name", ["privacy:my_data", "privacy:my_data_json", "privacy:my_data_pdf"])
def test_staff_and_visitors_do_not_get_a_guardians_download(name, world, client, login_as):
    assert client.get(reverse(name)).status_code == 302
    assert login_as(world.lea).get(reverse(name)).status_code == 403


def test_the_my_data_page_is_quick(family, login_as, django_assert_max_num_queries):
    client = login_as(family.anna)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("privacy:my_data"))
    assert response.status_code == 200
    assert reverse("privacy:my_data_pdf") in response.content.decode()


def test_the_json_takes_a_bounded_number_of_queries_per_child(family, login_as, django_assert_max_num_queries):
    from ouderbetrokkenheid.school.datakinds import kinds

    client = login_as(family.anna)
    per_person = len(kinds())
    with django_assert_max_num_queries(10 + 2 * per_person):
        download(client, "privacy:my_data_json")


def test_the_pdf_speaks_the_parents_language_right_to_left_in_arabic(family):
    from django.template.loader import render_to_string
    from django.utils import translation

    from ouderbetrokkenheid.privacy import export

    with translation.override("ar"):
        data = export.guardian_export(family.anna)
        html = render_to_string("privacy/my_data_pdf.html", {"export": data, "made_on": export.made_on(data)})
    assert 'lang="ar" dir="rtl"' in html
    assert "بياناتي" in html and "رسائل من المدرسة" in html, "title and headings translated"
