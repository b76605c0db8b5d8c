"""Jaarplanning models: what a school year's calendar published to parents, and the private
calendar-feed links.

The events themselves are not stored here: they are collected from the apps that own them
(calendar periods, information sessions, conversation rounds, message weeks, advice dates; see
events.py). Publishing stores a snapshot per event (PublishedEvent), so parents see exactly what
leadership published, and a later publish knows which events changed or disappeared.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ouderbetrokkenheid.school.models import Guardian, SchoolYear, Staff


class Publication(models.Model):
    """One press on "Publiceren": the calendar of a school year as parents see it from then on."""

    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="publications")
    published_at = models.DateTimeField(_("gepubliceerd op"), default=timezone.now)
    published_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    added = models.PositiveIntegerField(_("nieuw"), default=0)
    changed = models.PositiveIntegerField(_("gewijzigd"), default=0)
    removed = models.PositiveIntegerField(_("vervallen"), default=0)
    notified = models.PositiveIntegerField(_("ouders bericht"), default=0)

    class Meta:
        verbose_name = _("publicatie jaarkalender")
        verbose_name_plural = _("publicaties jaarkalender")
        ordering = ["school_year", "-published_at"]

    def __str__(self):
        return f"{self.school_year} {timezone.localtime(self.published_at):%d-%m-%Y %H:%M}"


class PublishedEvent(models.Model):
    """The published state of one event (by its stable uid): a snapshot, a hash and a sequence.

    `sequence` goes up by one with every published change (iCalendar SEQUENCE); an event that
    left the calendar keeps its row with `withdrawn_at` set, so it can come back with a higher
    sequence."""

    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="published_events")
    uid = models.CharField(max_length=200)
    content_hash = models.CharField(max_length=64)
    data = models.JSONField()
    sequence = models.PositiveIntegerField(default=0)
    first_published_at = models.DateTimeField(default=timezone.now)
    modified_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("gepubliceerde gebeurtenis")
        verbose_name_plural = _("gepubliceerde gebeurtenissen")
        constraints = [models.UniqueConstraint(fields=["school_year", "uid"], name="publishedevent_unique_uid")]

    def __str__(self):
        return self.uid


class FeedToken(models.Model):
    """A secret calendar-feed link for one member of staff or one guardian. Only a hash of the
    token is stored: the link is shown once, when it is made. Revoked links answer 404."""

    token_hash = models.CharField(max_length=64, unique=True)
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, null=True, blank=True, related_name="feed_tokens")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, null=True, blank=True, related_name="feed_tokens")
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("agendalink")
        verbose_name_plural = _("agendalinks")
        constraints = [
            models.CheckConstraint(
                condition=Q(staff__isnull=False, guardian__isnull=True) | Q(staff__isnull=True, guardian__isnull=False),
                name="feedtoken_one_owner",
            ),
            models.UniqueConstraint(
                fields=["staff"], condition=Q(revoked_at__isnull=True, staff__isnull=False), name="feedtoken_one_staff"
            ),
            models.UniqueConstraint(
                fields=["guardian"],
                condition=Q(revoked_at__isnull=True, guardian__isnull=False),
                name="feedtoken_one_guardian",
            ),
        ]

    def __str__(self):
        return f"{self.staff or self.guardian} ({'ingetrokken' if self.revoked_at else 'actief'})"
