"""An evaluation of one intervention at one school: the plan (frozen before the data is seen), the
lottery's assignments, and the researchers' export requests with their log.

A frozen plan cannot change: `Evaluation.save()` refuses it, and a PostgreSQL trigger (migration
0002) refuses any UPDATE of the plan's columns and any new or changed assignment once `frozen_at`
is set, whatever code tries.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ouderbetrokkenheid.school.models import Pupil, School, Staff


class Design(models.TextChoices):
    FAMILY = "family", _("Loting per gezin (broers en zussen altijd samen)")
    GROUP = "group", _("Loting per groep")
    LAST_YEAR = "last_year", _("Zonder loting: vergelijking met het cohort van vorig schooljaar (zwakker bewijs)")


LOTTERY_DESIGNS = (Design.FAMILY, Design.GROUP)


class Arm(models.TextChoices):
    NOW = "now", _("Start nu")
    LATER = "later", _("Start later")
    THIS_YEAR = "this_year", _("Dit schooljaar (met de aanpak)")
    LAST_YEAR = "last_year", _("Vorig schooljaar (zonder de aanpak)")


TREATED_ARMS = (Arm.NOW, Arm.THIS_YEAR)

#: The columns of the plan: frozen with it (the trigger in migration 0002 lists the same names).
PLAN_FIELDS = (
    "intervention", "question", "outcome", "domain", "design", "start", "weeks_later",
    "outcome_start", "outcome_end", "min_effect", "seed", "plan", "fingerprint", "frozen_at",
)  # fmt: skip


class FrozenPlanError(ValidationError):
    pass


class Evaluation(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("school"))
    intervention = models.CharField(_("aanpak"), max_length=40)
    question = models.TextField(_("onderzoeksvraag"))
    outcome = models.CharField(_("uitkomst"), max_length=40)
    domain = models.CharField(_("domein"), max_length=24, blank=True)
    design = models.CharField(_("opzet"), max_length=12, choices=Design.choices)
    start = models.DateField(_("start van de aanpak"))
    weeks_later = models.PositiveSmallIntegerField(_("de 'later'-groep start zoveel weken later"), default=8)
    outcome_start = models.DateField(_("uitkomst gemeten vanaf (eerste toetsmoment)"))
    outcome_end = models.DateField(_("uitkomst gemeten tot en met (tweede toetsmoment)"))
    min_effect = models.DecimalField(_("kleinste effect dat de moeite waard is (d)"), max_digits=3, decimal_places=2)
    seed = models.BigIntegerField(_("seed van de loting"), null=True, blank=True)
    plan = models.JSONField(_("vastgelegd plan"), null=True, blank=True)
    fingerprint = models.CharField(_("vingerafdruk (SHA-256)"), max_length=64, blank=True)
    frozen_at = models.DateTimeField(_("vastgelegd op"), null=True, blank=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Withdrawn before its start (services.withdraw): the plan, fingerprint and lottery stay as they
    # were frozen (not plan columns: the trigger lets these two change), the wait-list is released.
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("evaluatie")
        verbose_name_plural = _("evaluaties")
        ordering = ("-created_at", "-pk")
        constraints = [
            models.CheckConstraint(condition=Q(outcome_end__gte=F("outcome_start")), name="evaluation_window_order"),
            models.CheckConstraint(
                condition=Q(min_effect__gt=0) & Q(min_effect__lte=2), name="evaluation_min_effect_range"
            ),
            models.CheckConstraint(
                condition=Q(frozen_at__isnull=True) | (~Q(fingerprint="") & Q(plan__isnull=False)),
                name="evaluation_frozen_has_fingerprint",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(frozen_at__isnull=False),
                name="evaluation_withdrawn_only_when_frozen",
            ),
        ]

    def __str__(self):
        return self.question[:80]

    def save(self, *args, **kwargs):
        if self.pk and not self._state.adding:
            stored = Evaluation.objects.filter(pk=self.pk).values("frozen_at").first()
            if stored and stored["frozen_at"] is not None:
                raise FrozenPlanError(_("Dit plan is vastgelegd en kan niet meer worden gewijzigd."))
        super().save(*args, **kwargs)

    @property
    def is_frozen(self):
        return self.frozen_at is not None

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None

    @property
    def is_lottery(self):
        return self.design in LOTTERY_DESIGNS

    @property
    def later_start(self):
        import datetime

        return self.start + datetime.timedelta(weeks=self.weeks_later)


class Assignment(models.Model):
    """One child in the study: the unit it was drawn with (family or group) and its arm."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="assignments")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="+")
    unit = models.CharField(_("eenheid van loting"), max_length=40)  # "family:12", "group:5", "pupil:8"
    cluster = models.CharField(_("cluster"), max_length=40)  # what the analysis clusters by
    arm = models.CharField(_("arm"), max_length=10, choices=Arm.choices)

    class Meta:
        # A child is in one arm; with the last-year design it may be in both cohorts (two years).
        constraints = [
            models.UniqueConstraint(fields=("evaluation", "pupil", "arm"), name="evaluation_one_row_per_pupil_arm")
        ]

    def __str__(self):
        return f"{self.unit}: {self.arm}"


class Result(models.Model):
    """The analysis as computed after the outcome window (kept, so pages and the board read it cheaply).

    `effect` holds the stats' Effect (diff, d, CI, p, n, clusters, method) or None when withheld;
    `arms` the per-arm counts and means; `withheld` the reason nothing is shown (privacy threshold).
    """

    evaluation = models.OneToOneField(Evaluation, on_delete=models.CASCADE, related_name="result")
    computed_at = models.DateTimeField(default=timezone.now)
    effect = models.JSONField(null=True, blank=True)
    arms = models.JSONField(default=dict)
    withheld = models.CharField(max_length=300, blank=True)

    def __str__(self):
        return f"{self.evaluation_id}: {self.computed_at:%Y-%m-%d}"


class ExportRequest(models.Model):
    """A researchers' export: asked by one leadership member, approved by another or by the board."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="export_requests")
    requested_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    purpose = models.TextField(_("doel (voor welk onderzoek, door wie)"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-requested_at", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_at__isnull=True) | Q(approved_by__isnull=False),
                name="evaluation_export_approved_by_someone",
            ),
        ]

    def __str__(self):
        return f"{self.evaluation_id}: {self.requested_at:%Y-%m-%d}"

    @property
    def is_approved(self):
        return self.approved_at is not None


class ExportLog(models.Model):
    """Every download of a researchers' export: who, when, which evaluation."""

    request = models.ForeignKey(ExportRequest, on_delete=models.CASCADE, related_name="downloads")
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="export_log")
    downloaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    downloaded_at = models.DateTimeField(default=timezone.now)
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("-downloaded_at", "-pk")

    def __str__(self):
        return f"{self.evaluation_id}: {self.downloaded_at:%Y-%m-%d %H:%M}"
