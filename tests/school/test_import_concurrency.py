"""Two imports for one school at the same time, on two real PostgreSQL connections: the second waits
for the first to commit (the school row is locked inside the import's transaction) and then
works on its result; they never interleave."""

import threading
import time

import pytest
from django.db import connection, transaction

from ouderbetrokkenheid.school.importing import import_export
from ouderbetrokkenheid.school.models import ImportRun, Pupil

from .conftest import TODAY
from .exports import pupil, to_csv


def export(numbers):
    return to_csv([pupil(leerlingnummer=str(n), verzorgernummer=f"g{n}", email=f"o{n}@example.nl") for n in numbers])


def in_thread(work, outcome, key):
    def run():
        try:
            outcome[key] = work()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            outcome[key] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def waiting_for_a_lock():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_second_import_waits_for_the_first_and_builds_on_it(school):
    first_done, release, outcome = threading.Event(), threading.Event(), {}

    def first():
        with transaction.atomic():  # the first import is written but not yet committed …
            report = import_export(school=school, pupils=export(range(1, 6)), dry_run=False, today=TODAY)
            first_done.set()
            release.wait(timeout=30)  # … until the test lets it commit
        return report

    def second():
        first_done.wait(timeout=30)
        return import_export(school=school, pupils=export(range(1, 7)), dry_run=False, today=TODAY)

    threads = [in_thread(first, outcome, "first"), in_thread(second, outcome, "second")]
    assert first_done.wait(timeout=30)
    deadline = time.monotonic() + 10
    while not waiting_for_a_lock() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert waiting_for_a_lock() == 1  # the second import waits on the school row
    assert "second" not in outcome
    release.set()
    for thread in threads:
        thread.join(timeout=60)

    first_report, second_report = outcome["first"], outcome["second"]
    assert not isinstance(second_report, Exception), second_report
    assert first_report.summary().startswith("11 wijzigingen, 5 nieuwe leerlingen")
    # The second saw the first's pupils: only pupil 6 (and its guardian) is new, nothing twice.
    assert [entry.subject for entry in second_report.new] == ["Fatima Bakker (6)", "Samira El Idrissi (o6@example.nl)"]
    assert sorted(Pupil.objects.filter(school=school).values_list("external_id", flat=True)) == list("123456")
    assert ImportRun.objects.filter(school=school).count() == 2
