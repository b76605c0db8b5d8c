"""Each simulated night the simulator does what autovacuum would have done that day
(`simulation.simulator.autovacuum_nightly`): a year pressed into minutes outruns autovacuum's
naptime, and this machine's CI PostgreSQL runs with `autovacuum = off`, so without it the outbox
piles up dead row versions and no table of the year is ever analyzed."""

import pytest
from django.db import connection

from simulation.simulator import autovacuum_nightly, flush_statistics

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statistics")

PROBE = "simulation_autovacuum_probe"


def stats(table):
    """The table's counters as the server sees them, once this session's pending counts are flushed."""
    with connection.cursor() as cursor:
        flush_statistics(cursor)
        cursor.execute("SELECT n_dead_tup, last_vacuum, last_analyze FROM pg_stat_user_tables WHERE relname = %s",
                       [table])  # fmt: skip
        return cursor.fetchone()


@pytest.fixture
def probe(transactional_db):
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {PROBE} (id integer PRIMARY KEY)")
        cursor.execute(f"INSERT INTO {PROBE} SELECT generate_series(1, 1000)")
        cursor.execute(f"ANALYZE {PROBE}")
    yield PROBE
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {PROBE}")


def test_a_table_past_autovacuums_thresholds_is_vacuumed_and_analyzed_that_night_and_then_left_alone(probe):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {probe} WHERE id <= 600")  # 600 dead > 50 + 20 % of 1,000 rows
    dead, vacuumed, _analyzed = stats(probe)
    assert dead == 600 and vacuumed is None

    assert f"VACUUM (ANALYZE) {probe}" in autovacuum_nightly()
    dead, vacuumed, analyzed = stats(probe)
    assert dead == 0 and vacuumed is not None and analyzed is not None
    assert not [done for done in autovacuum_nightly() if done.endswith(f" {probe}")], "nothing left to do"

    with connection.cursor() as cursor:
        # 100 of the 400 rows changed: past ANALYZE's 50 + 10 %, not VACUUM's 50 + 20 %
        cursor.execute(f"UPDATE {probe} SET id = id + 10000 WHERE id <= 700")
    assert [done for done in autovacuum_nightly() if done.endswith(f" {probe}")] == [f"ANALYZE {probe}"]


@pytest.mark.django_db
def test_inside_a_transaction_nothing_is_vacuumed():
    """A test's transaction (the simulator under pytest) cannot VACUUM, and no version could go."""
    assert autovacuum_nightly() == []
