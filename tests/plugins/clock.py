"""The suite's clock (pytest plugin): every test runs on a day the suite controls.

`OB_TEST_TODAY=2027-02-10 make test` makes the whole suite believe it is 10 February 2027;
unset, it is the real today. Each test starts at 10:00 Europe/Amsterdam on that day and the
clock ticks from there (time-machine), through setup, the test and teardown, in this process
and its threads (the live server of the browser tests). Processes the tests start get the
same clock: the Celery workers through `clock_environment()` (tests/plugins/celery_test_app.py
starts the travel), Chromium through Playwright's clock (tests/e2e/conftest.py).

Two guards make a test that escapes the controlled clock fail instead of passing by luck:

- collection runs on a sentinel instant (`SENTINEL`); a test module or class that reads the
  clock at import time (`DAY = date.today()`) keeps that sentinel and fails collection with its
  name, since such a value would be the wall clock's day as soon as the suite runs on another;
- every phase of every test checks that the suite's travel is still in force, so a test that
  stops it (or a fixture that leaks one of its own) fails by name.

Tests that need another moment move the clock themselves: the `clock` fixture is the running
traveller (`clock.move_to(...)`, `clock.shift(...)`), or nest `time_machine.travel(...)`.
"""

import datetime
import inspect
import os
import sys
import zoneinfo

import pytest
import time_machine

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
START_OF_TEST = datetime.time(10, 0)
SENTINEL = datetime.datetime(2001, 2, 3, 4, 5, 6, tzinfo=datetime.UTC)
ENV_TODAY = "OB_TEST_TODAY"
ENV_CLOCK_AT = "OB_TEST_CLOCK_AT"


def wall_clock_now() -> datetime.datetime:
    if time_machine.escape_hatch.is_travelling():
        return time_machine.escape_hatch.datetime.datetime.now(AMSTERDAM)
    return datetime.datetime.now(AMSTERDAM)


def suite_today() -> datetime.date:
    """The day the suite runs on: OB_TEST_TODAY, or the real today (read once, outside any travel)."""
    value = os.environ.get(ENV_TODAY, "").strip()
    if not value:
        return wall_clock_now().date()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise pytest.UsageError(f"{ENV_TODAY}={value!r} is not a date (YYYY-MM-DD)") from None


TODAY = suite_today()


def test_start() -> datetime.datetime:
    """The moment every test starts at."""
    return datetime.datetime.combine(TODAY, START_OF_TEST, tzinfo=AMSTERDAM)


def clock_environment() -> dict:
    """Environment for a process a test starts: it travels to this process's current moment."""
    from django.utils import timezone

    return {ENV_TODAY: TODAY.isoformat(), ENV_CLOCK_AT: timezone.now().isoformat()}


def start_process_clock():
    """In a process a test started (a Celery worker): travel to the moment the test passed on."""
    value = os.environ.get(ENV_CLOCK_AT)
    if not value:
        return None
    return time_machine.travel(datetime.datetime.fromisoformat(value), tick=True).start()


def worker_clock_key(queue: str) -> str:
    """Where a test leaves the moment a worker on `queue` should run at (read before each task)."""
    return f"ob-test-clock:{queue}"


def clock_reads_at_import(namespace: dict) -> list[str]:
    """Names in a module or class namespace that hold the clock as read at import time."""
    sentinel_values = {SENTINEL, SENTINEL.date(), SENTINEL.astimezone(AMSTERDAM).date()}
    found = []
    for name, value in namespace.items():
        if value is SENTINEL:
            continue
        if isinstance(value, datetime.datetime):
            instant = value if value.tzinfo else value.replace(tzinfo=datetime.UTC)
            if abs((instant - SENTINEL).total_seconds()) < 24 * 3600:
                found.append(name)
        elif isinstance(value, datetime.date) and value in sentinel_values:
            found.append(name)
    return found


class SuiteClock:
    def __init__(self):
        self.collecting = None
        self.traveller = None

    @pytest.hookimpl(hookwrapper=True)
    def pytest_collection(self, session):
        travel = time_machine.travel(SENTINEL, tick=True)
        travel.start()
        try:
            yield
        finally:
            travel.stop()

    def pytest_collection_modifyitems(self, session, config, items):
        offenders = []
        modules = {name: module for name, module in sys.modules.items() if name.startswith("tests.") and module}
        modules.update({item.module.__name__: item.module for item in items if getattr(item, "module", None)})
        for module_name, module in sorted(modules.items()):
            namespaces = [(module_name, vars(module))]
            namespaces += [
                (f"{module_name}.{name}", vars(value))
                for name, value in vars(module).items()
                if inspect.isclass(value) and value.__module__ == module_name
            ]
            for owner, namespace in namespaces:
                offenders += [f"  {owner}.{name}" for name in clock_reads_at_import(namespace)]
        if offenders:
            raise pytest.UsageError(
                "These read the clock at import time, outside the suite's controlled clock; "
                "compute them inside the test (or a fixture) instead:\n" + "\n".join(offenders)
            )

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item, nextitem):
        travel = time_machine.travel(test_start(), tick=True)
        self.traveller = travel.start()
        try:
            yield
        finally:
            while time_machine.traveller_stack:  # ours and any a failing test left behind
                travel.stop()
            self.traveller = None

    def _check(self, item, phase):
        if self.traveller is None or self.traveller not in time_machine.traveller_stack:
            pytest.fail(f"{item.nodeid}: the suite's controlled clock is not in force during {phase}", pytrace=False)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_setup(self, item):
        self._check(item, "setup")
        yield

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item):
        self._check(item, "the test")
        yield
        self._check(item, "the test")

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_teardown(self, item):
        yield
        self._check(item, "teardown")
        if time_machine.traveller_stack[-1] is not self.traveller:
            pytest.fail(f"{item.nodeid}: left a clock travel of its own running after teardown", pytrace=False)


_suite_clock = SuiteClock()


def pytest_configure(config):
    config.pluginmanager.register(_suite_clock, "ob-suite-clock")


def pytest_report_header(config):
    return f"controlled clock: {TODAY.isoformat()} {START_OF_TEST:%H:%M} Europe/Amsterdam ({ENV_TODAY})"


@pytest.fixture
def clock():
    """The suite's traveller for this test: `clock.move_to(moment)`, `clock.shift(timedelta)`."""
    return _suite_clock.traveller
