"""The shared model: school boards, schools, school years, groups, pupils, guardians, staff.

This app imports no other app of the project. Constraints that keep the data sound
live here, in the database; exclusion constraints are PostgreSQL's (see constraints.py).
"""

import datetime

from django.conf import settings
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, Func, OuterRef, Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constraints import ExclusionConstraint
from .interventions import Intervention
from .languages import LANGUAGE_CHOICES, SOURCE_LANGUAGE


class DateRange(Func):
    function = "DATERANGE"
    output_field = DateRangeField()


class Region(models.TextChoices):
    NORTH = "noord", _("Noord")
    MIDDLE = "midden", _("Midden")
    SOUTH = "zuid", _("Zuid")


class SchoolBoard(models.Model):
    name = models.CharField(_("naam"), max_length=200)

    class Meta:
        verbose_name = _("schoolbestuur")
        verbose_name_plural = _("schoolbesturen")

    def __str__(self):
        return self.name


class School(models.Model):
    board = models.ForeignKey(SchoolBoard, on_delete=models.PROTECT, related_name="schools", verbose_name=_("bestuur"))
    brin = models.CharField(_("BRIN"), max_length=8, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    region = models.CharField(_("vakantieregio"), max_length=6, choices=Region.choices)
    # Staff two-step login (accounts/mfa/): always for IB, leadership and admin; for teachers when
    # leadership turns this on.
    mfa_required_for_teachers = models.BooleanField(_("MFA verplicht voor leerkrachten"), default=False)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("scholen")
        ordering = ["name"]

    def __str__(self):
        return self.name


# "The running school year" has two meanings in this app, each with one name (the school calendar's
# overview is in school/calendar.py):
# - running(school, on): the year holding the day (first_day <= on <= last_day); none in the
#   holiday between two years. For facts about that day (the year an advice given on it belongs to).
# - running_or_next(school, on): the year holding the day; in the holiday between two years (and
#   before the first) the one about to start; after the last year none, or with `or_last=True` the
#   last one. What pages, access rules and imports mean by "the current year", so in the summer
#   holiday every page shows the coming year.


def running_or_next_q(day, path=""):
    """`SchoolYear.objects.running_or_next` for every school at once, as a filter on SchoolYear (or on
    a model that reaches it through `path`, e.g. "school_year__" on Group): at most one per school."""
    earlier_not_over = SchoolYear.objects.filter(
        school=OuterRef(f"{path}school"), last_day__gte=day, first_day__lt=OuterRef(f"{path}first_day")
    )
    return Q(**{f"{path}last_day__gte": day}) & ~Exists(earlier_not_over)


class SchoolYearQuerySet(models.QuerySet):
    def running_or_next_on(self, day):
        """The years running on `day`, or about to start (see running_or_next_q): at most one per school."""
        return self.filter(running_or_next_q(day))


class SchoolYearManager(models.Manager.from_queryset(SchoolYearQuerySet)):
    def running(self, school, on: datetime.date) -> "SchoolYear | None":
        """The school's year holding `on` (first to last school day, both included); None in the
        holiday between two years, before the first and after the last. One query.
        `school`: a School or its id."""
        return self.filter(school=school, first_day__lte=on, last_day__gte=on).first()

    def running_or_next(self, school, on: datetime.date, *, or_last: bool = False) -> "SchoolYear | None":
        """The school's year holding `on`; in the holiday between two years (or before the first)
        the one about to start. After the last year: None, or with `or_last` the last year (for a
        page that always shows a year once the school has one). One query (two after the last year).
        `school`: a School or its id."""
        years = self.filter(school=school).order_by("first_day")
        year = years.filter(last_day__gte=on).first()
        if year is None and or_last:
            year = years.last()
        return year


class SchoolYear(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="years", verbose_name=_("school"))
    first_day = models.DateField(_("eerste schooldag"))
    last_day = models.DateField(_("laatste schooldag"))

    objects = SchoolYearManager()

    class Meta:
        verbose_name = _("schooljaar")
        verbose_name_plural = _("schooljaren")
        ordering = ["school", "first_day"]
        constraints = [
            models.CheckConstraint(condition=Q(last_day__gt=F("first_day")), name="schoolyear_last_after_first"),
            ExclusionConstraint(
                name="schoolyear_no_overlap",
                expressions=[
                    (DateRange("first_day", "last_day", Value("[]")), RangeOperators.OVERLAPS),
                    ("school", RangeOperators.EQUAL),
                ],
            ),
        ]

    def __str__(self):
        return f"{self.first_day.year}-{self.last_day.year}"

    def contains(self, day):
        return self.first_day <= day <= self.last_day


class PeriodKind(models.TextChoices):
    HOLIDAY = "holiday", _("Vakantie")
    PUBLIC_HOLIDAY = "public_holiday", _("Feestdag")
    STUDY_DAY = "study_day", _("Studiedag")
    TEST_PERIOD = "test_period", _("Toetsperiode")
    REPORT_DATE = "report_date", _("Rapport")
    ACTIVITY = "activity", _("Activiteit")


class CalendarPeriod(models.Model):
    """A dated range in a school year: a holiday, study day, test period or report date."""

    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField(_("soort"), max_length=20, choices=PeriodKind.choices)
    name = models.CharField(_("naam"), max_length=200)
    start_date = models.DateField(_("begin"))
    end_date = models.DateField(_("einde (t/m)"))
    # A public holiday is a day off only when the school chooses so (Good Friday, 5 May and the
    # Friday after Ascension differ per school); holidays and study days are always days off.
    day_off = models.BooleanField(_("vrije dag"), default=True)
    # The government's dates for the autumn and spring holidays, the second May week and carnaval
    # in the south are advice: the school may move them. Marks where a school may deviate.
    is_advice = models.BooleanField(_("adviesdatum (school mag verschuiven)"), default=False)
    # Set by hand by leadership: planning proposals never move or remove this period.
    fixed = models.BooleanField(_("vastgezet"), default=False)
    source = models.CharField(_("bron"), max_length=20, blank=True)  # official | computed | rollover | manual

    class Meta:
        verbose_name = _("periode in het schooljaar")
        verbose_name_plural = _("periodes in het schooljaar")
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="period_end_not_before_start"),
        ]

    def __str__(self):
        return f"{self.name} ({self.start_date:%d-%m-%Y} – {self.end_date:%d-%m-%Y})"

    @property
    def is_day_off(self):
        if self.kind == PeriodKind.PUBLIC_HOLIDAY:
            return self.day_off
        return self.kind in (PeriodKind.HOLIDAY, PeriodKind.STUDY_DAY)


def full_name(first, infix, last):
    return " ".join(p for p in (first, infix, last) if p)


class Staff(models.Model):
    """A person's membership of one school: their name and roles there (flags, because one person
    may hold several). One login may hold a membership at several schools of one board (never of
    two boards: a database trigger refuses it, see migration 0006); the membership a request acts
    for is `user.staff` (accounts.acting). Everything the app records about staff points at a
    membership, so it always belongs to one school."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_memberships", related_query_name="staff"
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="staff", verbose_name=_("school"))
    first_name = models.CharField(_("voornaam"), max_length=100)
    infix = models.CharField(_("tussenvoegsel"), max_length=30, blank=True)
    last_name = models.CharField(_("achternaam"), max_length=100)
    is_teacher = models.BooleanField(_("leerkracht"), default=False)
    is_ib = models.BooleanField(_("intern begeleider"), default=False)
    is_leadership = models.BooleanField(_("directie"), default=False)
    is_admin = models.BooleanField(_("beheer"), default=False)
    # The staff interface is Dutch whatever the browser says; a member of staff may choose another.
    language = models.CharField(
        _("taal van de schermen"), max_length=8, blank=True, choices=settings.LANGUAGES,
        help_text=_("Leeg: Nederlands."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("medewerker")
        verbose_name_plural = _("medewerkers")
        ordering = ["last_name", "first_name"]
        constraints = [models.UniqueConstraint(fields=["user", "school"], name="staff_one_membership_per_school")]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return full_name(self.first_name, self.infix, self.last_name)

    @property
    def sees_whole_school(self):
        return self.is_ib or self.is_leadership or self.is_admin

    @property
    def roles_display(self):
        """'leerkracht, intern begeleider': the roles held in this membership."""
        flags = ("is_teacher", "is_ib", "is_leadership", "is_admin")
        return ", ".join(str(self._meta.get_field(flag).verbose_name) for flag in flags if getattr(self, flag))

    def clean(self):
        super().clean()
        if self.user_id and self.school_id and other_board_memberships(self.user_id, self.school, self.pk).exists():
            raise ValidationError({"school": other_board_message()})


def other_board_memberships(user_id, school, exclude_pk=None):
    """The user's memberships at schools of another board than `school`'s (should be none)."""
    return Staff.objects.filter(user_id=user_id).exclude(school__board_id=school.board_id).exclude(pk=exclude_pk)


def other_board_message():
    return _(
        "Dit account is medewerker van een school van een ander bestuur. Eén account werkt alleen "
        "voor scholen van één bestuur."
    )


class BoardAdmin(models.Model):
    """A school-board administrator: sees every school of the board, no more."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_admin")
    board = models.ForeignKey(SchoolBoard, on_delete=models.CASCADE, related_name="admins")

    class Meta:
        verbose_name = _("bestuursbeheerder")
        verbose_name_plural = _("bestuursbeheerders")

    def __str__(self):
        return f"{self.user} ({self.board})"


class Group(models.Model):
    """A class in one school year; a combination group holds several year levels."""

    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("naam"), max_length=30)
    teachers = models.ManyToManyField(Staff, related_name="groups", blank=True, verbose_name=_("leerkrachten"))

    class Meta:
        verbose_name = _("groep")
        verbose_name_plural = _("groepen")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["school_year", "name"], name="group_unique_name_per_year")]

    def __str__(self):
        return _("groep %(name)s") % {"name": self.name}


class Pupil(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="pupils")
    external_id = models.CharField(_("leerlingnummer"), max_length=40)
    first_name = models.CharField(_("roepnaam"), max_length=100)
    infix = models.CharField(_("tussenvoegsel"), max_length=30, blank=True)
    last_name = models.CharField(_("achternaam"), max_length=100)
    date_of_birth = models.DateField(_("geboortedatum"))
    enrolled_on = models.DateField(_("datum inschrijving"), null=True, blank=True)

    class Meta:
        verbose_name = _("leerling")
        verbose_name_plural = _("leerlingen")
        ordering = ["last_name", "first_name"]
        constraints = [models.UniqueConstraint(fields=["school", "external_id"], name="pupil_unique_external_id")]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return full_name(self.first_name, self.infix, self.last_name)


class EnrollmentQuerySet(models.QuerySet):
    def current(self, day):
        """Enrollments running on `day` (start inclusive, end exclusive)."""
        return self.filter(start_date__lte=day).filter(Q(end_date__isnull=True) | Q(end_date__gt=day))


class Enrollment(models.Model):
    """Pupil × group × year level over a period [start_date, end_date); end_date empty = current."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="enrollments")
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="enrollments")
    year_level = models.PositiveSmallIntegerField(_("leerjaar"))
    start_date = models.DateField(_("begin"))
    end_date = models.DateField(_("einde"), null=True, blank=True)
    is_lateral_entrant = models.BooleanField(_("zij-instromer"), default=False)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("inschrijving")
        verbose_name_plural = _("inschrijvingen")
        ordering = ["pupil", "start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(year_level__gte=1, year_level__lte=8), name="enrollment_year_level_1_8"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=F("start_date")),
                name="enrollment_end_after_start",
            ),
            ExclusionConstraint(
                name="enrollment_no_overlap",
                expressions=[
                    (DateRange("start_date", "end_date", Value("[)")), RangeOperators.OVERLAPS),
                    ("pupil", RangeOperators.EQUAL),
                ],
            ),
        ]

    def __str__(self):
        return f"{self.pupil} – {self.group} ({self.year_level})"

    @property
    def is_current(self):
        return self.end_date is None


# Languages the parent pages and messages are offered in, as choices (school.languages.PARENT_LANGUAGES,
# in its order; members by code: Language.NL, Language.AR, …); others fall back to Dutch.
Language = models.TextChoices("Language", [(code.upper(), (code, name)) for code, name in LANGUAGE_CHOICES])


OFFERED_LANGUAGES = frozenset(Language.values)  # Language.values builds its list anew on every call


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")


class Guardian(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="guardians")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="guardian"
    )
    external_id = models.CharField(_("verzorgernummer"), max_length=40, blank=True)
    first_name = models.CharField(_("voornaam"), max_length=100, blank=True)
    infix = models.CharField(_("tussenvoegsel"), max_length=30, blank=True)
    last_name = models.CharField(_("achternaam"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    mobile = models.CharField(_("mobiel (E.164)"), max_length=20, blank=True)
    email_bounced = models.EmailField(
        _("e-mailadres werkt niet"),
        blank=True,
        help_text=_("Het adres waarop e-mail hard terugkwam; een nieuw e-mailadres werkt weer."),
    )
    language = models.CharField(
        _("voorkeurstaal"), max_length=8, default="nl", help_text=_("ISO 639-1, bijvoorbeeld nl, ar, tr")
    )
    channel = models.CharField(_("voorkeurskanaal"), max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    needs_interpreter = models.BooleanField(_("tolk nodig"), default=False)
    prefers_simple_dutch = models.BooleanField(_("eenvoudig Nederlands"), default=False)
    needs_childcare = models.BooleanField(_("kinderopvang nodig bij bijeenkomsten"), default=False)

    class Meta:
        verbose_name = _("ouder/verzorger")
        verbose_name_plural = _("ouders/verzorgers")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "external_id"], condition=~Q(external_id=""), name="guardian_unique_external_id"
            ),
            models.CheckConstraint(condition=Q(email=models.functions.Lower("email")), name="guardian_email_lowercase"),
        ]
        indexes = [models.Index(fields=["school", "email"]), models.Index(fields=["school", "mobile"])]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return full_name(self.first_name, self.infix, self.last_name)

    @property
    def email_works(self) -> bool:
        """An e-mail address that did not bounce (a changed address works again)."""
        return bool(self.email) and self.email != self.email_bounced

    @property
    def page_language(self):
        """The language of parent pages and messages: the preferred one if offered, else Dutch."""
        return self.language if self.language in OFFERED_LANGUAGES else SOURCE_LANGUAGE


class Relationship(models.TextChoices):
    MOTHER = "moeder", _("moeder")
    FATHER = "vader", _("vader")
    CARER = "verzorger", _("verzorger")
    FOSTER = "pleegouder", _("pleegouder")
    OTHER = "anders", _("anders")


class GuardianOf(models.Model):
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="children_links")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="guardian_links")
    relationship = models.CharField(
        _("relatie"), max_length=20, choices=Relationship.choices, default=Relationship.CARER
    )
    has_parental_authority = models.BooleanField(_("gezag"), default=True)
    receives_information = models.BooleanField(_("ontvangt informatie"), default=True)
    invite_separately = models.BooleanField(_("apart uitnodigen"), default=False)

    class Meta:
        verbose_name = _("ouder van leerling")
        verbose_name_plural = _("ouders van leerlingen")
        constraints = [models.UniqueConstraint(fields=["guardian", "pupil"], name="guardianof_unique")]

    def __str__(self):
        return f"{self.guardian} → {self.pupil} ({self.get_relationship_display()})"


class InterpreterKind(models.TextChoices):
    STAFF = "staff", _("Medewerker")
    VOLUNTEER = "volunteer", _("Vrijwilliger")
    SERVICE = "service", _("Tolkdienst")


class Interpreter(models.Model):
    """Someone a school can book to interpret at a session or a conversation."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="interpreters")
    kind = models.CharField(_("soort"), max_length=12, choices=InterpreterKind.choices)
    name = models.CharField(_("naam"), max_length=200)
    staff = models.ForeignKey(
        Staff, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("medewerker")
    )
    languages = models.JSONField(_("talen"), default=list, blank=True)  # language codes, e.g. ["ar", "tr"]
    phone = models.CharField(_("telefoon"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("tolk")
        verbose_name_plural = _("tolken")
        ordering = ["name"]

    def __str__(self):
        return self.name


class OfficialHoliday(models.Model):
    """An official school holiday imported from the government's open data (a newer year than the
    ones shipped in school/data/school-holidays-nl.json). Imported rows win over the shipped ones."""

    school_year = models.CharField(_("schooljaar"), max_length=9)  # "2028-2029"
    kind = models.CharField(_("soort"), max_length=40)  # herfstvakantie, kerstvakantie, …
    region = models.CharField(_("vakantieregio"), max_length=6, choices=Region.choices)
    start_date = models.DateField(_("begin"))
    end_date = models.DateField(_("einde (t/m)"))
    is_advice = models.BooleanField(_("adviesdatum"), default=False)
    imported_at = models.DateTimeField(_("ingelezen op"), auto_now=True)

    class Meta:
        verbose_name = _("officiële schoolvakantie")
        verbose_name_plural = _("officiële schoolvakanties")
        ordering = ["school_year", "region", "start_date"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "kind", "region"], name="officialholiday_unique"),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="officialholiday_end_not_before_start"
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.region} {self.school_year}"


class ImportSource(models.TextChoices):
    BROWSER = "browser", _("in de browser")
    COMMAND = "command", _("opdrachtregel")


class ImportRun(models.Model):
    """One applied import that changed something, with what it changed (see importing/history.py),
    so that leadership can undo the school's last import."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="imports")
    started_at = models.DateTimeField(_("ingelezen op"), default=timezone.now)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(_("via"), max_length=10, choices=ImportSource.choices)
    summary = models.CharField(_("samenvatting"), max_length=500)
    report = models.TextField(_("verslag"))
    changes = models.JSONField(_("wijzigingen"), default=dict)
    undone_at = models.DateTimeField(_("teruggedraaid op"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.school} {self.started_at:%Y-%m-%d %H:%M}"


class InterventionDelay(models.Model):
    """A guardian who starts an intervention later (the wait-list arm of an evaluation's lottery).

    The intervention is held back while the day is before ``until``; from ``until`` on the
    guardian gets it like everyone else. ``evaluation_ref`` names the source (the evaluation
    that drew the lottery) so it can remove exactly its own rows. Read through
    :func:`ouderbetrokkenheid.school.interventions.delayed_guardian_ids`.
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    intervention = models.CharField(_("interventie"), max_length=32, choices=Intervention.choices)
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="intervention_delays")
    until = models.DateField(_("tot"))
    evaluation_ref = models.CharField(_("evaluatie"), max_length=64)

    class Meta:
        verbose_name = _("uitgestelde interventie")
        verbose_name_plural = _("uitgestelde interventies")
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "guardian", "evaluation_ref"], name="interventiondelay_unique"
            ),
        ]
        indexes = [models.Index(fields=["school", "intervention", "until"])]

    def __str__(self):
        return f"{self.get_intervention_display()}: {self.guardian_id} tot {self.until}"
