"""Pupil development: test results, functioning levels, exit perspective, school advice.

Our own view on public rules (see rules.py): no Cito norm tables are shipped, and the route
boundaries between the secondary-school tracks are school policy (RouteTable), labelled as such.

This is the most sensitive data of the app. Every read and change goes through
development.access (who may see it) and is written to AccessLogEntry.

The app sits on top of `school` and `conversations` (advice conversations); neither imports it.
"""

from django.contrib.postgres.fields import IntegerRangeField, RangeOperators
from django.db import models
from django.db.models import F, Func, Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conversations.models import AdviceTrack, Record
from ouderbetrokkenheid.school.calendar import start_year_of
from ouderbetrokkenheid.school.constraints import ExclusionConstraint
from ouderbetrokkenheid.school.models import Guardian, Pupil, School, SchoolYear, Staff


class Domain(models.TextChoices):
    TECHNICAL_READING = "technical_reading", _("Technisch lezen")
    READING_COMPREHENSION = "reading_comprehension", _("Begrijpend lezen")
    SPELLING = "spelling", _("Spelling")
    MATHS = "maths", _("Rekenen-wiskunde")


class Phase(models.TextChoices):
    """Test moment within a year level: begin (newer tests), middle, end."""

    BEGIN = "B", _("begin")
    MIDDLE = "M", _("midden")
    END = "E", _("eind")


class ResultSource(models.TextChoices):
    IMPORT = "import", _("Import")
    MANUAL = "manual", _("Handmatig")


class TestResult(models.Model):
    """One test of one pupil in one domain at one test moment (e.g. M5 = middle of groep 5).

    `level_reported` is the functioning level as the pupil monitoring system reports it ("M5",
    "<E3", ">E8", "E8+"); it is never overwritten silently: a school table (LevelTable) only fills
    `level_derived`, and rules.effective_level() says which one counts.
    """

    __test__ = False  # not a pytest test class

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="test_results")
    domain = models.CharField(_("domein"), max_length=24, choices=Domain.choices)
    year_level = models.PositiveSmallIntegerField(_("leerjaar"))
    phase = models.CharField(_("toetsmoment"), max_length=1, choices=Phase.choices)
    taken_on = models.DateField(_("afnamedatum"))
    # The calendar year the school year of `taken_on` starts in (2024 for 2024-2025): a repeated
    # year has the same moment (M4) twice, in two school years. Set from taken_on on save.
    school_year_start = models.PositiveSmallIntegerField(_("schooljaar (beginjaar)"), editable=False)
    test_name = models.CharField(_("toets"), max_length=100)
    ability_score = models.IntegerField(_("vaardigheidsscore"), null=True, blank=True)
    level_reported = models.CharField(_("functioneringsniveau (uit het LVS)"), max_length=8, blank=True)
    level_derived = models.CharField(_("functioneringsniveau (uit de schooltabel)"), max_length=8, blank=True)
    level_band = models.CharField(_("niveau (I–V of A–E)"), max_length=4, blank=True)
    dle_reported = models.DecimalField(_("DLE (uit het LVS)"), max_digits=4, decimal_places=1, null=True, blank=True)
    source = models.CharField(_("bron"), max_length=8, choices=ResultSource.choices, default=ResultSource.MANUAL)
    changed_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("toetsresultaat")
        verbose_name_plural = _("toetsresultaten")
        ordering = ["pupil", "domain", "taken_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "domain", "school_year_start", "year_level", "phase", "test_name"],
                name="testresult_one_per_moment",
            ),
            models.CheckConstraint(condition=Q(year_level__gte=1, year_level__lte=8), name="testresult_year_level_1_8"),
        ]

    def __str__(self):
        return f"{self.pupil} {self.get_domain_display()} {self.phase}{self.year_level}"

    def save(self, *args, **kwargs):
        self.school_year_start = start_year_of(self.taken_on)
        super().save(*args, **kwargs)

    @property
    def moment(self):
        return f"{self.phase}{self.year_level}"


class TestResultVersion(models.Model):
    """History: the values a result had before each change (manual correction or re-import)."""

    __test__ = False

    result = models.ForeignKey(TestResult, on_delete=models.CASCADE, related_name="versions")
    values = models.JSONField()  # the changed fields' previous values
    reason = models.CharField(_("reden"), max_length=300, blank=True)
    changed_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.result_id} @ {self.changed_at:%Y-%m-%d %H:%M}"


class LevelTable(models.Model):
    """A school's own table turning ability scores into functioning levels, per test and domain."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="level_tables")
    test_name = models.CharField(_("toets"), max_length=100)
    domain = models.CharField(_("domein"), max_length=24, choices=Domain.choices)
    uploaded_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("omrekentabel")
        verbose_name_plural = _("omrekentabellen")
        constraints = [
            models.UniqueConstraint(fields=["school", "test_name", "domain"], name="leveltable_one_per_test_domain")
        ]

    def __str__(self):
        return f"{self.test_name} – {self.get_domain_display()}"


class IntRange(Func):
    function = "INT4RANGE"
    output_field = IntegerRangeField()


class LevelTableRow(models.Model):
    table = models.ForeignKey(LevelTable, on_delete=models.CASCADE, related_name="rows")
    score_min = models.IntegerField(_("vanaf score"))
    score_max = models.IntegerField(_("tot en met score"))
    level = models.CharField(_("functioneringsniveau"), max_length=8)

    class Meta:
        ordering = ["score_min"]
        constraints = [
            models.CheckConstraint(condition=Q(score_max__gte=models.F("score_min")), name="leveltablerow_range"),
            ExclusionConstraint(
                name="leveltablerow_no_overlap",
                expressions=[
                    (IntRange("score_min", "score_max", Value("[]")), RangeOperators.OVERLAPS),
                    ("table", RangeOperators.EQUAL),
                ],
            ),
        ]

    def __str__(self):
        return f"{self.score_min}–{self.score_max}: {self.level}"


class RouteTable(models.Model):
    """Boundaries between secondary-school tracks, as the expected DLE at the end of groep 8.

    Not set by law: school (or regional) policy. The built-in default (rules.DEFAULT_ROUTES) is
    used while a school has none; the IB can make and change the school's own. Charts say which
    table they used.
    """

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="route_table")
    name = models.CharField(_("naam"), max_length=200)
    # {"vmbo_bb": 30, "vmbo_kb": 40, "vmbo_gt": 47, "havo": 55, "vwo": 62}: the lowest expected
    # DLE at the end of groep 8 for each track above PrO.
    boundaries = models.JSONField(_("grenzen"))
    changed_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("routetabel")
        verbose_name_plural = _("routetabellen")

    def __str__(self):
        return self.name


class DevelopmentSettings(models.Model):
    """Per school year: when the exit perspective starts, test moments, the advice timeline.

    Defaults follow the law since 2023-24 (rules.default_advice_timeline).
    """

    class Groep7Advice(models.TextChoices):
        EXPECTED_TEST = "expected_test", _("Verwacht toetsadvies")
        INDICATIVE = "indicative", _("Indicatief advies")

    school_year = models.OneToOneField(SchoolYear, on_delete=models.CASCADE, related_name="development_settings")
    perspective_from_year_level = models.PositiveSmallIntegerField(_("uitstroomperspectief vanaf groep"), default=6)
    # Months after the start of a school year that a test moment counts as, for DL (a school setting).
    middle_offset_months = models.PositiveSmallIntegerField(_("toetsmoment midden: maanden na de start"), default=5)
    begin_offset_months = models.PositiveSmallIntegerField(_("toetsmoment begin: maanden na de start"), default=0)
    groep7_advice = models.CharField(
        _("advies eind groep 7"), max_length=16, choices=Groep7Advice.choices, default=Groep7Advice.EXPECTED_TEST
    )
    groep7_advice_by = models.DateField(_("advies groep 7 uiterlijk"), null=True, blank=True)
    provisional_advice_by = models.DateField(_("voorlopig schooladvies uiterlijk"), null=True, blank=True)
    transfer_test_from = models.DateField(_("doorstroomtoets vanaf"), null=True, blank=True)
    transfer_test_until = models.DateField(_("doorstroomtoets tot en met"), null=True, blank=True)
    final_advice_by = models.DateField(_("definitief schooladvies uiterlijk"), null=True, blank=True)

    class Meta:
        verbose_name = _("instellingen ontwikkeling")
        verbose_name_plural = _("instellingen ontwikkeling")

    def __str__(self):
        return str(self.school_year)


class ExitPerspective(models.Model):
    """The expected exit profile, with its reasoning. A new row per change: the latest counts."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="exit_perspectives")
    track = models.CharField(_("uitstroomprofiel"), max_length=10, choices=AdviceTrack.choices)
    reasoning = models.TextField(_("onderbouwing"))
    supporting = models.TextField(_("bevorderende factoren"), blank=True)  # work attitude, motivation, …
    hindering = models.TextField(_("belemmerende factoren"), blank=True)
    recorded_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("uitstroomperspectief")
        verbose_name_plural = _("uitstroomperspectieven")
        ordering = ["pupil", "-recorded_at", "-pk"]

    def __str__(self):
        return f"{self.pupil}: {self.get_track_display()}"


class ShortTermGoal(models.Model):
    """Per domain: the level to reach at the next test moment, reviewed at the evaluation date."""

    class Outcome(models.TextChoices):
        OPEN = "", _("Nog niet geëvalueerd")
        REACHED = "reached", _("Gehaald")
        PARTLY = "partly", _("Deels gehaald")
        NOT_REACHED = "not_reached", _("Niet gehaald")

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="short_term_goals")
    domain = models.CharField(_("domein"), max_length=24, choices=Domain.choices)
    target_level = models.CharField(_("doelniveau"), max_length=8)
    target_moment = models.CharField(_("bij toetsmoment"), max_length=3)  # e.g. "M6"
    evaluation_date = models.DateField(_("evaluatiedatum"))
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    outcome = models.CharField(_("evaluatie"), max_length=12, choices=Outcome.choices, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("kortetermijndoel")
        verbose_name_plural = _("kortetermijndoelen")
        ordering = ["pupil", "domain", "-recorded_at"]

    def __str__(self):
        return f"{self.pupil}: {self.get_domain_display()} {self.target_level} ({self.target_moment})"


class AdviceKind(models.TextChoices):
    EXPECTED_TEST = "expected_test", _("Verwacht toetsadvies (groep 7)")
    INDICATIVE = "indicative", _("Indicatief advies (groep 7)")
    PROVISIONAL = "provisional", _("Voorlopig schooladvies")
    FINAL = "final", _("Definitief schooladvies")
    RECONSIDERED = "reconsidered", _("Heroverwogen na de doorstroomtoets")


class Advice(models.Model):
    """An advice given, in the order of the timeline. After the transfer test an advice can only be
    raised, never lowered (services.advice_give enforces it)."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="advices")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("soort advies"), max_length=16, choices=AdviceKind.choices)
    track = models.CharField(_("advies"), max_length=10, choices=AdviceTrack.choices)
    second_track = models.CharField(_("advies (dubbel)"), max_length=10, choices=AdviceTrack.choices, blank=True)
    reasoning = models.TextField(_("onderbouwing"), blank=True)
    given_on = models.DateField(_("datum"))
    given_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, related_name="+")
    second_colleague = models.ForeignKey(
        Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("tweede collega")
    )
    record = models.ForeignKey(Record, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    transfer_test_track = models.CharField(
        _("uitslag doorstroomtoets"), max_length=10, choices=AdviceTrack.choices, blank=True
    )

    class Meta:
        verbose_name = _("schooladvies")
        verbose_name_plural = _("schooladviezen")
        ordering = ["pupil", "given_on", "pk"]
        constraints = [
            # The second colleague present at an advice is someone other than the one who gives it.
            models.CheckConstraint(condition=~Q(second_colleague=F("given_by")), name="advice_second_colleague_other"),
        ]

    def __str__(self):
        return f"{self.pupil}: {self.get_kind_display()} {self.get_track_display()}"


class Publication(models.Model):
    """The view is shown to a pupil's guardians only while published by a teacher or the IB."""

    pupil = models.OneToOneField(Pupil, on_delete=models.CASCADE, related_name="development_publication")
    published_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, related_name="+")
    published_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(_("toelichting voor ouders"), blank=True)

    class Meta:
        verbose_name = _("gedeeld met ouders")
        verbose_name_plural = _("gedeeld met ouders")

    def __str__(self):
        return str(self.pupil)


class AccessAction(models.TextChoices):
    VIEW = "view", _("Bekeken")
    PDF = "pdf", _("PDF gemaakt")
    CHANGE = "change", _("Gewijzigd")
    IMPORT = "import", _("Geïmporteerd")
    PUBLISH = "publish", _("Gedeeld met ouders")
    UNPUBLISH = "unpublish", _("Delen gestopt")


class AccessLogEntry(models.Model):
    """Who read or changed a pupil's development data, and when. Leadership reads this log."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    staff = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    guardian = models.ForeignKey(Guardian, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=10, choices=AccessAction.choices)
    what = models.CharField(max_length=200, blank=True)  # e.g. "grafiek", "groepsoverzicht 5/6", "toetsresultaat 412"
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("inzage-log")
        verbose_name_plural = _("inzage-log")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.what}"
