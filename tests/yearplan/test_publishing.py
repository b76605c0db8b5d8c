"""Draft → published; a re-publish notifies exactly the guardians affected, once each, in their language."""

import datetime
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from messaging.models import Message, Purpose
from ouderbetrokkenheid.school.models import PeriodKind
from tests import factories as f
from tests.yearplan.calendar_data import add_period, build_calendar, evening
from yearplan.events import guardian_events
from yearplan.models import Publication, PublishedEvent
from yearplan.publishing import calendar_diff, calendar_publish


@pytest.fixture
def calendar(world):
    return build_calendar(world)


def notices():
    return Message.objects.filter(purpose=Purpose.NOTICE, parts__source__startswith="yearplan.publication:")


def recipients():
    return sorted(m.guardian.first_name for m in notices().select_related("guardian"))


def published_uids(guardian, year):
    return {e.uid for e, _children in guardian_events(guardian, year)}


def test_first_publish_stores_every_event_and_messages_nobody(world, calendar):
    publication = calendar_publish(school_year=world.year_a, by=world.lea)
    assert publication.added == PublishedEvent.objects.filter(school_year=world.year_a).count() > 0
    assert publication.notified == 0 and not notices().exists()
    assert calendar_diff(world.year_a).is_empty
    assert not PublishedEvent.objects.filter(school_year=world.year_b).exists(), "only this school year"


def test_parents_never_see_a_draft_change_before_it_is_published(world, calendar):
    calendar_publish(school_year=world.year_a, by=world.lea)
    session = calendar.session_3
    before = {e.uid: e for e, _c in guardian_events(world.anna, world.year_a)}[
        f"session-{session.pk}@11aa00.ouderbetrokkenheid"
    ]
    session.starts_at += datetime.timedelta(days=1)
    session.save()
    new_day = add_period(
        world.year_a, PeriodKind.STUDY_DAY, "Extra studiedag", timezone.localdate() + datetime.timedelta(days=30)
    )
    diff = calendar_diff(world.year_a)
    assert diff.states[f"session-{session.pk}@11aa00.ouderbetrokkenheid"] == "changed"
    assert diff.states[f"period-{new_day.pk}@11aa00.ouderbetrokkenheid"] == "new"
    after = {e.uid: e for e, _c in guardian_events(world.anna, world.year_a)}
    assert after[before.uid].start == before.start, "parents still see the published time"
    assert f"period-{new_day.pk}@11aa00.ouderbetrokkenheid" not in after


def test_republish_notifies_the_audience_of_a_changed_session_once(world, calendar):
    calendar_publish(school_year=world.year_a, by=world.lea)
    session = calendar.session_3  # groep 3: Anna's Pim
    session.starts_at = evening(timezone.localdate() + datetime.timedelta(days=15), hour=18)
    session.save()
    publication = calendar_publish(school_year=world.year_a, by=world.lea)
    assert (publication.added, publication.changed, publication.removed) == (0, 1, 0)
    assert recipients() == ["Anna"], "not Bert (groep 6), not Karel (school B)"
    message = notices().get()
    assert "Veranderd" in message.text and session.item.title in message.text and "18:00" in message.text
    assert "/jaarplanning/ouders/" in message.text
    row = PublishedEvent.objects.get(uid=f"session-{session.pk}@11aa00.ouderbetrokkenheid")
    assert row.sequence == 1
    again = calendar_publish(school_year=world.year_a, by=world.lea)
    assert (again.changed, again.notified) == (0, 0) and notices().count() == 1, "no change, no message"


def test_several_changes_make_one_message_per_guardian_in_their_language(world, calendar):
    world.bert.language = "ar"
    world.bert.save()
    calendar_publish(school_year=world.year_a, by=world.lea)
    calendar.study_day.start_date = calendar.study_day.end_date = calendar.study_day.start_date + datetime.timedelta(1)
    calendar.study_day.save()  # the whole school
    removed_uid = f"session-{calendar.session_6.pk}@11aa00.ouderbetrokkenheid"
    calendar.session_6.delete()  # Bo's year level
    new_day = timezone.localdate() + datetime.timedelta(days=33)
    add_period(world.year_a, PeriodKind.STUDY_DAY, "Extra studiedag", new_day)
    publication = calendar_publish(school_year=world.year_a, by=world.lea)
    assert (publication.added, publication.changed, publication.removed) == (1, 1, 1)
    assert recipients() == ["Anna", "Bert"] and publication.notified == 2
    anna = notices().get(guardian=world.anna)
    bert = notices().get(guardian=world.bert)
    assert anna.language == "nl" and anna.text.count("\n- ") == 2, "study day moved and added; not Bo's session"
    assert bert.language == "ar" and bert.text.count("\n- ") == 3
    assert "Gaat niet door" not in bert.text and "Veranderd" not in bert.text, "Bert reads Arabic"
    removed = PublishedEvent.objects.get(uid=removed_uid)
    assert removed.withdrawn_at is not None and removed.sequence == 1
    assert removed.uid not in published_uids(world.bert, world.year_a)


def test_a_change_parents_do_not_see_bumps_the_sequence_but_messages_nobody(world, calendar):
    calendar_publish(school_year=world.year_a, by=world.lea)
    calendar.session_3.presenters.add(world.iris)
    publication = calendar_publish(school_year=world.year_a, by=world.lea)
    assert publication.changed == 1 and publication.notified == 0 and not notices().exists()
    assert PublishedEvent.objects.get(uid=f"session-{calendar.session_3.pk}@11aa00.ouderbetrokkenheid").sequence == 1


def test_a_change_to_an_event_that_is_over_messages_nobody(world, calendar):
    past = add_period(
        world.year_a, PeriodKind.STUDY_DAY, "Studiedag oktober", world.year_a.first_day + datetime.timedelta(days=3)
    )
    calendar_publish(school_year=world.year_a, by=world.lea)
    past.name = "Studiedag (verplaatst)"
    past.save()
    assert calendar_publish(school_year=world.year_a, by=world.lea).notified == 0


def test_a_family_with_children_in_two_year_levels_gets_one_message(world, calendar):
    sara = f.PupilFactory(school=world.school_a, first_name="Sara")
    f.EnrollmentFactory(pupil=sara, group=world.group_56, year_level=6)
    f.GuardianOfFactory(guardian=world.anna, pupil=sara)
    calendar_publish(school_year=world.year_a, by=world.lea)
    calendar.session_3.starts_at += datetime.timedelta(hours=1)
    calendar.session_3.save()
    calendar.session_6.starts_at += datetime.timedelta(hours=1)
    calendar.session_6.save()
    calendar_publish(school_year=world.year_a, by=world.lea)
    assert recipients() == ["Anna", "Bert"]
    assert notices().get(guardian=world.anna).text.count("\n- ") == 2


def test_publishing_takes_the_same_number_of_queries_for_more_families(world, calendar):
    calendar_publish(school_year=world.year_a, by=world.lea)

    def republish():
        calendar.study_day.name += "!"
        calendar.study_day.save()
        with CaptureQueriesContext(connection) as queries:
            calendar_publish(school_year=world.year_a, by=world.lea)
        return len(queries)

    few = republish()
    for n in range(6):
        pupil = f.PupilFactory(school=world.school_a)
        f.EnrollmentFactory(pupil=pupil, group=world.group_3, year_level=3)
        f.GuardianOfFactory(
            guardian=f.GuardianFactory(school=world.school_a, email=f"ouder{n}@example.nl"), pupil=pupil
        )
    assert republish() == few
    assert Publication.objects.filter(school_year=world.year_a).count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_leaders_publishing_at_once_send_each_guardian_one_message(world):
    """Two publishes of the same change race (barrier, own connections): the year row lock makes
    the second see nothing new, so Anna gets one message and the sequence goes up once."""
    calendar = build_calendar(world)
    calendar_publish(school_year=world.year_a, by=world.lea)
    calendar.session_3.starts_at += datetime.timedelta(hours=1)
    calendar.session_3.save()
    barrier, results = threading.Barrier(2), [None, None]

    def run(i):
        try:
            barrier.wait(timeout=30)
            results[i] = calendar_publish(school_year=world.year_a, by=world.lea)
        except BaseException as error:  # noqa: BLE001 - reported below
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(r.changed for r in results) == [0, 1], results
    assert recipients() == ["Anna"]
    assert PublishedEvent.objects.get(uid=f"session-{calendar.session_3.pk}@11aa00.ouderbetrokkenheid").sequence == 1
