"""Messaging: the outbox (the truth about what is sent when), the message library,
weekly plans, consent and per-school send settings.

Invariants the database enforces:
- at most one engagement message per guardian, ISO week and kind (so at most three a week);
- at most one reminder per guardian per day (reminders falling due the same day are merged
  into one message as parts);
- a message is sent at most once: a unique idempotency key and a status machine
  pending → sending → sent | failed | cancelled.
"""

import datetime

from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import LessThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ouderbetrokkenheid.school.clock import at_local
from ouderbetrokkenheid.school.constraints import PostgresCheckConstraint
from ouderbetrokkenheid.school.models import Channel, Group, Guardian, Pupil, School, Staff
from ouderbetrokkenheid.school.translations import ApprovedTranslation


class Purpose(models.TextChoices):
    ENGAGEMENT = "engagement", _("Betrokkenheid")
    REMINDER = "reminder", _("Herinnering")
    NOTICE = "notice", _("Bericht")


class Kind(models.TextChoices):
    PROGRESS = "progress", _("Voortgang")
    TIP = "tip", _("Tip")
    ENCOURAGEMENT = "encouragement", _("Aanmoediging")


class Status(models.TextChoices):
    PENDING = "pending", _("Wacht")
    SENDING = "sending", _("Wordt verstuurd")
    SENT = "sent", _("Verstuurd")
    FAILED = "failed", _("Mislukt")
    CANCELLED = "cancelled", _("Geannuleerd")


class DeliveryStatus(models.TextChoices):
    UNKNOWN = "", _("Onbekend")
    QUEUED = "queued", _("In de wachtrij bij de provider")
    DELIVERED = "delivered", _("Afgeleverd")
    UNDELIVERED = "undelivered", _("Niet afgeleverd")


class AmsterdamDate(models.Func):
    """The Amsterdam calendar date of a timestamp, as an immutable SQL expression (usable in a constraint)."""

    template = "((%(expressions)s AT TIME ZONE 'Europe/Amsterdam')::date)"
    output_field = models.DateField()


class CancelReason(models.TextChoices):
    """Why a message was not sent; shown in the teacher's overview."""

    NONE = "", _("Geen")
    OPTED_OUT = "opted_out", _("Ouder heeft zich afgemeld")
    WITHDRAWN = "withdrawn", _("Ingetrokken")
    WEEK_OVER = "week_over", _("Te laat: de week was voorbij")
    EXPIRED = "expired", _("Te laat: het moment was al voorbij")


#: Cancelled for lateness: the teacher's overview counts and lists these.
LATE_REASONS = (CancelReason.WEEK_OVER, CancelReason.EXPIRED)


def week_end(week: datetime.date) -> datetime.datetime:
    """The end of the ISO week starting on Monday `week`: the next Monday 00:00 Amsterdam."""
    return at_local(week + datetime.timedelta(days=7), datetime.time(0, 0))


class Message(models.Model):
    """One row in the outbox: one message to one guardian, made of one or more parts
    (siblings' lines, or reminders merged on one day)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="messages")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="messages")
    purpose = models.CharField(_("doel"), max_length=12, choices=Purpose.choices)
    kind = models.CharField(_("soort"), max_length=14, choices=Kind.choices, blank=True)
    week = models.DateField(_("week (maandag)"), null=True, blank=True)
    day = models.DateField(_("dag (Amsterdam)"))
    channel = models.CharField(_("kanaal"), max_length=10, choices=Channel.choices)
    language = models.CharField(_("taal"), max_length=8, default="nl")
    subject = models.CharField(_("onderwerp"), max_length=200, blank=True)
    text = models.TextField(_("tekst"), blank=True)
    scheduled_at = models.DateTimeField(_("gepland om"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    provider_id = models.CharField(_("provider-id"), max_length=100, blank=True)
    delivery_status = models.CharField(
        _("afleverstatus"), max_length=12, choices=DeliveryStatus.choices, blank=True, default=""
    )
    last_error = models.CharField(_("laatste fout"), max_length=500, blank=True)
    idempotency_key = models.CharField(max_length=200, unique=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    expires_at = models.DateTimeField(
        _("zinvol tot"),
        null=True,
        blank=True,
        help_text=_("Na dit moment wordt het bericht niet meer verstuurd (einde van de week, begin van de afspraak)."),
    )
    cancel_reason = models.CharField(
        _("reden niet verstuurd"), max_length=12, choices=CancelReason.choices, blank=True, default=""
    )
    created_at = models.DateTimeField(default=timezone.now)
    # An answer to a parent goes out on the channel the parent used (messaging.inbound); empty:
    # the guardian's preferred channel at sending time.
    fixed_channel = models.CharField(_("vast kanaal"), max_length=10, choices=Channel.choices, blank=True)
    # Only what the provider honestly reports: WhatsApp's read status (Twilio callback). No pixels.
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["-scheduled_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["guardian", "week", "kind"],
                condition=Q(purpose="engagement") & ~Q(status="cancelled"),
                name="message_one_engagement_per_guardian_week_kind",
            ),
            models.UniqueConstraint(
                fields=["guardian", "day"],
                condition=Q(purpose="reminder") & ~Q(status="cancelled"),
                name="message_one_reminder_per_guardian_day",
            ),
            models.CheckConstraint(
                condition=(Q(purpose="engagement") & ~Q(kind="") & Q(week__isnull=False))
                | (~Q(purpose="engagement") & Q(kind="")),
                name="message_kind_only_for_engagement",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sending", "sent", "failed", "cancelled"]),
                name="message_status_valid",
            ),
            # The cap holds at send time: an engagement message is never sent after its own ISO
            # week (Amsterdam) ended, and nothing is recorded as sent at or after its expiry.
            PostgresCheckConstraint(  # AT TIME ZONE: PostgreSQL only (the SQLite development default skips it)
                condition=~Q(purpose="engagement")
                | Q(sent_at__isnull=True)
                | LessThan(AmsterdamDate("sent_at"), F("week") + datetime.timedelta(days=7)),
                name="message_engagement_sent_in_its_week",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(sent_at__isnull=True) | Q(sent_at__lt=F("expires_at")),
                name="message_sent_before_expiry",
            ),
        ]
        indexes = [
            models.Index(fields=["scheduled_at"], condition=Q(status="pending"), name="message_due_idx"),
            # The beat's claim and late sweep read only the waiting rows, every minute: without this
            # they scan the whole outbox (12 ms at one school's year, growing with every sent row).
            models.Index(
                fields=["status", "claimed_at"],
                condition=Q(status__in=["pending", "sending"]),
                name="message_waiting_idx",
            ),
            models.Index(fields=["guardian", "-scheduled_at"], name="message_guardian_idx"),
            # What went out in a period (a day, a week, a month: reach, the weekly cap): without
            # this every such read scans the school's whole outbox of the year.
            models.Index(fields=["sent_at"], condition=Q(status="sent"), name="message_sent_idx"),
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} → {self.guardian} ({self.scheduled_at:%Y-%m-%d %H:%M})"


class MessagePart(models.Model):
    """A piece of a message: one child's line, or one reminder, from one source."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="parts")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    source = models.CharField(_("bron"), max_length=100)
    text = models.TextField(_("tekst"))
    valid_until = models.DateTimeField(_("zinvol tot"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("berichtdeel")
        verbose_name_plural = _("berichtdelen")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["message", "source"], name="messagepart_one_per_source"),
        ]
        indexes = [models.Index(fields=["source"])]

    def __str__(self):
        return self.text[:50]


class MessageAttachment(models.Model):
    """A file that goes with a message by e-mail (an .ics invitation); text channels carry a link instead."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=100)
    content_type = models.CharField(max_length=100)
    content = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "filename"], name="attachment_one_per_name")]

    def __str__(self):
        return self.filename


class MessageAttempt(models.Model):
    """One try on one channel; provider callbacks update its delivery status."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attempt_log")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    at = models.DateTimeField(default=timezone.now)
    provider_id = models.CharField(max_length=100, blank=True, db_index=True)
    ok = models.BooleanField(default=False)
    delivery_status = models.CharField(max_length=12, choices=DeliveryStatus.choices, blank=True, default="")
    error = models.CharField(max_length=500, blank=True)
    outcome_unknown = models.BooleanField(
        default=False, help_text="Sent, but no answer came back: look it up at the provider before sending again."
    )

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.channel} {self.at:%Y-%m-%d %H:%M} {'ok' if self.ok else self.error}"


class Topic(models.TextChoices):
    """What a guardian can opt out of, each on its own."""

    PROGRESS = "progress", _("Voortgang van mijn kind")
    TIP = "tip", _("Tips voor thuis")
    ENCOURAGEMENT = "encouragement", _("Aanmoediging")
    REMINDER = "reminder", _("Herinneringen aan afspraken")


class Subscription(models.Model):
    """Consent per guardian and topic; no row means subscribed (the school's default)."""

    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="subscriptions")
    topic = models.CharField(max_length=14, choices=Topic.choices)
    active = models.BooleanField(default=True)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_via = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        constraints = [models.UniqueConstraint(fields=["guardian", "topic"], name="subscription_unique")]

    def __str__(self):
        return f"{self.guardian}: {self.topic} {'aan' if self.active else 'uit'}"


class SendSettings(models.Model):
    """Per school: on which weekdays each kind goes out, and at what time (Amsterdam)."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="send_settings")
    progress_weekday = models.PositiveSmallIntegerField(_("dag voortgang"), default=0)
    tip_weekday = models.PositiveSmallIntegerField(_("dag tip"), default=2)
    encouragement_weekday = models.PositiveSmallIntegerField(_("dag aanmoediging"), default=4)
    send_time = models.TimeField(_("tijd"), default=datetime.time(18, 0))
    summer_reading = models.BooleanField(_("vakantieleesprogramma"), default=True)

    class Meta:
        verbose_name = _("verzendinstellingen")
        verbose_name_plural = _("verzendinstellingen")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress_weekday__lte=6) & Q(tip_weekday__lte=6) & Q(encouragement_weekday__lte=6),
                name="sendsettings_weekday_0_6",
            ),
            models.CheckConstraint(
                condition=Q(send_time__gte=datetime.time(8, 0), send_time__lt=datetime.time(21, 0)),
                name="sendsettings_time_outside_quiet_hours",
            ),
        ]

    def __str__(self):
        return str(self.school)

    def weekday_for(self, kind):
        return getattr(self, f"{kind}_weekday")


class LibraryEntry(models.Model):
    """A message template of one kind for a year level and school-year month (and theme)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="library")
    key = models.CharField(max_length=60, blank=True, help_text=_("Sleutel van de meegeleverde tekst"))
    kind = models.CharField(_("soort"), max_length=14, choices=Kind.choices)
    year_level = models.PositiveSmallIntegerField(_("leerjaar"))
    month = models.PositiveSmallIntegerField(_("maand"), null=True, blank=True)
    theme = models.CharField(_("thema"), max_length=100, blank=True)
    summer_reading = models.BooleanField(_("vakantielezen"), default=False)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("bibliotheektekst")
        verbose_name_plural = _("berichtenbibliotheek")
        ordering = ["year_level", "month", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "key"], condition=~Q(key=""), name="library_unique_key"),
            models.CheckConstraint(condition=Q(year_level__gte=1, year_level__lte=8), name="library_year_level_1_8"),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12), name="library_month_1_12"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} groep {self.year_level} ({self.month or '-'}) {self.theme}"


class LibraryText(ApprovedTranslation):
    """An entry's text in one language (the Dutch original beside its translations); a
    translation counts once a staff member approved it."""

    entry = models.ForeignKey(LibraryEntry, on_delete=models.CASCADE, related_name="texts")
    text = models.TextField(_("tekst"))

    class Meta:
        verbose_name = _("vertaling")
        verbose_name_plural = _("vertalingen")
        constraints = [models.UniqueConstraint(fields=["entry", "language"], name="librarytext_one_per_language")]


class WeekPlan(models.Model):
    """A group's engagement messages for one ISO week, approved once by the teacher."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="week_plans")
    week = models.DateField(_("week (maandag)"))
    theme = models.CharField(_("thema van de week"), max_length=200, blank=True)
    tip = models.ForeignKey(LibraryEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    encouragement = models.ForeignKey(LibraryEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    approved_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("weekplan")
        verbose_name_plural = _("weekplannen")
        constraints = [models.UniqueConstraint(fields=["group", "week"], name="weekplan_one_per_group_week")]

    def __str__(self):
        return f"{self.group} week {self.week:%G-W%V}"


class ProgressLine(models.Model):
    """The teacher's one line about a pupil this week; becomes a personal progress message."""

    plan = models.ForeignKey(WeekPlan, on_delete=models.CASCADE, related_name="progress_lines")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(_("voortgang"), max_length=160)

    class Meta:
        verbose_name = _("voortgangsregel")
        verbose_name_plural = _("voortgangsregels")
        constraints = [models.UniqueConstraint(fields=["plan", "pupil"], name="progressline_one_per_pupil")]

    def __str__(self):
        return self.text
