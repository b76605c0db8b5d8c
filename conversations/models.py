"""The conversation cycle: rounds, teacher availability and slots, preferences, bookings
(fair planning, then first come first served), follow-up of non-responders, the record
with agreements, advice, and a contact arrangement per child.

Invariants the database enforces (PostgreSQL):
- a slot holds at most one active booking;
- a guardian never holds two overlapping active conversations (exclusion constraint on
  BookingGuardian's time range);
- a teacher's slots never overlap;
- one active booking per pupil, guardian and round (a double-submitted form books once);
- one active conversation per pupil and round whoever booked it (every guardian linked to the
  pupil counts), except that separated parents who chose separate conversations each have their
  own (`Booking.party`).
"""

from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.db import models
from django.db.models import Exists, F, Func, OuterRef, Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ouderbetrokkenheid.school.constraints import ExclusionConstraint
from ouderbetrokkenheid.school.languages import language_name
from ouderbetrokkenheid.school.models import (
    TRANSLATION_LANGUAGES,
    ApprovedTranslation,
    Guardian,
    Pupil,
    School,
    SchoolYear,
    Staff,
)


class TimeRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class RoundKind(models.TextChoices):
    START = "start", _("Startgesprek")
    DEVELOPMENT_1 = "development_1", _("Eerste ontwikkelingsgesprek")
    DEVELOPMENT_2 = "development_2", _("Tweede ontwikkelingsgesprek (facultatief)")
    ADVICE_PROVISIONAL = "advice_provisional", _("Voorlopig adviesgesprek")  # groep 7 or 8: no groep in the label
    ADVICE_FINAL = "advice_final", _("Definitief adviesgesprek (groep 8)")
    AD_HOC = "ad_hoc", _("Los gesprek")


class ConversationForm(models.TextChoices):
    AT_SCHOOL = "at_school", _("Op school")
    VIDEO = "video", _("Videobellen")
    PHONE = "phone", _("Telefoon")
    HOME_VISIT = "home_visit", _("Huisbezoek")


ADVICE_KINDS = (RoundKind.ADVICE_PROVISIONAL, RoundKind.ADVICE_FINAL)


class Round(models.Model):
    """A round of conversations in a school year for some year levels."""

    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="rounds")
    kind = models.CharField(_("soort"), max_length=20, choices=RoundKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    year_levels = models.JSONField(_("leerjaren"), default=list)
    first_day = models.DateField(_("eerste gespreksdag"))
    last_day = models.DateField(_("laatste gespreksdag"))
    slot_minutes = models.PositiveSmallIntegerField(_("duur gesprek (minuten)"), default=15)
    family_gap_minutes = models.PositiveSmallIntegerField(_("pauze tussen gesprekken van één gezin"), default=0)
    forms = models.JSONField(_("gespreksvormen"), default=list)
    goal = models.TextField(_("doel"), blank=True)
    invitation_text = models.TextField(_("uitnodigingstekst"), blank=True)
    preferences_open_at = models.DateTimeField(_("voorkeuren opgeven vanaf"), null=True, blank=True)
    preferences_close_at = models.DateTimeField(_("voorkeuren opgeven tot"), null=True, blank=True)
    booking_opens_at = models.DateTimeField(_("vrij inschrijven vanaf"), null=True, blank=True)
    booking_closes_hours_before = models.PositiveSmallIntegerField(_("inschrijven sluit (uren vooraf)"), default=24)
    followup_after_school_days = models.PositiveSmallIntegerField(_("opvolgen na (schooldagen)"), default=5)
    invited_at = models.DateTimeField(_("uitgenodigd op"), null=True, blank=True)
    fixed = models.BooleanField(_("vastgezet"), default=False)
    one_off = models.BooleanField(
        _("los gesprek voor één gezin"),
        default=False,
        help_text=_("Alleen zichtbaar voor ouders die er een afspraak in hebben (vervolg- of kennismakingsgesprek)."),
    )

    class Meta:
        verbose_name = _("gespreksronde")
        verbose_name_plural = _("gespreksrondes")
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(condition=Q(last_day__gte=F("first_day")), name="round_last_not_before_first"),
            models.CheckConstraint(condition=Q(slot_minutes__gte=5), name="round_slot_min_5"),
        ]

    def __str__(self):
        return self.title

    @property
    def needs_second_staff(self):
        return self.kind in ADVICE_KINDS


class RoundTranslation(ApprovedTranslation):
    """A round's title, goal and invitation text in one language, for parents; it counts once a
    member of staff approved it (like a library text). Changing the round's Dutch words
    withdraws the approval (conversations.texts)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="translations")
    title = models.CharField(_("titel"), max_length=200, blank=True)
    goal = models.TextField(_("doel"), blank=True)
    invitation_text = models.TextField(_("uitnodigingstekst"), blank=True)

    class Meta:
        verbose_name = _("vertaling van een gespreksronde")
        verbose_name_plural = _("vertalingen van gespreksrondes")
        constraints = [
            models.UniqueConstraint(fields=["round", "language"], name="roundtranslation_one_per_language"),
            models.CheckConstraint(
                condition=Q(language__in=TRANSLATION_LANGUAGES), name="roundtranslation_language_valid"
            ),
        ]


class Availability(models.Model):
    """A span of time a teacher is available in a round (breaks are gaps between spans). A
    teacher's spans never overlap, in one round or across rounds (their slots could not either)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="availability")
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="availability")
    starts_at = models.DateTimeField(_("van"))
    ends_at = models.DateTimeField(_("tot"))
    room = models.CharField(_("lokaal"), max_length=60, blank=True)
    protect_for_working_parents = models.BooleanField(_("bewaren voor werkende ouders"), default=False)

    class Meta:
        verbose_name = _("beschikbaarheid")
        verbose_name_plural = _("beschikbaarheid")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="availability_positive"),
            ExclusionConstraint(
                name="availability_staff_no_overlap",
                expressions=[
                    (TimeRange("starts_at", "ends_at", Value("[)")), RangeOperators.OVERLAPS),
                    ("staff", RangeOperators.EQUAL),
                ],
            ),
        ]

    def __str__(self):
        return f"{self.staff} {timezone.localtime(self.starts_at):%d-%m %H:%M}"


class Slot(models.Model):
    """A bookable conversation time with a teacher (and, for duo teachers or advice, a second staff member)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="slots")
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="slots")
    second_staff = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    starts_at = models.DateTimeField(_("begint om"))
    ends_at = models.DateTimeField(_("eindigt om"))
    room = models.CharField(_("lokaal"), max_length=60, blank=True)
    protected = models.BooleanField(_("bewaard voor werkende ouders"), default=False)

    class Meta:
        verbose_name = _("gespreksplek")
        verbose_name_plural = _("gespreksplekken")
        ordering = ["starts_at", "staff_id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="slot_positive"),
            ExclusionConstraint(
                name="slot_staff_no_overlap",
                expressions=[
                    (TimeRange("starts_at", "ends_at", Value("[)")), RangeOperators.OVERLAPS),
                    ("staff", RangeOperators.EQUAL),
                ],
            ),
        ]

    def __str__(self):
        return f"{self.staff} {timezone.localtime(self.starts_at):%d-%m %H:%M}"


class Initiator(models.TextChoices):
    """Who started a conversation (the conversation card: teacher, pupil or parents)."""

    SCHOOL = "school", _("De school (gespreksronde)")
    TEACHER = "teacher", _("De leerkracht")
    PARENT = "parent", _("De ouder")
    PUPIL = "pupil", _("De leerling")


class BookingStatus(models.TextChoices):
    PROPOSED = "proposed", _("Voorgesteld")
    CONFIRMED = "confirmed", _("Bevestigd")
    CANCELLED = "cancelled", _("Geannuleerd")


ACTIVE = ~Q(status=BookingStatus.CANCELLED)


class Booking(models.Model):
    """One conversation about one pupil in one slot, with the guardians who come."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="bookings")
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="conversation_bookings")
    guardians = models.ManyToManyField(Guardian, through="BookingGuardian", related_name="conversation_bookings")
    form = models.CharField(
        _("vorm"), max_length=12, choices=ConversationForm.choices, default=ConversationForm.AT_SCHOOL
    )
    status = models.CharField(
        _("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.CONFIRMED
    )
    topics = models.TextField(_("wat ouders willen bespreken"), blank=True)
    pupil_joins = models.BooleanField(_("kind komt mee"), default=False)
    video_link = models.URLField(_("videolink"), blank=True)
    experts = models.ManyToManyField(Staff, blank=True, related_name="+", verbose_name=_("deskundigen"))
    external_expert = models.CharField(_("externe deskundige"), max_length=200, blank=True)
    booked_by_staff = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    initiated_by = models.CharField(
        _("gestart door"), max_length=8, choices=Initiator.choices, default=Initiator.SCHOOL
    )
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # "" for the pupil's one conversation in the round; a guardian's pk for the separate conversation
    # of a separated parent who asked to be invited apart (GuardianOf.invite_separately).
    party = models.CharField(max_length=20, blank=True, default="")
    # The confirmation and reminders are still to be written (the outbox row of a booking made on
    # the booking page: conversations.tasks.bookings_announce writes them after the commit).
    announce_pending = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("gespreksafspraak")
        verbose_name_plural = _("gespreksafspraken")
        ordering = ["slot__starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["slot"], condition=ACTIVE, name="booking_one_per_slot"),
            models.UniqueConstraint(
                fields=["round", "pupil", "party"], condition=ACTIVE, name="booking_once_per_party"
            ),
        ]
        indexes = [models.Index(fields=["created_at"], condition=Q(announce_pending=True), name="booking_to_announce")]

    def __str__(self):
        return f"{self.pupil} @ {self.slot}"


class BookingGuardian(models.Model):
    """A guardian's place in a booking, with the slot's time copied so PostgreSQL can refuse
    overlapping conversations for one guardian."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="guardian_links")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["booking", "guardian"], name="bookingguardian_unique"),
            models.UniqueConstraint(
                fields=["round", "pupil", "guardian"], condition=Q(active=True), name="bookingguardian_once_per_round"
            ),
            ExclusionConstraint(
                name="bookingguardian_no_overlap",
                expressions=[
                    (TimeRange("starts_at", "ends_at", Value("[)")), RangeOperators.OVERLAPS),
                    ("guardian", RangeOperators.EQUAL),
                ],
                condition=Q(active=True),
            ),
        ]

    def __str__(self):
        return f"{self.guardian} ({self.booking})"


class Preference(models.Model):
    """What a guardian told us in the preference phase: when they can come, and for separated
    parents whether they want a joint or a separate conversation."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="preferences")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="+")
    windows = models.JSONField(_("tijden"), default=list, help_text=_('[{"start": ISO, "end": ISO}, …]'))
    joint = models.BooleanField(_("samen met de andere ouder"), default=True)
    form = models.CharField(_("vorm"), max_length=12, choices=ConversationForm.choices, blank=True)
    topics = models.TextField(_("wat wilt u bespreken"), blank=True)
    interpreter_language = models.CharField(_("tolk nodig in"), max_length=8, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("voorkeur")
        verbose_name_plural = _("voorkeuren")
        constraints = [models.UniqueConstraint(fields=["round", "guardian"], name="preference_once_per_round")]

    def __str__(self):
        return f"{self.guardian} ({self.round})"


class WaitingListEntry(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="waiting_list")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="+")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    served_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("wachtlijst")
        verbose_name_plural = _("wachtlijst")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "guardian", "pupil"], condition=Q(served_at__isnull=True), name="waiting_once"
            )
        ]

    def __str__(self):
        return f"{self.guardian} ({self.round})"


class FollowUpOutcome(models.TextChoices):
    CALLED = "called", _("Gebeld")
    NO_ANSWER = "no_answer", _("Niet bereikt")
    HOME_VISIT = "home_visit", _("Huisbezoek")
    VIA_IB = "via_ib", _("Via de IB")
    INTERPRETER = "interpreter", _("Met tolk benaderd")
    BOOKED = "booked", _("Afspraak gemaakt")


class FollowUp(models.Model):
    """The teacher's contact with a guardian who did not book in time."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="follow_ups")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="+")
    outcome = models.CharField(_("uitkomst"), max_length=12, choices=FollowUpOutcome.choices)
    note = models.CharField(_("notitie"), max_length=500, blank=True)
    by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("opvolging")
        verbose_name_plural = _("opvolgingen")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.guardian}: {self.get_outcome_display()}"


class Attendance(models.TextChoices):
    UNKNOWN = "", _("Nog niet ingevuld")
    CAME = "came", _("Gekomen")
    NO_SHOW = "no_show", _("Niet gekomen")


class AdviceTrack(models.TextChoices):
    PRO = "pro", "PrO"
    VMBO_BB = "vmbo_bb", "vmbo-bb"
    VMBO_KB = "vmbo_kb", "vmbo-kb"
    VMBO_GT = "vmbo_gt", "vmbo-gl/tl"
    HAVO = "havo", "havo"
    VWO = "vwo", "vwo"


class Record(models.Model):
    """The written record of a conversation, following the practice card's structure.

    Before it is shared with the parents it must be complete (conversations.records.record_missing):
    agreements stating who, what, when, how and why, and an evaluation date; or an explicit
    "geen afspraken nodig" with the reason. A draft may be incomplete, and records stored before
    this rule stay readable as they are."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="record")
    goal = models.TextField(_("doel van het gesprek"), blank=True)
    going_well = models.TextField(_("wat gaat goed"), blank=True)
    to_improve = models.TextField(_("wat kan beter, en hoe"), blank=True)
    parents_input = models.TextField(_("inbreng ouders"), blank=True)
    pupil_input = models.TextField(_("inbreng kind"), blank=True)
    goals = models.TextField(_("doelen"), blank=True)
    evaluation_date = models.DateField(_("evaluatiemoment"), null=True, blank=True)
    no_agreements_needed = models.BooleanField(_("geen afspraken nodig"), default=False)
    no_agreements_reason = models.TextField(_("waarom geen afspraken nodig zijn"), blank=True)
    attendance = models.CharField(_("aanwezigheid"), max_length=8, choices=Attendance.choices, blank=True)
    pupil_present = models.BooleanField(_("kind was erbij"), default=False)
    second_staff = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    advice_track = models.CharField(_("advies"), max_length=10, choices=AdviceTrack.choices, blank=True)
    advice_second_track = models.CharField(_("advies (dubbel)"), max_length=10, choices=AdviceTrack.choices, blank=True)
    advice_date = models.DateField(_("datum advies"), null=True, blank=True)
    author = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(_("gedeeld met ouders op"), null=True, blank=True)

    class Meta:
        verbose_name = _("gespreksverslag")
        verbose_name_plural = _("gespreksverslagen")

    def __str__(self):
        return f"{self.booking}"


class Agreement(models.Model):
    """An agreement: who does what, when, how and why."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="agreements")
    who = models.CharField(_("wie"), max_length=100)
    what = models.CharField(_("wat"), max_length=300)
    when = models.CharField(_("wanneer"), max_length=100, blank=True)
    how = models.CharField(_("hoe"), max_length=300, blank=True)
    why = models.CharField(_("waarom"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.who}: {self.what}"


class ContactKind(models.TextChoices):
    REGULAR = "regular", _("De gewone gespreksrondes")
    EXTRA_CONVERSATIONS = "extra", _("Extra gesprekken")
    HOME_VISITS = "home_visits", _("Huisbezoeken")
    PHONE = "phone", _("Regelmatig telefonisch contact")


class ContactArrangement(models.Model):
    """How teacher and parents keep in touch this year, agreed in the start conversation."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="contact_arrangements")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("afspraak"), max_length=12, choices=ContactKind.choices, default=ContactKind.REGULAR)
    every_weeks = models.PositiveSmallIntegerField(_("elke … weken"), null=True, blank=True)
    minutes = models.PositiveSmallIntegerField(_("duur (minuten)"), null=True, blank=True)
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    info_sessions_wanted = models.CharField(
        _("Welke informatiebijeenkomsten willen de ouders bijwonen?"), max_length=500, blank=True
    )
    next_contact_on = models.DateField(_("volgend contact"), null=True, blank=True)
    agreed_in = models.ForeignKey(Record, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("contactafspraak")
        verbose_name_plural = _("contactafspraken")
        constraints = [models.UniqueConstraint(fields=["pupil", "school_year"], name="contactarrangement_one_per_year")]

    def __str__(self):
        return f"{self.pupil}: {self.get_kind_display()}"


class ContactMoment(models.Model):
    """One contact under an arrangement (a call, a home visit, an extra conversation), logged."""

    arrangement = models.ForeignKey(ContactArrangement, on_delete=models.CASCADE, related_name="moments")
    on = models.DateField(_("datum"))
    note = models.CharField(_("notitie"), max_length=500, blank=True)
    by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
        ordering = ["-on"]

    def __str__(self):
        return f"{self.arrangement.pupil} {self.on}"


class BookingInterpreter(models.Model):
    """An interpreter booked for a conversation (booked through reach.interpreters, which
    refuses a staff member or volunteer already booked elsewhere at that time)."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="interpreters")
    interpreter = models.ForeignKey(
        "school.Interpreter", on_delete=models.PROTECT, related_name="conversation_bookings", verbose_name=_("tolk")
    )
    language = models.CharField(_("taal"), max_length=8)
    booked_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    booked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("tolk bij een gesprek")
        verbose_name_plural = _("tolken bij gesprekken")
        ordering = ["language", "pk"]
        constraints = [models.UniqueConstraint(fields=["booking", "interpreter"], name="bookinginterpreter_once")]

    def __str__(self):
        return f"{self.interpreter} ({self.language}) @ {self.booking_id}"

    @property
    def language_name(self):
        return language_name(self.language)


class ReadWhat(models.TextChoices):
    RECORD = "record", _("verslag")
    PREVIOUS = "previous", _("eerdere afspraken")
    PARENT = "parent", _("verslag (ouderportaal)")


class RecordRead(models.Model):
    """Who read a conversation record, and when (staff or a guardian): the record-read log that
    leadership and the IB see (conversations.views.records_overview.record_reads). `what` says which page
    showed it: the record itself, or its agreements shown as the previous ones."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="reads")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    staff = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    guardian = models.ForeignKey(Guardian, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    what = models.CharField(max_length=20, choices=ReadWhat.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("inzage gespreksverslag")
        verbose_name_plural = _("inzage gespreksverslagen")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["school", "-at"], name="record_read_school_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.what} {self.record_id}"


class Absence(models.Model):
    """A teacher who drops out for (part of) a conversation day in a round. While it holds, their
    free slots in that time are closed (not deleted); the bookings it cancelled are kept here, so
    that ending it (the teacher is back) restores what can still be restored."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="absences")
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="conversation_absences")
    starts_at = models.DateTimeField(_("afwezig vanaf"))
    ends_at = models.DateTimeField(_("afwezig tot"))
    created_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(_("weer terug op"), null=True, blank=True)
    cancelled = models.ManyToManyField(Booking, blank=True, related_name="+")

    class Meta:
        verbose_name = _("afwezigheid")
        verbose_name_plural = _("afwezigheden")
        ordering = ["starts_at"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="absence_positive")]

    def __str__(self):
        return f"{self.staff} {timezone.localtime(self.starts_at):%d-%m %H:%M}"


def closed_by_absence():
    """For a Slot queryset: whether an absence in force covers the slot (its staff is away then)."""
    return Exists(
        Absence.objects.filter(
            staff=OuterRef("staff"), ended_at__isnull=True,
            starts_at__lt=OuterRef("ends_at"), ends_at__gt=OuterRef("starts_at"),
        )
    )  # fmt: skip
