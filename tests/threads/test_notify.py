"""Teachers choose when they hear about new replies: at once, or a digest at set times (08:00 and
15:30 unless they set others). The mail counts replies and links to the inbox; it never carries
a parent's words, and only the thread's readers get it."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ouderbetrokkenheid.school.clock import at_local, local_day
from threads import notify, services
from threads.models import NotifyMode, NotifySetting

SECRET = "Pim is verdrietig"


def reply(world):
    return services.reply_file(guardian=world.anna, via="sms", body=SECRET, pupils=[world.pim])


def test_at_once_mails_the_readers_who_chose_it(world, django_capture_on_commit_callbacks):
    NotifySetting.objects.create(staff=world.tess, mode=NotifyMode.AT_ONCE)
    NotifySetting.objects.create(staff=world.otto, mode=NotifyMode.AT_ONCE)  # not Pim's teacher
    with django_capture_on_commit_callbacks(execute=True):
        reply(world)
    assert [m.to for m in mail.outbox] == [["tess@a.example.nl"]]
    assert SECRET not in mail.outbox[0].body and "/contact/school/" in mail.outbox[0].body


def test_a_digest_comes_at_the_set_times_with_the_replies_before_them(world, clock):
    today = local_day(timezone.now())
    clock.move_to(at_local(today, datetime.time(10)))
    reply(world)
    assert notify.digests_send() == 0  # 10:00: the 08:00 digest had nothing; this reply waits for 15:30
    clock.move_to(at_local(today, datetime.time(15, 35)))
    assert notify.digests_send() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["iris@a.example.nl", "tess@a.example.nl"]
    assert all(SECRET not in m.body for m in mail.outbox)
    assert notify.digests_send() == 0  # once per digest moment


def test_a_teacher_who_chose_at_once_gets_no_digest_and_sets_her_times(world, login_as, clock):
    client = login_as(world.tess)
    response = client.post(reverse("threads:notify_settings"), {"mode": "digest", "digest_times": "7 uur"})
    assert response.status_code == 200 and "Schrijf tijden als 08:00, 15:30." in response.content.decode()
    assert not NotifySetting.objects.exists()
    client.post(reverse("threads:notify_settings"), {"mode": "at_once", "digest_times": ""})
    assert NotifySetting.objects.get(staff=world.tess).mode == NotifyMode.AT_ONCE
    reply(world)
    clock.move_to(clock_day_time(17))
    notify.digests_send()
    assert [m.to for m in mail.outbox] == [["iris@a.example.nl"]]


def clock_day_time(hour):
    from django.utils import timezone

    return at_local(timezone.localdate(), datetime.time(hour))
