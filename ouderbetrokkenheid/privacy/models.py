"""What the AVG machinery did: each nightly retention run, and each erasure request a school handled.

Both hold counts and labels, never the removed data itself."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ouderbetrokkenheid.school.models import School


class RetentionRun(models.Model):
    """One run of the retention task: per kind of data, how many rows it removed or anonymised."""

    started_at = models.DateTimeField(_("gestart op"), default=timezone.now)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    # {"messaging.messages": {"action": "delete", "count": 120}, …}: every registered kind with a period
    removed = models.JSONField(_("verwijderd"), default=dict)

    class Meta:
        verbose_name = _("bewaartermijn-ronde")
        verbose_name_plural = _("bewaartermijn-rondes")
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M}"

    @property
    def total(self):
        return sum(entry["count"] for entry in self.removed.values())


class Subject(models.TextChoices):
    GUARDIAN = "guardian", _("ouder/verzorger")
    PUPIL = "pupil", _("leerling")


class ErasureRequest(models.Model):
    """A handled request to erase a guardian's or a (former) pupil's data: who asked, who handled it,
    when, and per kind of data what was removed, anonymised or kept and why."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="erasure_requests")
    subject = models.CharField(_("over"), max_length=10, choices=Subject.choices)
    # Who the request was about, as the school knew them then (the person's own row may be gone).
    subject_name = models.CharField(_("naam"), max_length=300)
    requested_by = models.CharField(_("gevraagd door"), max_length=300)
    requested_on = models.DateField(_("gevraagd op"))
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("behandeld door"),
    )
    handled_by_name = models.CharField(_("behandeld door"), max_length=300)
    handled_at = models.DateTimeField(_("behandeld op"), default=timezone.now)
    # [{"key", "label", "action": delete|anonymise|keep, "count", "reason"}, …]
    outcome = models.JSONField(_("uitkomst"), default=list)

    class Meta:
        verbose_name = _("verwijderverzoek")
        verbose_name_plural = _("verwijderverzoeken")
        ordering = ["-handled_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(subject__in=["guardian", "pupil"]), name="erasure_subject_valid"),
        ]

    def __str__(self):
        return f"{self.subject_name} ({self.handled_at:%Y-%m-%d})"
