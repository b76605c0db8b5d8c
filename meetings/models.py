"""The three group information sessions: the school's programme, planned sessions,
invitations with RSVP, attendance, follow-up of priority parents, handout texts.

Audiences are by year level (never by class name), plus lateral entrants as a flag.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ouderbetrokkenheid.school.followup import SESSION_OUTCOMES, FollowUpOutcome
from ouderbetrokkenheid.school.languages import TRANSLATION_LANGUAGES
from ouderbetrokkenheid.school.models import (
    Guardian,
    Pupil,
    School,
    SchoolYear,
    Staff,
)
from ouderbetrokkenheid.school.translations import ApprovedTranslation


class ProgrammeItem(models.Model):
    """One information session in a school's programme (the three defaults, or one the school added)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="programme")
    number = models.PositiveSmallIntegerField(_("volgorde"))
    key = models.CharField(max_length=30, blank=True, help_text=_("Sleutel van een standaardbijeenkomst"))
    title = models.CharField(_("titel"), max_length=200)
    topics = models.TextField(_("onderwerpen"), help_text=_("Eén onderwerp per regel"))
    outline = models.TextField(_("opzet"), blank=True)
    year_levels = models.JSONField(_("leerjaren"), default=list, help_text=_("Bijvoorbeeld [3, 8]"))
    lateral_entrants = models.BooleanField(_("ook ouders van zij-instromers"), default=False)
    pupils_welcome = models.BooleanField(_("leerlingen mogen mee"), default=False)
    duration_minutes = models.PositiveSmallIntegerField(_("duur (minuten)"), default=60)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("bijeenkomst in het programma")
        verbose_name_plural = _("programma informatiebijeenkomsten")
        ordering = ["school", "number"]
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="programme_unique_number"),
            models.UniqueConstraint(fields=["school", "key"], condition=~Q(key=""), name="programme_unique_key"),
            models.CheckConstraint(condition=Q(duration_minutes__gte=15), name="programme_duration_min_15"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def topic_list(self):
        return [line.strip() for line in self.topics.splitlines() if line.strip()]


class ProgrammeItemTranslation(ApprovedTranslation):
    """A programme item's title and topics in one language, for parents; it counts once a
    member of staff approved it (like a library text). Changing the item's Dutch title or topics
    withdraws the approval (meetings.texts)."""

    item = models.ForeignKey(ProgrammeItem, on_delete=models.CASCADE, related_name="translations")
    title = models.CharField(_("titel"), max_length=200, blank=True)
    topics = models.TextField(_("onderwerpen"), blank=True)

    TEXT_FIELDS = ("title", "topics")

    class Meta:
        verbose_name = _("vertaling van een bijeenkomst")
        verbose_name_plural = _("vertalingen van bijeenkomsten")
        constraints = [
            models.UniqueConstraint(fields=["item", "language"], name="programmeitemtranslation_one_per_language"),
            models.CheckConstraint(
                condition=Q(language__in=TRANSLATION_LANGUAGES), name="programmeitemtranslation_language_valid"
            ),
        ]

    @property
    def topic_list(self):
        return [line.strip() for line in self.topics.splitlines() if line.strip()]


class Session(models.Model):
    """A programme item planned on a date for an audience in one school year."""

    item = models.ForeignKey(ProgrammeItem, on_delete=models.PROTECT, related_name="sessions")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="sessions")
    year_levels = models.JSONField(_("leerjaren"), default=list)
    lateral_entrants = models.BooleanField(_("ook ouders van zij-instromers"), default=False)
    starts_at = models.DateTimeField(_("begint om"))
    duration_minutes = models.PositiveSmallIntegerField(_("duur (minuten)"), default=60)
    location = models.CharField(_("plaats"), max_length=200, blank=True)
    presenters = models.ManyToManyField(Staff, blank=True, related_name="sessions", verbose_name=_("presentatoren"))
    guest_presenters = models.CharField(_("gastsprekers"), max_length=200, blank=True)
    childcare = models.BooleanField(_("kinderopvang"), default=False)
    interpreter_languages = models.JSONField(_("tolken geregeld voor"), default=list, blank=True)
    fixed = models.BooleanField(_("vastgezet"), default=False, help_text=_("Een nieuw voorstel verplaatst deze niet"))
    # Besides leadership, only the organiser may move a session shared by several groups (meetings.moves).
    organiser = models.ForeignKey(
        Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("organisator")
    )
    invitations_sent_at = models.DateTimeField(_("uitnodigingen verstuurd"), null=True, blank=True)
    # An extra session on top of the year's programme: an intervention a school can evaluate, so
    # its invitations skip guardians on an evaluation's wait-list (school.InterventionDelay).
    is_extra = models.BooleanField(
        _("extra bijeenkomst"), default=False, help_text=_("Een extra bijeenkomst naast het jaarprogramma")
    )

    class Meta:
        verbose_name = _("informatiebijeenkomst")
        verbose_name_plural = _("informatiebijeenkomsten")
        ordering = ["starts_at"]
        constraints = [models.CheckConstraint(condition=Q(duration_minutes__gte=15), name="session_duration_min_15")]
        indexes = [models.Index(fields=["school_year", "starts_at"])]

    def __str__(self):
        return f"{self.item.title} ({timezone.localtime(self.starts_at):%d-%m-%Y %H:%M})"

    @property
    def ends_at(self):
        return self.starts_at + timezone.timedelta(minutes=self.duration_minutes)


class Response(models.TextChoices):
    NONE = "", _("Nog geen antwoord")
    COMING = "coming", _("Ik kom")
    NOT_COMING = "not_coming", _("Ik kom niet")
    MAYBE = "maybe", _("Misschien")


class Invitation(models.Model):
    """One guardian invited to one session (once, whatever the number of children)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="invitations")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="session_invitations")
    pupils = models.ManyToManyField(Pupil, related_name="+", verbose_name=_("voor de kinderen"))
    token_hash = models.CharField(max_length=64, unique=True)
    priority_reasons = models.JSONField(_("redenen voor persoonlijke uitnodiging"), default=list, blank=True)
    invited_at = models.DateTimeField(_("uitgenodigd op"), null=True, blank=True)
    response = models.CharField(_("antwoord"), max_length=12, choices=Response.choices, blank=True, default="")
    responded_at = models.DateTimeField(_("geantwoord op"), null=True, blank=True)
    childcare_children = models.PositiveSmallIntegerField(_("kinderen voor de opvang"), default=0)
    interpreter_language = models.CharField(_("tolk nodig in"), max_length=8, blank=True)
    question = models.CharField(_("vraag voor de bijeenkomst"), max_length=500, blank=True)
    attended = models.BooleanField(_("aanwezig"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        constraints = [
            models.UniqueConstraint(fields=["session", "guardian"], name="invitation_once_per_guardian"),
            models.CheckConstraint(condition=Q(childcare_children__lte=10), name="invitation_childcare_max_10"),
        ]

    def __str__(self):
        return f"{self.guardian} → {self.session}"

    @property
    def is_priority(self):
        return bool(self.priority_reasons)


class WalkIn(models.Model):
    """Someone who came without being on the list (registered by the presenter)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="walk_ins")
    name = models.CharField(_("naam"), max_length=200)
    guardian = models.ForeignKey(Guardian, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("binnenloper")
        verbose_name_plural = _("binnenlopers")

    def __str__(self):
        return self.name


class FollowUp(models.Model):
    """A teacher's personal contact with a priority parent who did not answer."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="follow_ups")
    outcome = models.CharField(_("uitkomst"), max_length=12, choices=FollowUpOutcome.among(SESSION_OUTCOMES))
    note = models.CharField(_("notitie"), max_length=500, blank=True)
    by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("opvolging")
        verbose_name_plural = _("opvolgingen")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.get_outcome_display()} ({self.at:%d-%m-%Y})"


class HandoutText(ApprovedTranslation):
    """The school's milestone and home-practice texts per year level, per language (the Dutch
    original and its translations side by side; a translation counts once approved)."""

    class Section(models.TextChoices):
        READING = "reading", _("Lezen: mijlpalen")
        MATHS = "maths", _("Rekenen: mijlpalen")
        HOME_TIPS = "home_tips", _("Tips voor thuis")
        SCHOOL_SYSTEM = "school_system", _("Het schoolsysteem")
        ADVICE_TIMELINE = "advice_timeline", _("Tijdlijn schooladvies")
        WORK_ATTITUDE = "work_attitude", _("Werkhouding")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="handout_texts")
    section = models.CharField(_("onderdeel"), max_length=20, choices=Section.choices)
    year_level = models.PositiveSmallIntegerField(_("leerjaar"), default=0, help_text=_("0 = alle leerjaren"))
    language = models.CharField(_("taal"), max_length=8, default="nl")
    text = models.TextField(_("tekst"))

    class Meta:
        verbose_name = _("hand-outtekst")
        verbose_name_plural = _("hand-outteksten")
        constraints = [
            models.UniqueConstraint(fields=["school", "section", "year_level", "language"], name="handouttext_unique"),
            models.CheckConstraint(condition=Q(year_level__lte=8), name="handouttext_year_level_0_8"),
        ]

    def __str__(self):
        return f"{self.get_section_display()} groep {self.year_level or '-'} ({self.language})"


class InterpreterStatus(models.TextChoices):
    REQUESTED = "requested", _("Gevraagd")
    CONFIRMED = "confirmed", _("Bevestigd")


class SessionInterpreter(models.Model):
    """An interpreter booked for one language at a session (a participant, like a presenter).

    Booked through reach.interpreters, which locks the interpreter and refuses a staff member
    or volunteer who is already booked elsewhere at that time (sessions and conversations)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="interpreters")
    interpreter = models.ForeignKey(
        "school.Interpreter", on_delete=models.PROTECT, related_name="session_bookings", verbose_name=_("tolk")
    )
    language = models.CharField(_("taal"), max_length=8)
    status = models.CharField(
        _("status"), max_length=10, choices=InterpreterStatus.choices, default=InterpreterStatus.REQUESTED
    )
    booked_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    booked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("tolk bij een bijeenkomst")
        verbose_name_plural = _("tolken bij bijeenkomsten")
        ordering = ["language", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "interpreter"], name="sessioninterpreter_once"),
            models.CheckConstraint(
                condition=Q(status__in=["requested", "confirmed"]), name="sessioninterpreter_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.interpreter} ({self.language}) @ {self.session_id}"


class MoveOutcome(models.TextChoices):
    PENDING = "pending", _("wacht op besluit")
    ACCEPTED = "accepted", _("aangenomen")
    DECLINED = "declined", _("afgewezen")


class SessionMoveProposal(models.Model):
    """A teacher's proposal to move a session shared with other groups (new time, length, place).
    Leadership or the organiser accepts it (then the session moves and the families hear of it) or
    declines it (nothing changes, nobody is told)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="move_proposals")
    proposed_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, related_name="+")
    starts_at = models.DateTimeField(_("begint om"))
    duration_minutes = models.PositiveSmallIntegerField(_("duur (minuten)"))
    location = models.CharField(_("plaats"), max_length=200, blank=True)
    reason = models.CharField(_("waarom"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=10, choices=MoveOutcome.choices, default=MoveOutcome.PENDING)
    decided_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("voorstel om te verplaatsen")
        verbose_name_plural = _("voorstellen om te verplaatsen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(duration_minutes__gte=15), name="move_proposal_duration_min_15"),
        ]

    def __str__(self):
        return f"{self.session_id} → {self.starts_at:%Y-%m-%d %H:%M} ({self.outcome})"
