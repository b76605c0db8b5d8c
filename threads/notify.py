"""Telling staff about parents' new replies, the way each chose (NotifySetting): at once, or a
digest at set times (default 08:00 and 15:30), so the app does not demand their evenings.

The e-mail names how many new replies there are and links to the inbox; it never carries a
parent's words (staff mailboxes are not where those are kept)."""

import datetime
import logging

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.clock import at_local, local_day
from ouderbetrokkenheid.school.models import Staff

from .models import Direction, NotifyMode, NotifySetting, Post
from .selectors import threads_visible_to
from .texts import site_url

logger = logging.getLogger(__name__)
DEFAULT_TIMES = ("08:00", "15:30")


def readers(thread):
    """The staff who may read `thread`: the school's IB and the teachers of its children."""
    staff = Staff.objects.filter(school_id=thread.school_id, user__is_active=True).select_related("user")
    return [s for s in staff if threads_visible_to(s.user).filter(pk=thread.pk).exists()]


def _mail(staff, count):
    body = "\n".join([
        _("Er zijn %(count)d nieuwe berichten van ouders.") % {"count": count},
        _("Lees ze hier: %(link)s") % {"link": site_url(reverse("threads:inbox"))},
    ])  # fmt: skip
    send_mail(_("Nieuwe berichten van ouders"), body, None, [staff.user.email])


def at_once(*, post_id) -> int:
    """Mail the readers of a new reply who chose to hear at once; returns how many were told."""
    post = Post.objects.select_related("thread").filter(pk=post_id, direction=Direction.FROM_PARENT).first()
    if post is None:
        return 0
    told = 0
    at_once_ids = set(NotifySetting.objects.filter(mode=NotifyMode.AT_ONCE).values_list("staff_id", flat=True))
    for staff in readers(post.thread):
        if staff.pk in at_once_ids and staff.user.email:
            try:
                _mail(staff, 1)
            except OSError:  # the reply is filed; the digest of the day still lists it
                logger.warning("could not tell %s about a new reply", staff.pk, exc_info=True)
                continue
            told += 1
    return told


def _last_due(times, now) -> datetime.datetime | None:
    """The latest digest moment at or before `now` (today's or yesterday's last)."""
    today = local_day(now)
    moments = []
    for day in (today - datetime.timedelta(days=1), today):
        for text in times:
            try:
                moments.append(at_local(day, datetime.time.fromisoformat(text)))
            except ValueError:
                continue
    due = [m for m in moments if m <= now]
    return max(due) if due else None


def digests_send(*, now=None) -> int:
    """Send each digest reader whose set time has come a mail about the replies between their last
    digest moment and this one (no mail when there are none)."""
    now = now or timezone.now()
    sent = 0
    settings = {s.staff_id: s for s in NotifySetting.objects.all()}
    staff_list = Staff.objects.filter(user__is_active=True).filter(is_teacher=True) | Staff.objects.filter(
        user__is_active=True, is_ib=True
    )
    for staff in staff_list.select_related("user").distinct():
        setting = settings.get(staff.pk) or NotifySetting(staff=staff, mode=NotifyMode.DIGEST)
        if setting.mode != NotifyMode.DIGEST:
            continue
        due = _last_due(setting.digest_times or DEFAULT_TIMES, now)
        if due is None or (setting.last_digest_at and setting.last_digest_at >= due):
            continue
        since = setting.last_digest_at or due - datetime.timedelta(days=1)
        count = Post.objects.filter(
            thread__in=threads_visible_to(staff.user), direction=Direction.FROM_PARENT, created_at__gt=since,
            created_at__lte=due,
        ).count()  # fmt: skip
        with transaction.atomic():
            setting.last_digest_at = due  # the replies after `due` are the next digest's
            setting.save()
        if count and staff.user.email:
            _mail(staff, count)
            sent += 1
    return sent
