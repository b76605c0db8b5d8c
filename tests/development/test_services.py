"""Writes: manual results and corrections with history, level tables, routes, settings, exit
perspective, short-term goals and advice; every write is logged."""

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from development import rules, services
from development.importing import ImportFailed
from development.models import (
    AccessAction,
    AccessLogEntry,
    Advice,
    DevelopmentSettings,
    LevelTable,
    RouteTable,
    ShortTermGoal,
    TestResult,
)
from tests.development.data_helpers import result

TABLE = b"score_min;score_max;niveau\n0;99;<M3\n100;129;M3\n130;160;E3\n161;400;M4\n"


def record(world, **kw):
    values = dict(
        by=world.otto,
        pupil=world.bo,
        domain="maths",
        year_level=5,
        phase="M",
        taken_on=datetime.date(2025, 1, 20),
        test_name="Cito LOVS",
        ability_score=140,
        level_reported="M5",
    )
    return services.result_record(**{**values, **kw})


# -- results ---------------------------------------------------------------------------------------


def test_result_record_and_log(world):
    made = record(world, level_reported="e8 +", level_band="i")
    assert (made.level_reported, made.level_band, made.source) == ("E8+", "I", "manual")
    entry = AccessLogEntry.objects.get()
    assert (entry.staff, entry.pupil, entry.action, entry.school) == (
        world.otto,
        world.bo,
        AccessAction.CHANGE,
        world.school_a,
    )


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"level_reported": "X9"}, "level_reported"),
        ({"level_band": "VII"}, "level_band"),
        ({"taken_on": datetime.date(2099, 1, 1)}, "taken_on"),
        ({"ability_score": None, "level_reported": ""}, "level_reported"),
        ({"test_name": "  "}, "test_name"),
    ],
)
def test_result_record_refuses_bad_values(world, kw, field):
    with pytest.raises(ValidationError) as caught:
        record(world, **kw)
    assert field in caught.value.message_dict
    assert not TestResult.objects.exists() and not AccessLogEntry.objects.exists()


def test_result_record_refuses_a_duplicate_moment(world):
    record(world)
    with pytest.raises(ValidationError, match="al"):
        record(world)
    assert TestResult.objects.count() == 1


def test_correction_keeps_history_with_reason(world):
    made = record(world)
    with pytest.raises(ValidationError):
        services.result_correct(by=world.iris, result_id=made.pk, reason=" ", level_reported="M4")
    services.result_correct(by=world.iris, result_id=made.pk, reason="Verkeerd overgenomen", level_reported="M4")
    services.result_correct(by=world.otto, result_id=made.pk, reason="Score hersteld", ability_score=141)
    made.refresh_from_db()
    assert (made.level_reported, made.ability_score, made.changed_by) == ("M4", 141, world.otto)
    versions = list(made.versions.order_by("pk").values_list("values", "reason", "changed_by"))
    assert versions == [
        ({"level_reported": "M5"}, "Verkeerd overgenomen", world.iris.pk),
        ({"ability_score": 140}, "Score hersteld", world.otto.pk),
    ]
    # No change: no version.
    services.result_correct(by=world.otto, result_id=made.pk, reason="nogmaals", ability_score=141)
    assert made.versions.count() == 2
    assert AccessLogEntry.objects.filter(action=AccessAction.CHANGE).count() == 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_corrections_leave_a_consistent_history(world):
    """Two clients correct one result at the same time: with the row lock the second sees the
    first's values, so the history is a chain (each version holds what the previous one wrote)."""
    made = record(world)
    locked, release, errors = threading.Event(), threading.Event(), []

    def hold_lock():
        try:
            with transaction.atomic():
                TestResult.objects.select_for_update().get(pk=made.pk)
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    def correct(by, level):
        try:
            services.result_correct(by=by, result_id=made.pk, reason=f"naar {level}", level_reported=level)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    assert locked.wait(10)
    clients = [threading.Thread(target=correct, args=args) for args in ((world.otto, "M4"), (world.iris, "E4"))]
    for client in clients:
        client.start()
    time.sleep(0.5)  # both now wait for the lock
    release.set()
    for thread in [holder, *clients]:
        thread.join(20)
    assert not errors
    made.refresh_from_db()
    versions = list(made.versions.order_by("pk"))
    assert len(versions) == 2
    first, second = versions
    assert first.values == {"level_reported": "M5"}
    # The second correction replaced what the first one wrote, not the original M5.
    assert second.values["level_reported"] == first.reason.removeprefix("naar ")
    assert made.level_reported == second.reason.removeprefix("naar ")


# -- level tables ----------------------------------------------------------------------------------


def test_school_table_derives_levels_and_never_overwrites_the_reported_level(world):
    low = result(world.bo, moment="M5", score=120, level="M5")
    high = result(world.bo, moment="E5", score=150, level="E5")
    other_test = result(world.bo, moment="M6", score=150, level="M6", test_name="Andere toets")
    other_school = result(world.kai, moment="M5", score=150, level="M5")
    table, changed = services.level_table_upload(
        by=world.iris, school=world.school_a, test_name="cito lovs", domain="maths", data=TABLE
    )
    assert changed == 2 and table.rows.count() == 4
    for row in (low, high, other_test, other_school):
        row.refresh_from_db()
    assert (low.level_reported, low.level_derived) == ("M5", "M3")
    assert (high.level_reported, high.level_derived) == ("E5", "E3")
    assert other_test.level_derived == "" and other_school.level_derived == ""
    assert rules.effective_level(low.level_reported, low.level_derived) == (rules.Level(5), "school_table")

    # A new table replaces the old one; derived levels follow.
    services.level_table_upload(
        by=world.iris,
        school=world.school_a,
        test_name="Cito LOVS",
        domain="maths",
        data=b"score_min;score_max;niveau\n100;200;M4\n",
    )
    low.refresh_from_db()
    assert low.level_derived == "M4" and LevelTable.objects.count() == 1

    # Removing the table clears the derived levels; the reported ones stay.
    cleared = services.level_table_remove(by=world.iris, table=LevelTable.objects.get())
    assert cleared == 2
    low.refresh_from_db()
    assert (low.level_reported, low.level_derived) == ("M5", "")
    assert rules.effective_level(low.level_reported, low.level_derived) == (rules.Level(25), "reported")


def test_manual_result_and_correction_use_the_school_table(world):
    services.level_table_upload(by=world.iris, school=world.school_a, test_name="Cito LOVS", domain="maths", data=TABLE)
    made = record(world, ability_score=120)
    assert made.level_derived == "M3"
    services.result_correct(by=world.iris, result_id=made.pk, reason="score", ability_score=170)
    made.refresh_from_db()
    assert (made.level_reported, made.level_derived) == ("M5", "M4")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"score_min;score_max;niveau\n100;90;M3\n", "regel 2, score_max 90 is lager dan score_min 100"),
        (b"score_min;score_max;niveau\n100;130;M3\n120;150;E3\n", "regel 3: de scores overlappen met regel 2"),
        (b"score_min;score_max;niveau\nabc;130;M3\n", "regel 2, score_min: 'abc' is geen heel getal"),
        (b"score_min;score_max;niveau\n1;130;Z3\n", "niveau: 'Z3' is geen geldig functioneringsniveau"),
        (b"score_min;niveau\n1;M3\n", "ontbreekt de kolom 'score_max'"),
        (b"score_min;score_max;niveau\n", "geen regels"),
    ],
)
def test_bad_level_table_is_refused_whole(world, data, message):
    old = result(world.bo, score=120, level="M5")
    with pytest.raises(ImportFailed, match=message):
        services.level_table_upload(
            by=world.iris, school=world.school_a, test_name="Cito LOVS", domain="maths", data=data
        )
    assert not LevelTable.objects.exists()
    old.refresh_from_db()
    assert old.level_derived == ""


# -- routes and settings ---------------------------------------------------------------------------


def test_route_table_default_edit_and_reset(world):
    name, bounds, is_default = services.routes_for(world.school_a)
    assert is_default and bounds == rules.DEFAULT_ROUTES and "Standaardtabel" in name
    own = {"vmbo_bb": 28, "vmbo_kb": 38, "vmbo_gt": 46, "havo": 54, "vwo": 60}
    services.route_table_save(by=world.iris, school=world.school_a, name="Afspraak SWV 2025", boundaries=own)
    assert services.routes_for(world.school_a) == ("Afspraak SWV 2025", own, False)
    assert services.routes_for(world.school_b)[2]  # other school still on the default
    with pytest.raises(ValidationError, match="oplopen"):
        services.route_table_save(by=world.iris, school=world.school_a, name="x", boundaries={**own, "havo": 40})
    assert RouteTable.objects.get().boundaries == own
    services.route_table_reset(by=world.lea, school=world.school_a)
    assert services.routes_for(world.school_a)[2]


def test_settings_default_to_the_law(world):
    settings = services.settings_for(world.year_a)
    expected = rules.default_advice_timeline(world.year_a.first_day, world.year_a.last_day)
    assert {name: getattr(settings, name) for name in expected} == expected
    assert settings.perspective_from_year_level == 6 and settings.middle_offset_months == 5
    assert services.settings_for(world.year_a).pk == settings.pk
    spring = world.year_a.last_day.year
    services.settings_save(
        by=world.lea, school_year=world.year_a, perspective_from_year_level=7, middle_offset_months=4
    )
    assert DevelopmentSettings.objects.get().perspective_from_year_level == 7
    with pytest.raises(ValidationError):
        services.settings_save(
            by=world.lea,
            school_year=world.year_a,
            provisional_advice_by=datetime.date(spring, 2, 10),
            transfer_test_from=datetime.date(spring, 2, 1),
        )


# -- exit perspective, goals, advice ---------------------------------------------------------------


def test_exit_perspective_from_groep_6(world):
    with pytest.raises(ValidationError, match="vanaf groep 6; Pim zit in groep 3"):
        services.exit_perspective_record(by=world.tess, pupil=world.pim, track="havo", reasoning="x")
    made = services.exit_perspective_record(
        by=world.otto, pupil=world.bo, track="vmbo_kb", reasoning="Rekent op E5", supporting="Werkhouding"
    )
    assert made.track == "vmbo_kb" and made.recorded_by == world.otto
    services.settings_save(by=world.lea, school_year=world.year_a, perspective_from_year_level=7)
    with pytest.raises(ValidationError, match="vanaf groep 7"):
        services.exit_perspective_record(by=world.otto, pupil=world.bo, track="havo", reasoning="x")
    with pytest.raises(ValidationError):
        services.exit_perspective_record(by=world.otto, pupil=world.bo, track="havo", reasoning="")


def test_short_term_goal_record_and_review(world):
    goal = services.short_term_goal_record(
        by=world.otto,
        pupil=world.bo,
        domain="maths",
        target_level="m6",
        target_moment="e6",
        evaluation_date=datetime.date(2026, 6, 1),
    )
    assert (goal.target_level, goal.target_moment, goal.outcome) == ("M6", "E6", "")
    with pytest.raises(ValidationError) as caught:
        services.short_term_goal_record(
            by=world.otto, pupil=world.bo, domain="maths", target_level="Q", target_moment="X9", evaluation_date=None
        )
    assert set(caught.value.message_dict) == {"target_level", "target_moment", "evaluation_date"}
    services.short_term_goal_review(by=world.iris, goal_id=goal.pk, outcome="partly", note="Bijna")
    goal.refresh_from_db()
    assert goal.outcome == "partly" and goal.reviewed_at and ShortTermGoal.objects.count() == 1


def give(world, kind, track, **kw):
    values = dict(by=world.otto, pupil=world.bo, kind=kind, track=track, given_on=world.year_a.first_day)
    return services.advice_give(**{**values, **kw})


def test_advice_needs_a_second_colleague_for_provisional_and_final(world):
    give(world, "expected_test", "havo")  # groep 7 advice: no second colleague needed
    with pytest.raises(ValidationError, match="tweede collega"):
        give(world, "provisional", "havo")
    with pytest.raises(ValidationError, match="iemand anders"):
        give(world, "provisional", "havo", second_colleague=world.otto)
    with pytest.raises(ValidationError, match="iemand anders"):
        give(world, "provisional", "havo", second_colleague=world.sven)
    made = give(world, "provisional", "havo", second_colleague=world.iris)
    assert made.second_colleague == world.iris


def test_advice_after_the_transfer_test_only_goes_up(world):
    give(world, "provisional", "vmbo_gt", second_track="havo", second_colleague=world.iris)
    with pytest.raises(ValidationError, match="nooit omlaag"):
        give(world, "final", "vmbo_kb", second_colleague=world.iris)
    with pytest.raises(ValidationError, match="uitslag van de doorstroomtoets hoger"):
        give(world, "final", "havo", second_colleague=world.iris, transfer_test_track="vmbo_gt")
    kept = give(world, "final", "vmbo_gt", second_colleague=world.iris, transfer_test_track="vmbo_kb")
    raised = give(world, "reconsidered", "havo", second_colleague=world.iris, transfer_test_track="havo")
    assert (kept.track, raised.track) == ("vmbo_gt", "havo")
    with pytest.raises(ValidationError, match="nooit omlaag"):
        give(world, "reconsidered", "vmbo_gt", second_colleague=world.iris)
    assert Advice.objects.count() == 3


def test_double_advice_must_be_adjacent_tracks(world):
    with pytest.raises(ValidationError, match="opeenvolgende"):
        give(world, "provisional", "vmbo_kb", second_track="havo", second_colleague=world.iris)


def test_database_refuses_overlapping_table_rows_and_self_as_second_colleague(world):
    from django.db import IntegrityError

    table = LevelTable.objects.create(school=world.school_a, test_name="T", domain="maths")
    table.rows.create(score_min=100, score_max=130, level="M3")
    with pytest.raises(IntegrityError), transaction.atomic():
        table.rows.create(score_min=130, score_max=140, level="E3")
    with pytest.raises(IntegrityError), transaction.atomic():
        Advice.objects.create(
            pupil=world.bo, school_year=world.year_a, kind="provisional", track="havo",
            given_on=world.year_a.first_day, given_by=world.otto, second_colleague=world.otto,
        )  # fmt: skip
