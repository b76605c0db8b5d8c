"""Two-way contact: a guardian's thread with the school, its posts (replies by SMS, WhatsApp,
e-mail or the portal, and the teachers' answers), conversation requests, and how each member of
staff wants to hear about new replies.

A thread belongs to one guardian (separated parents never read each other's words) and is about
some of their children: the teachers of those children and the IB read it; leadership sees counts
only. One open thread per guardian; after a teacher closes it, a new reply opens a new one.

Retention (proposed for the AVG registry): a closed thread with its posts and requests is deleted
12 months after `closed_at`; an open thread without a post for 12 months is closed first.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conversations.models import Booking, ConversationForm, Initiator
from messaging.models import Message
from ouderbetrokkenheid.school.models import Guardian, Pupil, School, Staff


class ThreadStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Gesloten")


class Thread(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="threads")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="threads")
    pupils = models.ManyToManyField(Pupil, related_name="threads", verbose_name=_("over"))
    status = models.CharField(_("status"), max_length=8, choices=ThreadStatus.choices, default=ThreadStatus.OPEN)
    created_at = models.DateTimeField(_("begonnen op"), default=timezone.now)
    last_post_at = models.DateTimeField(_("laatste bericht"), default=timezone.now)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    closed_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("contact met ouder")
        verbose_name_plural = _("contact met ouders")
        ordering = ["-last_post_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["guardian"], condition=Q(status="open"), name="thread_one_open_per_guardian"
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True) | Q(status="closed", closed_at__isnull=False),
                name="thread_closed_has_closed_at",
            ),
        ]
        indexes = [models.Index(fields=["school", "-last_post_at"], name="thread_school_recent_idx")]

    def __str__(self):
        return f"{self.guardian} ({self.get_status_display()})"

    @property
    def is_open(self):
        return self.status == ThreadStatus.OPEN


class Direction(models.TextChoices):
    FROM_PARENT = "in", _("Van de ouder")
    FROM_SCHOOL = "out", _("Van school")


class Via(models.TextChoices):
    PORTAL = "portal", _("Ouderportaal")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("E-mail")


class QuickAnswer(models.TextChoices):
    """Answers a parent gives with one tap (portal) or one digit (SMS); staff read them in Dutch."""

    READ = "read", _("Gelezen")
    THANKS = "thanks", _("Dank u")
    CONVERSATION = "conversation", _("Ik wil graag een gesprek")
    CALL = "call", _("Wilt u mij bellen?")


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    direction = models.CharField(max_length=3, choices=Direction.choices)
    via = models.CharField(_("via"), max_length=10, choices=Via.choices)
    author = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    body = models.TextField(_("bericht"), blank=True)
    # Words the app wrote for the parent (an offered time), in the parent's language; `body` keeps
    # the Dutch for staff. Empty for what a person wrote: that is shown as written.
    body_for_parent = models.TextField(blank=True)
    quick_answer = models.CharField(max_length=14, choices=QuickAnswer.choices, blank=True)
    # The outbox message the parent answered, and the notice that carries a teacher's answer.
    answers = models.ForeignKey(Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    outbox = models.ForeignKey(Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reference = models.CharField(max_length=200, blank=True)  # the provider's id of an inbound message
    created_at = models.DateTimeField(default=timezone.now)
    # Read by the other side, where that is known honestly: a parent opening the thread in the
    # portal, a teacher opening it; WhatsApp's read status lives on the outbox message.
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["reference"], condition=~Q(reference=""), name="post_reference_once"),
            models.CheckConstraint(condition=~Q(body="") | ~Q(quick_answer=""), name="post_not_empty"),
        ]

    def __str__(self):
        return self.body[:50] or self.get_quick_answer_display()

    @property
    def is_read(self):
        return self.read_at is not None or bool(self.outbox_id and self.outbox.read_at)


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Nieuw")
    ACCEPTED = "accepted", _("Geaccepteerd")
    OTHER_TIME = "other_time", _("Andere tijd voorgesteld")
    ANSWERED = "answered", _("Beantwoord")


class ConversationRequest(models.Model):
    """A parent asks for a conversation: about which child and what, which times suit, which form."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="requests")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="+")
    topic = models.TextField(_("waarover"), blank=True)
    times = models.CharField(_("tijden die passen"), max_length=300, blank=True)
    form = models.CharField(_("vorm"), max_length=12, choices=ConversationForm.choices, blank=True)
    initiated_by = models.CharField(_("gestart door"), max_length=8, choices=Initiator.choices)
    status = models.CharField(_("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    booking = models.ForeignKey(Booking, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("gespreksverzoek")
        verbose_name_plural = _("gespreksverzoeken")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.pupil}: {self.topic[:40]}"


class NotifyMode(models.TextChoices):
    AT_ONCE = "at_once", _("Meteen")
    DIGEST = "digest", _("Overzicht op vaste tijden")


class NotifySetting(models.Model):
    """When a member of staff hears about parents' new replies (no row: a digest at the default times)."""

    staff = models.OneToOneField(Staff, on_delete=models.CASCADE, related_name="thread_notify")
    mode = models.CharField(_("wanneer"), max_length=8, choices=NotifyMode.choices, default=NotifyMode.DIGEST)
    digest_times = models.JSONField(_("tijden van het overzicht"), default=list)
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("meldingen van ouderberichten")
        verbose_name_plural = _("meldingen van ouderberichten")

    def __str__(self):
        return f"{self.staff}: {self.get_mode_display()}"
