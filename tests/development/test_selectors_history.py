"""The view's didactic age follows the pupil's real history, also where the app has no enrollment
for earlier years: a repeated year shows up as the same test moment in two school years."""

import datetime

from development import selectors
from development.models import Domain, ExitPerspective, TestResult
from tests.development.conftest import start_year


def result(pupil, *, school_year_start, year_level, phase, level, domain=Domain.MATHS):
    day = datetime.date(school_year_start + 1, 1, 25) if phase == "M" else datetime.date(school_year_start + 1, 6, 15)
    return TestResult.objects.create(
        pupil=pupil, domain=domain, year_level=year_level, phase=phase, taken_on=day,
        test_name="LVS-toets", level_reported=level,
    )  # fmt: skip


def test_repeated_year_keeps_both_results_and_counts_on(world):
    # Bo is in groep 6 now; groep 4 took two school years (repeated), with M4 tested in both.
    now = start_year()
    result(world.bo, school_year_start=now - 4, year_level=3, phase="M", level="M3")
    result(world.bo, school_year_start=now - 3, year_level=4, phase="M", level="E3")
    result(world.bo, school_year_start=now - 2, year_level=4, phase="M", level="M4")
    result(world.bo, school_year_start=now - 1, year_level=5, phase="M", level="M5")

    view = selectors.pupil_view(world.bo)
    maths = next(d for d in view.domains if d.domain == Domain.MATHS)

    # Four points, not three: the second M4 does not replace the first.
    assert [(p.dl, p.dle) for p in maths.points] == [(5, 5), (15, 10), (25, 15), (35, 25)]
    # Latest: M5 (DLE 25) at DL 35 (groep 3, 4, 4 again, then middle of groep 5): LR 25/35.
    assert maths.dl == 35 and maths.dle == 25
    assert round(maths.rate, 3) == round(25 / 35, 3)


def test_latest_exit_perspective_per_pupil(world):
    ExitPerspective.objects.create(pupil=world.bo, track="vmbo_kb", reasoning="eerder")
    ExitPerspective.objects.create(pupil=world.bo, track="havo", reasoning="nu")
    ExitPerspective.objects.create(pupil=world.pim, track="vwo", reasoning="pim")

    latest = selectors._latest_perspectives([world.bo.pk, world.pim.pk])

    assert latest[world.bo.pk].track == "havo"
    assert latest[world.pim.pk].track == "vwo"
