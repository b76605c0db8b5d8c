"""Retention and the AVG rights for what other apps joined the registry with: parents' threads
with the school (a year after the last post) and the record-read log (two years; an erasure keeps
the pupil's log but takes the guardian's name off their own reads)."""

import datetime

from conversations.models import Record, RecordRead
from ouderbetrokkenheid.privacy import services
from ouderbetrokkenheid.school.datakinds import kind
from threads.models import Post, Thread


def thread_with_post(family):
    thread = Thread.objects.create(school=family.school_a, guardian=family.anna)
    thread.pupils.add(family.pim)
    Post.objects.create(thread=thread, direction="in", via="portal", body="Pim is ziek.")
    return thread


def test_a_thread_goes_with_its_posts_a_year_after_its_last_post(family, clock):
    thread = thread_with_post(family)
    clock.move_to(thread.last_post_at + datetime.timedelta(days=364))
    services.retention_run()
    assert Thread.objects.filter(pk=thread.pk).exists()

    clock.move_to(thread.last_post_at + datetime.timedelta(days=366))
    run = services.retention_run()
    assert not Thread.objects.filter(pk=thread.pk).exists()
    assert not Post.objects.filter(thread_id=thread.pk).exists()
    assert run.removed["threads.threads"] == {"action": "delete", "count": 1}


def test_the_guardian_gets_their_posts_in_their_data_and_record_reads_are_logged_kinds(family):
    thread_with_post(family)
    record = Record.objects.filter(booking__pupil=family.pim).first()
    RecordRead.objects.create(record=record, school=family.school_a, guardian=family.anna, what="parent")
    assert [post.body for post in kind("threads.threads").of_guardian(family.anna)] == ["Pim is ziek."]
    assert kind("conversations.guardian_record_reads").of_guardian(family.anna).count() == 1
    assert kind("conversations.record_reads").of_pupil(family.pim).count() == 1


def test_record_reads_go_after_two_years(family, clock):
    record = Record.objects.filter(booking__pupil=family.pim).first()
    read = RecordRead.objects.create(record=record, school=family.school_a, guardian=family.anna, what="parent")
    clock.move_to(read.at + datetime.timedelta(days=2 * 365 - 1))
    services.retention_run()
    assert RecordRead.objects.filter(pk=read.pk).exists()
    clock.move_to(read.at + datetime.timedelta(days=2 * 365 + 1))
    run = services.retention_run()
    assert not RecordRead.objects.filter(pk=read.pk).exists()
    assert run.removed["conversations.record_reads"]["count"] == 1
