import datetime

import pytest

from tests import factories as f

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def school(db):
    school = f.SchoolFactory(brin="33CC00", name="De Vlinder")
    f.SchoolYearFactory(school=school, first_day=datetime.date(2026, 8, 17), last_day=datetime.date(2027, 7, 16))
    return school


@pytest.fixture
def run_import(school):
    from ouderbetrokkenheid.school.importing import import_export

    def _run(pupils=None, staff=None, *, dry_run=False, today=TODAY, target=None, confirm_leavers=None):
        return import_export(
            school=target or school,
            pupils=pupils,
            staff=staff,
            dry_run=dry_run,
            today=today,
            confirm_leavers=confirm_leavers,
        )

    return _run
