"""Reaching every parent: buddy pairs (a parent who needs a push and a buddy parent of the
same school, both consenting) and the school-level follow-up of families not reached.

Invariants the database enforces:
- a guardian is never their own buddy;
- one open pair per (parent, buddy);
- a buddy reminder is scheduled once per pair and session.
The same-school rule is checked in reach.buddies (both guardians are locked and compared).
"""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ouderbetrokkenheid.school.followup import REACH_OUTCOMES, FollowUpOutcome
from ouderbetrokkenheid.school.models import Guardian, School, SchoolYear, Staff


class ConsentHow(models.TextChoices):
    ORAL = "mondeling", _("mondeling")
    WRITTEN = "schriftelijk", _("schriftelijk")


class BuddyPair(models.Model):
    """A parent who needs a push (`guardian`) and the buddy parent who brings them along."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="buddy_pairs")
    guardian = models.ForeignKey(
        Guardian, on_delete=models.CASCADE, related_name="buddy_pairs_as_parent", verbose_name=_("ouder")
    )
    buddy = models.ForeignKey(
        Guardian, on_delete=models.CASCADE, related_name="buddy_pairs_as_buddy", verbose_name=_("maatje")
    )
    note = models.CharField(_("notitie"), max_length=300, blank=True)
    created_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    guardian_consent_at = models.DateTimeField(_("toestemming ouder op"), null=True, blank=True)
    guardian_consent_how = models.CharField(_("toestemming ouder"), max_length=12, choices=ConsentHow.choices,
                                            blank=True)  # fmt: skip
    guardian_consent_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    buddy_consent_at = models.DateTimeField(_("toestemming maatje op"), null=True, blank=True)
    buddy_consent_how = models.CharField(_("toestemming maatje"), max_length=12, choices=ConsentHow.choices,
                                         blank=True)  # fmt: skip
    buddy_consent_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    ended_at = models.DateTimeField(_("beëindigd op"), null=True, blank=True)
    ended_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    ended_reason = models.CharField(_("reden einde"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("maatjeskoppel")
        verbose_name_plural = _("maatjeskoppels")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(guardian=F("buddy")), name="buddypair_not_own_buddy"),
            models.UniqueConstraint(
                fields=["guardian", "buddy"], condition=Q(ended_at__isnull=True), name="buddypair_one_open"
            ),
            models.CheckConstraint(
                condition=Q(guardian_consent_at__isnull=True) | ~Q(guardian_consent_how=""),
                name="buddypair_guardian_consent_how",
            ),
            models.CheckConstraint(
                condition=Q(buddy_consent_at__isnull=True) | ~Q(buddy_consent_how=""),
                name="buddypair_buddy_consent_how",
            ),
        ]

    def __str__(self):
        return f"{self.buddy} → {self.guardian}"

    @property
    def is_active(self):
        return self.ended_at is None and self.guardian_consent_at is not None and self.buddy_consent_at is not None


ACTIVE_PAIR = Q(ended_at__isnull=True, guardian_consent_at__isnull=False, buddy_consent_at__isnull=False)


class BuddyReminder(models.Model):
    """The reminder to the buddy before one session the paired parent is invited to (once)."""

    pair = models.ForeignKey(BuddyPair, on_delete=models.CASCADE, related_name="reminders")
    # SET_NULL: when a session is called off, the scheduler's next run withdraws the reminder.
    session = models.ForeignKey("meetings.Session", on_delete=models.SET_NULL, null=True, related_name="+")
    source = models.CharField(max_length=100)
    scheduled_at = models.DateTimeField()  # the planned moment (two days before, 17:00), even if sent later
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pair", "session"], name="buddyreminder_once")]

    def __str__(self):
        return self.source


class ReachFollowUp(models.Model):
    """The school's contact with a family the dashboard shows as not reached."""

    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="+")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="+")
    outcome = models.CharField(_("uitkomst"), max_length=12, choices=FollowUpOutcome.among(REACH_OUTCOMES))
    note = models.CharField(_("notitie"), max_length=500, blank=True)
    by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("opvolging bereik")
        verbose_name_plural = _("opvolgingen bereik")
        ordering = ["-at"]
        indexes = [models.Index(fields=["school_year", "guardian"])]

    def __str__(self):
        return f"{self.guardian}: {self.get_outcome_display()}"
