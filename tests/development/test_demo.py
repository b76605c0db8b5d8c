"""The demo development data loads on the demo school, is idempotent and shows the special cases."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from development import rules
from development.demo import DEMO_TEST
from development.models import ExitPerspective, Publication, TestResult
from ouderbetrokkenheid.school.models import Enrollment


def run(command, *args):
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    run("demo_school", "--no-simulation")  # the import only: fast
    return run("demo_development")


def latest_delays(pupil, dl_of):
    delays = {}
    for domain in ("maths", "spelling", "technical_reading", "reading_comprehension"):
        last = TestResult.objects.filter(pupil=pupil, domain=domain).order_by("-taken_on").first()
        if last:
            level = rules.parse_level(last.level_reported)
            delays[domain] = rules.delay(level.dle, dl_of(last))
    return delays


def test_demo_loads_special_cases_and_is_idempotent(demo):
    assert "toetsresultaten in de demoschool" in demo
    results = TestResult.objects.filter(test_name=DEMO_TEST)
    count = results.count()
    assert count > 500
    pupils = set(results.values_list("pupil_id", flat=True))
    current = Enrollment.objects.current(timezone.localdate()).filter(pupil_id__in=pupils)
    assert set(current.values_list("year_level", flat=True)) <= {4, 5, 6, 7, 8}
    assert all(rules.parse_level(level) for level in results.values_list("level_reported", flat=True).distinct())

    for kind in ("repeated", "lateral", "pro", "above_e8"):
        assert kind in demo
    run("demo_development")
    assert results.count() == count
    assert ExitPerspective.objects.count() <= 4 and Publication.objects.count() == 1


def test_demo_cases_follow_the_rules(demo):
    results = TestResult.objects.filter(test_name=DEMO_TEST)
    above = results.filter(level_reported="E8+")
    assert above.exists() and set(above.values_list("year_level", flat=True)) <= {7, 8}
    above_pupils = set(above.values_list("pupil_id", flat=True))
    assert set(
        Enrollment.objects.current(timezone.localdate())
        .filter(pupil_id__in=above_pupils)
        .values_list("year_level", flat=True)
    ) == {8}
    # The repeated pupil has groep-4 results in two school years.
    e4_maths = results.filter(year_level=4, phase="E", domain="maths")
    repeated = {
        pupil_id
        for pupil_id in e4_maths.values_list("pupil_id", flat=True)
        if e4_maths.filter(pupil_id=pupil_id).count() == 2
    }
    assert len(repeated) == 1
    years = sorted(e4_maths.filter(pupil_id__in=repeated).values_list("school_year_start", flat=True))
    assert years[1] == years[0] + 1
    # The PrO pupil (groep 7) is at least half behind in maths and spelling: DL at the last moment
    # with six prior years counted from groep 3.
    pro = ExitPerspective.objects.get(track="pro").pupil
    delays = latest_delays(pro, lambda r: rules.moment_dl(r.year_level, r.phase, r.year_level - 3))
    assert rules.pro_delay_criterion(delays), delays
