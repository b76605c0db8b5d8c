"""The evaluation pages: who may see what (a teacher: 403; another school's leadership: 404; a board
admin: the board's schools only), setup with the power shown, results end to end from seeded test
results on the controlled clock, the privacy threshold, the export's approval and log, the board's
pooled view, and bounded queries."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from evaluation import services
from evaluation.models import Design, Evaluation, ExportLog, ExportRequest
from ouderbetrokkenheid.school.calendar import start_year_of
from tests import factories as f

from .conftest import enrol_last_year, make_evaluation, seed_growth


def after_window(clock, evaluation):
    clock.move_to(datetime.datetime.combine(evaluation.outcome_end + datetime.timedelta(days=1), datetime.time(10)))


@pytest.fixture
def frozen(study):
    return services.freeze(make_evaluation(study), by=study.world.lea.user, seed=20261207)


def test_teachers_and_ib_may_not_and_other_schools_leadership_gets_404(study, frozen, login_as):
    world = study.world
    for who in (world.tess, world.iris):
        client = login_as(who)
        assert client.get(reverse("evaluation:list")).status_code == 403
        assert client.get(reverse("evaluation:detail", args=[frozen.pk])).status_code == 403
    client = login_as(world.lars)  # leadership of school B
    assert client.get(reverse("evaluation:list")).status_code == 200
    for name in ("detail", "edit", "pdf", "plan_json"):
        assert client.get(reverse(f"evaluation:{name}", args=[frozen.pk])).status_code == 404
    assert client.post(reverse("evaluation:freeze", args=[frozen.pk])).status_code == 404
    client = login_as(world.anna)
    assert client.get(reverse("evaluation:list")).status_code == 403


def test_a_board_admin_sees_only_the_boards_schools(study, frozen, login_as):
    other_board_school = f.SchoolFactory()
    f.SchoolYearFactory(school=other_board_school)
    foreign = make_evaluation(study, school=other_board_school)
    client = login_as(study.world.bea)
    page = client.get(reverse("evaluation:list"))
    assert frozen.question in page.content.decode()
    assert client.get(reverse("evaluation:detail", args=[frozen.pk])).status_code == 200
    assert client.get(reverse("evaluation:detail", args=[foreign.pk])).status_code == 404
    # the setup offers the board's schools only
    form = client.get(reverse("evaluation:new")).context["form"]
    assert set(form.fields["school"].queryset) == {study.world.school_a, study.world.school_b}


def test_leadership_sets_up_a_plan_sees_the_power_and_freezes_it(study, login_as):
    client = login_as(study.world.lea)
    page = client.get(reverse("evaluation:new"))
    assert page.status_code == 200
    assert "Kleinste effect" in page.content.decode()
    start = study.start
    response = client.post(reverse("evaluation:new"), {
        "intervention": "weekly_messages", "question": "Werkt de leestip?", "outcome": "test_growth",
        "domain": "reading_comprehension", "design": Design.GROUP, "start": start, "weeks_later": 12,
        "outcome_start": start, "outcome_end": start + datetime.timedelta(weeks=10), "min_effect": "0.20",
    })  # fmt: skip
    evaluation = Evaluation.objects.get(question="Werkt de leestip?")
    assert response.status_code == 302 and evaluation.school == study.world.school_a
    text = client.get(reverse("evaluation:detail", args=[evaluation.pk])).content.decode()
    # 8 groups of 6: far from d = 0.20 (the page says so plainly)
    assert "Met deze aantallen kan dit onderzoek geen effect kleiner dan d = " in text
    client.post(reverse("evaluation:freeze", args=[evaluation.pk]))
    evaluation.refresh_from_db()
    assert evaluation.is_frozen
    text = client.get(reverse("evaluation:detail", args=[evaluation.pk])).content.decode()
    assert evaluation.fingerprint in text and "Vingerafdruk klopt met het plan" in text
    # the frozen plan's edit page refuses, and a posted change is not saved
    client.post(reverse("evaluation:edit", args=[evaluation.pk]), {"question": "Anders"})
    evaluation.refresh_from_db()
    assert evaluation.question == "Werkt de leestip?"
    plan = client.get(reverse("evaluation:plan_json", args=[evaluation.pk]))
    assert services.fingerprint_of(__import__("json").loads(plan.content)) == evaluation.fingerprint


def test_a_lottery_plan_must_measure_before_the_later_start(study, login_as):
    client = login_as(study.world.lea)
    start = study.start
    response = client.post(reverse("evaluation:new"), {
        "intervention": "buddies", "question": "Maatjes?", "outcome": "test_growth", "domain": "maths",
        "design": Design.FAMILY, "start": start, "weeks_later": 4,
        "outcome_start": start, "outcome_end": start + datetime.timedelta(weeks=10), "min_effect": "0.20",
    })  # fmt: skip
    assert response.status_code == 200 and not Evaluation.objects.filter(question="Maatjes?").exists()
    assert "outcome_end" in response.context["form"].errors


def test_the_result_is_computed_end_to_end_after_the_outcome_window(study, frozen, login_as, clock):
    seed_growth(frozen, effect=1.5)
    client = login_as(study.world.lea)
    text = client.get(reverse("evaluation:detail", args=[frozen.pk])).content.decode()
    assert "De uitkomst wordt berekend na het laatste meetmoment" in text
    after_window(clock, frozen)
    page = client.get(reverse("evaluation:detail", args=[frozen.pk]))
    text = page.content.decode()
    effect = page.context["effect"]
    assert effect["d"] > 0.8 and effect["ci_low"] > 0
    assert effect["n_treated"] + effect["n_control"] == 48
    assert "cluster" in effect["method"]  # by family: siblings share a cluster
    assert "Groot effect" in text and "<svg" in text and frozen.fingerprint in text
    pdf = client.get(reverse("evaluation:pdf", args=[frozen.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_no_effect_reads_geen_aantoonbaar_effect(study, frozen, login_as, clock):
    seed_growth(frozen, effect=0.0, seed=3)
    after_window(clock, frozen)
    page = login_as(study.world.lea).get(reverse("evaluation:detail", args=[frozen.pk]))
    effect = page.context["effect"]
    assert effect["ci_low"] < 0 < effect["ci_high"]
    assert "Geen aantoonbaar effect" in page.content.decode()


def test_without_lottery_the_result_is_a_difference_in_differences_marked_weaker(study, login_as, clock):
    world = study.world
    enrol_last_year(study, 24)
    evaluation = services.freeze(make_evaluation(study, design=Design.LAST_YEAR), by=world.lea.user)
    # three test moments per child: a while before the start, at the start, at the end of the window;
    # last year's cohort on the same days one year earlier; this year's cohort grows 3 months more
    from decimal import Decimal

    from development.models import TestResult

    length = evaluation.outcome_end - evaluation.outcome_start
    days = (evaluation.start - length, evaluation.outcome_start, evaluation.outcome_end)
    rows = []
    for n, a in enumerate(evaluation.assignments.all()):
        this_year = a.arm == "this_year"
        moments = days if this_year else tuple(services._one_year_back(d) for d in days)
        dle = [20 + n % 7, 23 + n % 5, 27 + n % 6 + (3 if this_year else 0)]
        for level, (day, value) in enumerate(zip(moments, dle, strict=True), start=2 if this_year else 3):
            rows.append(TestResult(pupil_id=a.pupil_id, domain=evaluation.domain, year_level=level,
                                   phase="M", taken_on=day, school_year_start=start_year_of(day),
                                   test_name="Cito", dle_reported=Decimal(value)))  # fmt: skip
    TestResult.objects.bulk_create(rows)
    after_window(clock, evaluation)
    page = login_as(world.lea).get(reverse("evaluation:detail", args=[evaluation.pk]))
    text = page.content.decode()
    assert "zwakker bewijs" in text and "Zwakker bewijs" in text
    result = page.context["result"]
    assert result.arms["this_year"]["n"] == 48 and result.arms["last_year"]["n"] == 24
    assert result.effect["method"].startswith("did") and result.effect["d"] > 0 and result.effect["ci_low"] > 0


def test_results_are_withheld_when_an_arm_has_fewer_than_ten_children(study, login_as, clock):
    evaluation = services.freeze(make_evaluation(study), by=study.world.lea.user, seed=1)
    seed_growth(evaluation, effect=1.0)
    from development.models import TestResult

    later = list(evaluation.assignments.filter(arm="later").values_list("pupil_id", flat=True))
    TestResult.objects.filter(pupil_id__in=later[9:]).delete()  # 9 "later" children keep a measurement
    after_window(clock, evaluation)
    page = login_as(study.world.lea).get(reverse("evaluation:detail", args=[evaluation.pk]))
    assert page.context["effect"] is None
    assert "minstens 10 kinderen" in page.content.decode()
    assert "<svg" not in page.content.decode()


def test_the_export_needs_another_members_approval_and_every_download_is_logged(study, frozen, login_as, clock):
    seed_growth(frozen, effect=0.5)
    world = study.world
    second = f.StaffFactory(school=world.school_a, is_teacher=False, is_leadership=True, first_name="Lotte")
    client = login_as(world.lea)
    client.post(reverse("evaluation:export_request", args=[frozen.pk]), {"purpose": "Universiteit Utrecht"})
    export = ExportRequest.objects.get(evaluation=frozen)
    download = reverse("evaluation:export_download", args=[frozen.pk, export.pk])
    assert client.get(download).status_code == 403  # not approved yet
    client.post(reverse("evaluation:export_approve", args=[frozen.pk, export.pk]))  # by the requester: refused
    export.refresh_from_db()
    assert not export.is_approved
    assert (
        login_as(world.lars).post(reverse("evaluation:export_approve", args=[frozen.pk, export.pk])).status_code == 404
    )
    client = login_as(second)
    client.post(reverse("evaluation:export_approve", args=[frozen.pk, export.pk]))
    export.refresh_from_db()
    assert export.is_approved and export.approved_by == second.user
    after_window(clock, frozen)
    response = login_as(world.lea).get(download)
    assert response.status_code == 200
    body = response.content.decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 48 and set(rows[0]) == set(services.EXPORT_COLUMNS)
    for pupil in study.pupils:  # no names, ids or birth dates
        for secret in (pupil.first_name, pupil.last_name, pupil.external_id, str(pupil.date_of_birth)):
            assert secret not in body
    # stable pseudonyms per evaluation: the same on a second download, and others in another evaluation
    again = list(csv.DictReader(io.StringIO(login_as(world.lea).get(download).content.decode())))
    assert [r["child"] for r in again] == [r["child"] for r in rows]
    assert services.pseudonym(frozen, "child", 1) != services.pseudonym(make_evaluation(study), "child", 1)
    log = list(ExportLog.objects.filter(evaluation=frozen))
    assert len(log) == 2 and {e.downloaded_by for e in log} == {world.lea.user} and log[0].rows == 48


def test_a_board_admin_may_approve(study, frozen, login_as):
    export = services.request_export(frozen, by_staff=study.world.lea, purpose="NRO")
    login_as(study.world.bea).post(reverse("evaluation:export_approve", args=[frozen.pk, export.pk]))
    export.refresh_from_db()
    assert export.is_approved


def test_the_board_pools_its_schools_with_the_spread_shown(study, login_as, clock):
    world = study.world
    first = services.freeze(make_evaluation(study), by=world.lea.user, seed=5)
    second = services.freeze(make_evaluation(study), by=world.lea.user, seed=6)  # a second study, to pool
    seed_growth(first, effect=0.8, seed=1)
    after_window(clock, first)
    services.compute_result(first)
    services.compute_result(second)  # the same children's results: still two rows to pool
    page = login_as(world.bea).get(reverse("evaluation:board"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "τ²" in text and "I²" in text and "<svg" in text and "<polygon" in text


@pytest.mark.parametrize("name", ["list", "new", "detail", "board"])
def test_pages_keep_bounded_queries(study, login_as, clock, django_assert_max_num_queries, name):
    world = study.world
    evaluations = [services.freeze(make_evaluation(study), by=world.lea.user, seed=s) for s in range(3)]
    for e in evaluations:
        seed_growth(e, effect=0.4, seed=e.seed)
        services.request_export(e, by_staff=world.lea, purpose="x")
    after_window(clock, evaluations[0])
    for e in evaluations:
        services.compute_result(e)
    client = login_as(world.bea if name == "board" else world.lea)
    url = reverse(f"evaluation:{name}", args=[evaluations[0].pk] if name == "detail" else [])
    client.get(url)
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200
