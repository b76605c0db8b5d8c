"""Buddies: the IB pairs a parent who needs a push with a buddy parent of the same school.

Both give their consent (recorded: by whom, when, how); the pair is active only when both
did, and either of them can end it. The buddy is reminded through messaging.services before
each information session the paired parent is invited to, once per pair and session
(a BuddyReminder row with a unique constraint; the pair rows are locked while scheduling).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import Invitation, Response
from messaging.services import message_cancel, reminder_schedule
from ouderbetrokkenheid.school.clock import at_local, local_day
from ouderbetrokkenheid.school.interventions import Delays, Intervention, delayed_guardian_ids
from ouderbetrokkenheid.school.models import Guardian, Staff

from .buddy_texts import reminder_subject, reminder_text
from .models import ACTIVE_PAIR, BuddyPair, BuddyReminder, ConsentHow

REMIND_DAYS_BEFORE = 2
REMIND_TIME = datetime.time(17, 0)
PARENT, BUDDY = "guardian", "buddy"


def pairs_of(school):
    return BuddyPair.objects.filter(school=school).select_related("guardian", "buddy", "created_by")


def pair_for(staff, pair_id) -> BuddyPair:
    try:
        return pairs_of(staff.school).get(pk=pair_id)
    except (BuddyPair.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _consent_fields(who, how, by, now):
    if how not in ConsentHow.values:
        raise ValidationError(_("Kies hoe de toestemming is gegeven: mondeling of schriftelijk."))
    return {f"{who}_consent_at": now, f"{who}_consent_how": how, f"{who}_consent_by": by}


@transaction.atomic
def buddy_pair_create(
    *, guardian: Guardian, buddy: Guardian, by: Staff, note: str = "", guardian_consent: str = "",
    buddy_consent: str = "",
) -> BuddyPair:  # fmt: skip
    """Pair `guardian` (who needs a push) with `buddy`; consents given already may be recorded."""
    locked = {g.pk: g for g in Guardian.objects.select_for_update().filter(pk__in=[guardian.pk, buddy.pk])}
    if guardian.pk == buddy.pk:
        raise ValidationError(_("Een ouder kan niet zijn eigen maatje zijn."))
    if len(locked) != 2 or any(g.school_id != by.school_id for g in locked.values()):
        raise ValidationError(_("Beide ouders moeten op deze school zitten."))
    if guardian.pk in delayed_guardian_ids(by.school_id, Intervention.BUDDIES, timezone.localdate()):
        raise ValidationError(
            _("Deze ouder doet mee aan een evaluatie en krijgt later een maatje (zie de evaluatie voor de datum).")
        )
    now, fields = timezone.now(), {}
    if guardian_consent:
        fields.update(_consent_fields(PARENT, guardian_consent, by, now))
    if buddy_consent:
        fields.update(_consent_fields(BUDDY, buddy_consent, by, now))
    try:
        with transaction.atomic():
            pair = BuddyPair.objects.create(school_id=by.school_id, guardian=guardian, buddy=buddy, created_by=by,
                                            note=note.strip()[:300], **fields)  # fmt: skip
    except IntegrityError:
        raise ValidationError(_("Deze twee ouders zijn al aan elkaar gekoppeld.")) from None
    if pair.is_active:
        transaction.on_commit(lambda: buddy_reminders_schedule(pairs=[pair.pk]))
    return pair


@transaction.atomic
def buddy_consent_record(*, pair: BuddyPair, who: str, how: str, by: Staff) -> BuddyPair:
    """Record the consent of the parent (`who="guardian"`) or the buddy (`who="buddy"`)."""
    if who not in (PARENT, BUDDY):
        raise ValidationError(_("Kies van wie de toestemming is."))
    pair = BuddyPair.objects.select_for_update().get(pk=pair.pk)
    if pair.ended_at is not None:
        raise ValidationError(_("Dit koppel is beëindigd."))
    fields = _consent_fields(who, how, by, timezone.now())
    for name, value in fields.items():
        setattr(pair, name, value)
    pair.save(update_fields=list(fields))
    if pair.is_active:
        transaction.on_commit(lambda: buddy_reminders_schedule(pairs=[pair.pk]))
    return pair


@transaction.atomic
def buddy_pair_end(*, pair: BuddyPair, by: Staff, reason: str = "") -> BuddyPair:
    """End the pair (at the request of either parent); reminders not yet sent are withdrawn."""
    pair = BuddyPair.objects.select_for_update().get(pk=pair.pk)
    if pair.ended_at is not None:
        return pair
    pair.ended_at, pair.ended_by, pair.ended_reason = timezone.now(), by, reason.strip()[:300]
    pair.save(update_fields=["ended_at", "ended_by", "ended_reason"])
    for source in pair.reminders.values_list("source", flat=True):
        message_cancel(source=source)
    return pair


# -- reminders --------------------------------------------------------------------------------------


def _planned(session):
    """Two days before the session at 17:00 (Amsterdam)."""
    day = local_day(session.starts_at) - datetime.timedelta(days=REMIND_DAYS_BEFORE)
    return at_local(day, REMIND_TIME)


def _due(pairs, now):
    """{(pair id, session id): (pair, session)} for each active pair and coming session the
    paired parent is invited to and did not decline — unless the parent is on an evaluation's
    wait-list for buddies on the reminder's day (school.InterventionDelay)."""
    delays = Delays(interventions=[Intervention.BUDDIES], since=timezone.localdate(now),
                    guardian_ids={p.guardian_id for p in pairs})  # fmt: skip
    invitations = (
        Invitation.objects.filter(guardian_id__in={p.guardian_id for p in pairs}, session__starts_at__gt=now)
        .exclude(response=Response.NOT_COMING)
        .select_related("session")
    )
    by_guardian = {}
    for invitation in invitations:
        by_guardian.setdefault(invitation.guardian_id, []).append(invitation.session)
    return {
        (p.pk, s.pk): (p, s)
        for p in pairs
        for s in by_guardian.get(p.guardian_id, [])
        if not (delays and delays.holds(p.guardian_id, Intervention.BUDDIES, timezone.localdate(_planned(s))))
    }


def _schedule(pair, session, now):
    source = f"buddy:{pair.pk}:{session.pk}"
    reminder_schedule(guardians=[pair.buddy], source=source, scheduled_at=max(_planned(session), now),
                      text_for=lambda g: reminder_text(pair=pair, session=session),
                      subject=reminder_subject(pair))  # fmt: skip
    return source


@transaction.atomic
def buddy_reminders_schedule(*, pairs=None, now=None) -> int:
    """Bring the buddies' reminders up to date for the active pairs (all, or the ids in `pairs`);
    returns how many were scheduled or moved. Safe to run again and concurrently (the pairs are
    locked; one reminder row per pair and session): a reminder is scheduled once, moved when its
    session moved, and withdrawn when the session was called off or the parent said no."""
    now = now or timezone.now()
    active = BuddyPair.objects.filter(ACTIVE_PAIR).select_related("guardian", "buddy")
    if pairs is not None:
        active = active.filter(pk__in=pairs)
    locked = list(active.select_for_update(of=("self",)).order_by("pk"))
    due = _due(locked, now)
    done = {(r.pair_id, r.session_id): r for r in BuddyReminder.objects.filter(pair__in=locked)}
    changed = 0
    for key, reminder in done.items():
        if reminder.scheduled_at > now and key not in due:  # called off (session None) or declined
            message_cancel(source=reminder.source)
            reminder.delete()
    for key, (pair, session) in due.items():
        reminder = done.get(key)
        if reminder is None:
            source = _schedule(pair, session, now)
            BuddyReminder.objects.create(pair=pair, session=session, source=source, scheduled_at=_planned(session))
            changed += 1
        elif reminder.scheduled_at != _planned(session):  # the session moved
            message_cancel(source=reminder.source)
            _schedule(pair, session, now)
            reminder.scheduled_at = _planned(session)
            reminder.save(update_fields=["scheduled_at"])
            changed += 1
    return changed


def pairs_for_guardians(guardian_ids):
    """Active pairs in which one of `guardian_ids` is the parent who needs a push."""
    return (
        BuddyPair.objects.filter(ACTIVE_PAIR, guardian_id__in=guardian_ids)
        .select_related("guardian", "buddy")
        .order_by("guardian__last_name", "pk")
    )
