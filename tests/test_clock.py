"""The suite's controlled clock (tests/plugins/clock.py): every process of a test agrees on the day,
and a test that reads the wall clock fails instead of passing by luck."""

import datetime
import textwrap
import uuid
from pathlib import Path

import pytest
from django.utils import timezone

from tests.plugins.clock import SENTINEL, TODAY, clock_reads_at_import, suite_today, wall_clock_now

ROOT = Path(__file__).resolve().parent.parent
PLUGIN_ONLY = ["-p", "tests.plugins.clock", "-p", "no:django", "-p", "no:cacheprovider", "-p", "no:randomly"]


def test_every_test_starts_at_ten_on_the_suites_day():
    now = timezone.localtime()
    assert now.date() == TODAY
    assert datetime.time(10, 0) <= now.time() < datetime.time(10, 5)


def test_the_clock_fixture_moves_time_for_this_test_only(clock):
    clock.move_to(datetime.datetime(2027, 3, 28, 1, 59, tzinfo=datetime.UTC))
    assert timezone.localdate() == datetime.date(2027, 3, 28)


def test_the_next_test_is_back_on_the_suites_day():
    assert timezone.localdate() == TODAY


def test_ob_test_today_sets_the_day(monkeypatch):
    monkeypatch.setenv("OB_TEST_TODAY", "2027-02-10")
    assert suite_today() == datetime.date(2027, 2, 10)
    monkeypatch.setenv("OB_TEST_TODAY", "10-02-2027")
    with pytest.raises(pytest.UsageError, match="OB_TEST_TODAY"):
        suite_today()


def test_unset_it_is_the_real_today(monkeypatch):
    monkeypatch.delenv("OB_TEST_TODAY", raising=False)
    assert suite_today() == wall_clock_now().date()


def test_values_read_at_import_time_are_found_by_name():
    namespace = {
        "DAY": SENTINEL.date(),
        "NOW": SENTINEL.replace(minute=6),
        "NAIVE": SENTINEL.replace(tzinfo=None),
        "PINNED": datetime.date(2026, 11, 30),
        "OTHER": "2001-02-03",
    }
    assert sorted(clock_reads_at_import(namespace)) == ["DAY", "NAIVE", "NOW"]


@pytest.mark.celery_worker
def test_the_celery_worker_runs_on_the_suites_day(celery_worker_process):
    from django.core.cache import cache

    from ouderbetrokkenheid.celery import app

    key = f"test-clock-{uuid.uuid4().hex}"
    app.send_task("tests.clock_today", args=[key])
    assert celery_worker_process.wait_for(lambda: cache.get(key), timeout=20) == TODAY.isoformat()


@pytest.fixture
def run_plugin(pytester, monkeypatch):
    monkeypatch.setenv("OB_TEST_TODAY", "2027-02-10")
    monkeypatch.setenv("PYTHONPATH", str(ROOT))

    def _run(source):
        pytester.makepyfile(test_sample=textwrap.dedent(source))
        return pytester.runpytest_subprocess(*PLUGIN_ONLY)

    return _run


def test_a_module_that_reads_the_clock_at_import_fails_collection_by_name(run_plugin):
    result = run_plugin(
        """
        import datetime
        DAY = datetime.date.today()

        def test_uses_day():
            assert DAY
        """
    )
    assert result.ret != 0
    result.stderr.fnmatch_lines(["*read the clock at import time*", "*test_sample.DAY*"])


def test_a_test_that_stops_the_suites_clock_fails_by_name(run_plugin):
    result = run_plugin(
        """
        import time_machine

        def test_escapes():
            while time_machine.traveller_stack:
                time_machine.travel(0).stop()
        """
    )
    assert result.parseoutcomes()["failed"] == 1
    result.stdout.fnmatch_lines(["*test_escapes*controlled clock is not in force*"])


def test_a_test_that_leaves_a_travel_running_fails_by_name(run_plugin):
    result = run_plugin(
        """
        import time_machine

        def test_leaks():
            time_machine.travel("2030-01-01").start()
        """
    )
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*test_leaks*left a clock travel of its own running*"])


def test_inside_the_plugin_a_test_runs_on_ob_test_today(run_plugin):
    result = run_plugin(
        """
        import datetime

        def test_day():
            assert datetime.date.today() == datetime.date(2027, 2, 10)
        """
    )
    result.assert_outcomes(passed=1)


@pytest.mark.celery_worker
def test_the_worker_follows_a_test_that_moves_its_clock(celery_worker_process, clock):
    from django.core.cache import cache

    from ouderbetrokkenheid.celery import app

    clock.move_to(datetime.datetime(2027, 3, 28, 12, 0, tzinfo=datetime.UTC))  # the spring DST Sunday
    celery_worker_process.move_clock(timezone.now())
    key = f"test-clock-{uuid.uuid4().hex}"
    app.send_task("tests.clock_today", args=[key])
    assert celery_worker_process.wait_for(lambda: cache.get(key), timeout=20) == "2027-03-28"
