"""The staff data pages: who gets in, what a post does, what gets logged, bounded query counts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from development.models import (
    AccessAction,
    AccessLogEntry,
    Advice,
    DevelopmentSettings,
    ExitPerspective,
    LevelTable,
    RouteTable,
    ShortTermGoal,
    TestResult,
)
from tests.development.data_helpers import csv_file, result


def url(name, **kwargs):
    return reverse(f"development:{name}", kwargs=kwargs)


def page(client, name, **kwargs):
    response = client.get(url(name, **kwargs))
    return response.status_code, response.content.decode()


# -- results ---------------------------------------------------------------------------------------


def test_results_page_for_the_pupils_teacher_and_logged(world, login_as):
    result(world.pim, moment="M3", level="M3", score=120)
    client = login_as(world.tess)
    status, body = page(client, "data_results", pupil_id=world.pim.pk)
    assert status == 200 and "M3" in body and "Cito LOVS" in body
    entry = AccessLogEntry.objects.get()
    assert (entry.staff, entry.pupil, entry.action) == (world.tess, world.pim, AccessAction.VIEW)
    assert login_as(world.otto).get(url("data_results", pupil_id=world.pim.pk)).status_code == 404
    assert login_as(world.anna).get(url("data_results", pupil_id=world.pim.pk)).status_code == 403
    assert login_as(world.bea.user).get(url("data_results", pupil_id=world.pim.pk)).status_code == 403


def test_add_a_result_by_hand(world, login_as):
    client = login_as(world.tess)
    data = {
        "domain": "spelling", "year_level": 3, "phase": "M", "taken_on": "2025-01-20", "test_name": "Cito",
        "ability_score": "", "level_reported": "q1", "level_band": "", "dle_reported": "",
    }  # fmt: skip
    response = client.post(url("data_results", pupil_id=world.pim.pk), data)
    assert response.status_code == 200 and "geen geldig functioneringsniveau" in response.content.decode()
    assert not TestResult.objects.exists()
    response = client.post(url("data_results", pupil_id=world.pim.pk), {**data, "level_reported": "m3"})
    assert response.status_code == 302
    assert TestResult.objects.get().level_reported == "M3"


def test_correct_a_result_shows_history(world, login_as):
    made = result(world.pim, moment="M3", level="M3", score=120)
    client = login_as(world.iris)
    target = url("data_result", pupil_id=world.pim.pk, result_id=made.pk)
    data = {"taken_on": "2024-01-20", "test_name": "Cito LOVS", "ability_score": "120", "level_reported": "E3"}
    response = client.post(target, {**data, "level_band": "", "dle_reported": "", "reason": ""})
    assert response.status_code == 200 and not made.versions.exists()
    response = client.post(target, {**data, "level_band": "", "dle_reported": "", "reason": "Typefout"})
    assert response.status_code == 302
    status, body = page(client, "data_result", pupil_id=world.pim.pk, result_id=made.pk)
    assert status == 200 and "Typefout" in body and "level_reported: M3" in body
    other = result(world.bo, moment="M5")
    assert client.get(url("data_result", pupil_id=world.pim.pk, result_id=other.pk)).status_code == 404


@pytest.mark.parametrize("times", [1, 4])
def test_results_page_query_count_does_not_grow(world, login_as, django_assert_max_num_queries, times):
    for i in range(times):
        for domain in ("maths", "spelling", "technical_reading", "reading_comprehension"):
            result(world.bo, domain=domain, moment=f"M{5 - i % 3}", test_name=f"T{i}", changed_by=world.otto)
    client = login_as(world.otto)
    with django_assert_max_num_queries(12):
        assert client.get(url("data_results", pupil_id=world.bo.pk)).status_code == 200


# -- import ----------------------------------------------------------------------------------------


def upload(client, data, name="data_import"):
    return client.post(url(name), {"file": SimpleUploadedFile("toetsen.csv", data, content_type="text/csv")})


def test_import_upload_preview_apply(world, login_as):
    client = login_as(world.iris)
    data = csv_file(
        f"{world.bo.external_id};Rekenen-wiskunde;M5;20-01-2025;Cito;150;M5;III;",
        f"{world.pim.external_id};Spelling;M3;20-01-2025;Cito;110;<M3;V;",
    )
    response = upload(client, data)
    body = response.content.decode()
    assert response.status_code == 200 and "2 nieuw" in body and "nog niets opgeslagen" in body
    assert not TestResult.objects.exists()
    fingerprint = response.context["report"].fingerprint()
    response = client.post(url("data_import_apply"), {"fingerprint": fingerprint})
    assert response.status_code == 200 and TestResult.objects.count() == 2
    # The session is cleared: a second apply finds nothing.
    response = client.post(url("data_import_apply"), {"fingerprint": fingerprint})
    assert response.status_code == 302 and TestResult.objects.count() == 2


def test_import_with_errors_shows_lines_and_offers_no_apply(world, login_as):
    client = login_as(world.lea)
    response = upload(client, csv_file(f"{world.bo.external_id};Rekenen;X9;20-01-2025;Cito;150;M5;;"))
    body = response.content.decode()
    assert "regel 2, toetsmoment: &#x27;X9&#x27; is geen geldig toetsmoment" in body
    assert "Doorvoeren" not in body
    response = upload(client, b"geen;kolommen\n1;2\n")
    assert "ontbreekt de kolom" in response.content.decode()


def test_import_only_for_ib_and_leadership(world, login_as):
    for who in (world.tess, world.otto, world.anna):
        assert login_as(who).get(url("data_import")).status_code == 403


# -- level tables, routes, settings ----------------------------------------------------------------


def test_level_table_upload_and_remove(world, login_as):
    made = result(world.bo, score=150, level="M5")
    client = login_as(world.iris)
    response = client.post(
        url("data_tables"),
        {
            "test_name": "Cito LOVS",
            "domain": "maths",
            "file": SimpleUploadedFile("t.csv", b"score_min;score_max;niveau\n100;160;E4\n"),
        },
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert (made.level_reported, made.level_derived) == ("M5", "E4")
    status, body = page(client, "data_tables")
    assert "100" in body and "E4" in body
    assert login_as(world.lars).post(url("data_tables"), {"remove": LevelTable.objects.get().pk}).status_code == 404
    client = login_as(world.iris)
    assert client.post(url("data_tables"), {"remove": LevelTable.objects.get().pk}).status_code == 302
    made.refresh_from_db()
    assert (made.level_reported, made.level_derived) == ("M5", "")


def test_route_table_edit(world, login_as):
    client = login_as(world.iris)
    status, body = page(client, "data_routes")
    assert status == 200 and "Standaardtabel van de app" in body
    bad = {"name": "SWV", "vmbo_bb": 30, "vmbo_kb": 40, "vmbo_gt": 47, "havo": 45, "vwo": 62}
    response = client.post(url("data_routes"), bad)
    assert "oplopen" in response.content.decode() and not RouteTable.objects.exists()
    assert client.post(url("data_routes"), {**bad, "havo": 55}).status_code == 302
    assert RouteTable.objects.get().name == "SWV"
    assert client.post(url("data_routes"), {"reset": "1"}).status_code == 302
    assert not RouteTable.objects.exists()
    assert login_as(world.tess).get(url("data_routes")).status_code == 403


def test_settings_edit(world, login_as):
    client = login_as(world.lea)
    status, body = page(client, "data_settings")
    assert status == 200
    settings = DevelopmentSettings.objects.get()
    data = {
        "perspective_from_year_level": 7,
        "middle_offset_months": 4,
        "begin_offset_months": 0,
        "groep7_advice": "indicative",
        "groep7_advice_by": settings.groep7_advice_by.isoformat(),
        "provisional_advice_by": settings.provisional_advice_by.isoformat(),
        "transfer_test_from": settings.transfer_test_from.isoformat(),
        "transfer_test_until": settings.transfer_test_until.isoformat(),
        "final_advice_by": (settings.transfer_test_from - datetime.timedelta(days=1)).isoformat(),
    }
    response = client.post(url("data_settings"), data)
    assert response.status_code == 200 and "na de doorstroomtoets" in response.content.decode()
    settings.refresh_from_db()
    assert settings.perspective_from_year_level == 6
    response = client.post(url("data_settings"), {**data, "final_advice_by": settings.final_advice_by.isoformat()})
    assert response.status_code == 302
    settings.refresh_from_db()
    assert (settings.perspective_from_year_level, settings.groep7_advice) == (7, "indicative")


# -- perspective, goals, advice --------------------------------------------------------------------


def test_perspective_and_goals(world, login_as):
    client = login_as(world.tess)
    response = client.post(
        url("data_perspective", pupil_id=world.pim.pk), {"action": "perspective", "track": "havo", "reasoning": "x"}
    )
    assert "vanaf groep 6" in response.content.decode() and not ExitPerspective.objects.exists()
    client = login_as(world.otto)
    target = url("data_perspective", pupil_id=world.bo.pk)
    assert client.post(target, {"action": "perspective", "track": "havo", "reasoning": "Sterk"}).status_code == 302
    goal = {"action": "goal", "domain": "maths", "target_level": "E6", "target_moment": "E6"}
    assert client.post(target, {**goal, "evaluation_date": "2026-06-20"}).status_code == 302
    made = ShortTermGoal.objects.get()
    assert client.post(target, {"action": "review", "goal": made.pk, "outcome": "reached"}).status_code == 302
    made.refresh_from_db()
    assert made.outcome == "reached"
    status, body = page(client, "data_perspective", pupil_id=world.bo.pk)
    assert "Sterk" in body and "Gehaald" in body


def test_advice_page(world, login_as):
    client = login_as(world.otto)
    target = url("data_advice", pupil_id=world.bo.pk)
    data = {"kind": "provisional", "track": "havo", "given_on": world.year_a.first_day.isoformat()}
    response = client.post(target, data)
    assert "tweede collega" in response.content.decode() and not Advice.objects.exists()
    assert client.post(target, {**data, "second_colleague": world.iris.pk}).status_code == 302
    assert Advice.objects.get().second_colleague == world.iris
    # A colleague of another school is not even a choice.
    response = client.post(target, {**data, "kind": "final", "second_colleague": world.lars.pk})
    assert Advice.objects.count() == 1
    status, body = page(login_as(world.lea), "data_advices")
    assert status == 200 and world.bo.first_name in body


# -- access log ------------------------------------------------------------------------------------


def test_access_log_for_leadership_only_with_filters(world, login_as):
    login_as(world.tess).get(url("data_results", pupil_id=world.pim.pk))
    login_as(world.otto).get(url("data_results", pupil_id=world.bo.pk))
    for who in (world.iris, world.tess, world.bea.user):
        assert login_as(who).get(url("data_log")).status_code == 403
    status, body = page(login_as(world.lars), "data_log")  # another school's leadership: own (empty) log
    assert status == 200 and "Tess" not in body and "Geen regels gevonden" in body
    client = login_as(world.lea)
    status, body = page(client, "data_log")
    assert status == 200 and "Tess" in body and "Otto" in body
    body = client.get(url("data_log"), {"pupil": world.bo.pk}).content.decode()
    assert "Otto" in body and "Tess" not in body.split("<tbody>")[1]
    body = client.get(url("data_log"), {"staff": world.tess.pk}).content.decode()
    assert world.pim.last_name in body.split("<tbody>")[1] and world.bo.last_name not in body.split("<tbody>")[1]


@pytest.mark.parametrize("times", [1, 4])
def test_access_log_query_count_does_not_grow(world, login_as, django_assert_max_num_queries, times):
    for _ in range(times * 30):
        AccessLogEntry.objects.create(
            school=world.school_a, pupil=world.bo, staff=world.otto, action=AccessAction.VIEW, what="grafiek"
        )
    client = login_as(world.lea)
    with django_assert_max_num_queries(10):
        assert client.get(url("data_log"), {"pagina": 2 if times > 1 else 1}).status_code == 200


@pytest.mark.parametrize("times", [1, 4])
def test_pupil_and_school_pages_query_counts_do_not_grow(world, login_as, django_assert_max_num_queries, times):
    for i in range(times):
        ShortTermGoal.objects.create(
            pupil=world.bo, domain="maths", target_level="M6", target_moment="E6",
            evaluation_date=datetime.date(2026, 6, 1), recorded_by=world.otto,
        )  # fmt: skip
        ExitPerspective.objects.create(pupil=world.bo, track="havo", reasoning=f"r{i}", recorded_by=world.otto)
        Advice.objects.create(
            pupil=world.bo, school_year=world.year_a, kind="provisional", track="havo", given_by=world.otto,
            second_colleague=world.iris, given_on=world.year_a.first_day,
        )  # fmt: skip
        table = LevelTable.objects.create(school=world.school_a, test_name=f"T{i}", domain="maths")
        table.rows.create(score_min=0, score_max=10, level="M3")
    client = login_as(world.otto)
    for name, bound in (("data_perspective", 9), ("data_advice", 15)):
        with django_assert_max_num_queries(bound):
            assert client.get(url(name, pupil_id=world.bo.pk)).status_code == 200
    client = login_as(world.lea)
    for name, bound in (("data_advices", 7), ("data_tables", 6), ("data_routes", 6), ("data_hub", 7)):
        with django_assert_max_num_queries(bound):
            assert client.get(url(name)).status_code == 200
