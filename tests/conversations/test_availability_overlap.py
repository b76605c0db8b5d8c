"""Issue 14: a teacher's availability spans never overlap, in one round or across rounds. A
PostgreSQL exclusion constraint is the last word (also under concurrent requests); the teacher
gets a clear Dutch message, and generating slots across rounds no longer ends in an IntegrityError."""

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from conversations.models import Availability, Booking, Slot
from conversations.slots import availability_remove, slots_generate
from tests.conversations.test_concurrency_booking import race

from .test_rounds_support import DAY, available, make_round, t


def second_round(world):
    return make_round(world, kind="start", title="Startgesprekken groep 3")


@pytest.mark.django_db
def test_an_overlapping_span_in_the_same_round_is_refused_in_dutch(world):
    round = make_round(world)
    available(round, world.tess, t(15), t(16))

    with pytest.raises(ValidationError) as refused:
        available(round, world.tess, t(15, 30), t(16, 30))

    message = refused.value.messages[0]
    assert "al beschikbaar in deze ronde" in message and "15:00" in message and "16:00" in message
    assert Availability.objects.filter(staff=world.tess).count() == 1


@pytest.mark.django_db
def test_an_overlapping_span_in_another_round_is_refused_and_names_that_round(world):
    first, second = make_round(world), second_round(world)
    available(first, world.tess, t(15), t(16))

    with pytest.raises(ValidationError) as refused:
        available(second, world.tess, t(15, 45), t(17))

    message = refused.value.messages[0]
    assert "Eerste ontwikkelingsgesprek" in message and "twee rondes" in message
    assert not Availability.objects.filter(round=second).exists()


@pytest.mark.django_db
def test_touching_spans_and_other_teachers_are_fine(world):
    first, second = make_round(world), second_round(world)
    available(first, world.tess, t(15), t(16))
    available(first, world.tess, t(16), t(17))  # a span right after: no overlap
    available(second, world.tess, t(17), t(18))  # the other round, right after
    available(second, world.otto, t(15), t(16))  # another teacher at the same time
    assert Availability.objects.count() == 4


@pytest.mark.django_db
def test_the_database_refuses_overlapping_spans_of_one_teacher_across_rounds(world):
    first, second = make_round(world), second_round(world)
    Availability.objects.create(round=first, staff=world.tess, starts_at=t(15), ends_at=t(16))
    with pytest.raises(IntegrityError, match="availability_staff_no_overlap"), transaction.atomic():
        Availability.objects.create(round=second, staff=world.tess, starts_at=t(15, 50), ends_at=t(16, 30))
    Availability.objects.create(round=second, staff=world.otto, starts_at=t(15, 50), ends_at=t(16, 30))


@pytest.mark.django_db
def test_generating_slots_over_another_rounds_slots_is_a_clear_message_not_an_integrity_error(world):
    first, second = make_round(world), second_round(world)
    available(first, world.tess, t(15), t(16))
    slots_generate(round=first)
    availability_remove(availability=Availability.objects.get(round=first))  # the slots stay until regenerated
    available(second, world.tess, t(15, 30), t(16, 30))

    with pytest.raises(ValidationError) as refused:
        slots_generate(round=second)

    assert any("al een gespreksplek in de ronde Eerste ontwikkelingsgesprek" in m for m in refused.value.messages)
    assert not Slot.objects.filter(round=second).exists()  # nothing half-written
    assert Slot.objects.filter(round=first).count() == 4


@pytest.mark.django_db
def test_a_booked_slot_that_stays_is_named_when_the_new_availability_overlaps_it(world):
    round = make_round(world)
    available(round, world.tess, t(15), t(16))
    slots_generate(round=round)
    before = list(Slot.objects.filter(round=round).order_by("starts_at"))
    Booking.objects.create(round=round, slot=before[0], pupil=world.pim)
    availability_remove(availability=Availability.objects.get(round=round))
    available(round, world.tess, t(14, 50), t(15, 50))  # slots 14:50, 15:05, …: 14:50 overlaps the booked 15:00

    with pytest.raises(ValidationError) as refused:
        slots_generate(round=round)

    assert any("geboekt gesprek" in m and "15:00" in m for m in refused.value.messages)
    assert list(Slot.objects.filter(round=round).order_by("starts_at")) == before  # nothing written


@pytest.mark.django_db
def test_the_teacher_sees_the_refusal_on_the_form(world, login_as):
    first, second = make_round(world), second_round(world)
    available(first, world.tess, t(15), t(16))
    client = login_as(world.tess)

    response = client.post(
        reverse("conversations:availability", kwargs={"round_id": second.pk}),
        {"day": DAY.isoformat(), "start": "15:30", "end": "16:30", "room": "1"},
    )

    assert response.status_code == 200
    page = " ".join(response.content.decode().split())
    assert "al beschikbaar voor de ronde Eerste ontwikkelingsgesprek" in page
    assert not Availability.objects.filter(round=second).exists()


@pytest.mark.django_db
def test_leadership_sees_why_slots_were_not_made(world, login_as):
    first, second = make_round(world), second_round(world)
    available(first, world.tess, t(15), t(16))
    slots_generate(round=first)
    availability_remove(availability=Availability.objects.get(round=first))
    available(second, world.tess, t(15, 30), t(16, 30))

    response = login_as(world.lea).post(
        reverse("conversations:slots_generate", kwargs={"round_id": second.pk}), follow=True
    )

    assert response.status_code == 200
    assert "al een gespreksplek in de ronde Eerste ontwikkelingsgesprek" in " ".join(response.content.decode().split())


# -- concurrent clients: the constraint is the last word ------------------------------------------


def waiting_for_a_lock(pid_to_skip, query_start='INSERT INTO "conversations_availability"'):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> %s AND query ILIKE %s",
            [pid_to_skip, query_start.replace("%", "%%") + "%"],
        )
        return cursor.fetchone()[0] > 0


def b_while_a_holds(world, write_a, waits_in):
    """Connection A runs `write_a()` in a transaction it holds open; meanwhile teacher B enters
    15:30–16:30 in the second round. Returns B's outcome and, for each query start in `waits_in`,
    whether B waited on a lock in such a query before A committed."""
    inserted, commit, outcome = threading.Event(), threading.Event(), {}

    def writer_a():
        try:
            with transaction.atomic():
                write_a()
                inserted.set()
                commit.wait(timeout=30)
        finally:
            connection.close()

    def teacher_b():
        try:
            outcome["b"] = available(second_round(world), world.tess, t(15, 30), t(16, 30))
        except ValidationError as error:
            outcome["b"] = error
        finally:
            connection.close()

    a = threading.Thread(target=writer_a)
    a.start()
    assert inserted.wait(timeout=30)
    b = threading.Thread(target=teacher_b)
    b.start()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        me = cursor.fetchone()[0]
    deadline = time.monotonic() + 30
    while not any(waiting_for_a_lock(me, query) for query in waits_in) and time.monotonic() < deadline:
        time.sleep(0.05)
    waited = {query: waiting_for_a_lock(me, query) for query in waits_in}
    commit.set()
    a.join(timeout=30)
    b.join(timeout=30)
    return outcome["b"], waited


INSERT, LOCK_TEACHER = 'INSERT INTO "conversations_availability"', 'SELECT "school_staff"'


@pytest.mark.django_db(transaction=True)
def test_a_span_committed_while_the_check_ran_is_refused_by_the_constraint(world):
    """Connection A inserts a span (bypassing the service) and holds its transaction open;
    connection B's check cannot see it, so B's insert waits on the exclusion constraint, and
    fails once A commits. B gets the same Dutch message, and one span is stored."""
    first = make_round(world)

    def insert_directly():
        Availability.objects.create(round=first, staff=world.tess, starts_at=t(15), ends_at=t(16))

    outcome, waited = b_while_a_holds(world, insert_directly, [INSERT])

    assert waited[INSERT], "B never waited on the constraint"
    assert isinstance(outcome, ValidationError), outcome
    assert "al beschikbaar voor de ronde Eerste ontwikkelingsgesprek" in outcome.messages[0]
    assert list(Availability.objects.values_list("round_id", flat=True)) == [first.pk]


@pytest.mark.django_db(transaction=True)
def test_a_second_session_of_the_teacher_waits_before_it_writes_and_gets_the_dutch_refusal(world):
    """Session A enters a span through the service inside a transaction it holds open. Session B,
    entering an overlapping span, must wait on the teacher (before its check), not on the
    constraint after its insert: two inserts that wait on each other's rows are how PostgreSQL
    ends one in "deadlock detected" (CI, December 2026). Once A commits, B's check sees A's span."""
    first = make_round(world)

    outcome, waited = b_while_a_holds(world, lambda: available(first, world.tess, t(15), t(16)), [LOCK_TEACHER, INSERT])

    assert waited[LOCK_TEACHER] and not waited[INSERT], waited
    assert isinstance(outcome, ValidationError), outcome
    assert "al beschikbaar voor de ronde Eerste ontwikkelingsgesprek" in outcome.messages[0]
    assert list(Availability.objects.values_list("round_id", flat=True)) == [first.pk]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt_round", range(4))
def test_a_teachers_sessions_racing_for_overlapping_spans_store_one_and_refuse_the_rest(world, attempt_round):
    """Four sessions of one teacher enter overlapping spans at the same moment, in two rounds.
    Left to the exclusion constraint alone, two inserts can each wait on the other's row, and
    PostgreSQL aborts one with "deadlock detected" (CI, December 2026); the teacher's writes are
    serialised, so each loser gets the Dutch refusal. Repeated, because a race is a chance."""
    rounds = [make_round(world), second_round(world)]
    starts = [t(15), t(15, 30), t(15, 15), t(15, 45)]

    def attempt(i):
        try:
            return available(rounds[i % 2], world.tess, starts[i], starts[i] + datetime.timedelta(hours=1))
        except ValidationError as error:
            return error

    outcomes = race(len(starts), attempt, connect_first=True)

    kinds = sorted(type(o).__name__ for o in outcomes)
    assert kinds == ["Availability"] + ["ValidationError"] * 3, outcomes
    for refusal in (o for o in outcomes if isinstance(o, ValidationError)):
        assert "al beschikbaar" in refusal.messages[0]
    assert Availability.objects.filter(staff=world.tess).count() == 1


@pytest.mark.django_db
def test_the_migration_makes_existing_spans_disjoint_before_the_constraint(world):
    """Spans stored before the constraint: merged within a round, trimmed across rounds. The
    constraint is dropped inside this test's transaction (PostgreSQL DDL is transactional)."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("conversations.migrations.0006_availability_staff_no_overlap")
    first, second = make_round(world), second_round(world)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE conversations_availability DROP CONSTRAINT availability_staff_no_overlap")
    span = lambda round, start, end, staff=world.tess: Availability.objects.create(  # noqa: E731
        round=round, staff=staff, starts_at=start, ends_at=end
    )
    span(first, t(15), t(16))
    span(first, t(15, 30), t(16, 30))  # same round: merged into 15:00–16:30
    span(second, t(16), t(17))  # other round: starts at 16:30 now
    span(second, t(16, 40), t(16, 50))  # inside the previous one: goes
    span(first, t(15), t(16), staff=world.otto)  # another teacher: untouched

    migration.make_disjoint(apps, None)

    tess = [(a.round_id, a.starts_at, a.ends_at) for a in Availability.objects.filter(staff=world.tess)]
    assert sorted(tess, key=lambda row: row[1]) == [(first.pk, t(15), t(16, 30)), (second.pk, t(16, 30), t(17))]
    assert Availability.objects.filter(staff=world.otto).count() == 1
