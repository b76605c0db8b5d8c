"""Booking conversations: open booking, staff on behalf of a family, proposals, the waiting list.

Concurrency (pretix-style), in a fixed number of queries whatever the number of children: the
family (guardian links, enrollments) is read once before the transaction; in it we lock the chosen
slots (ordered by pk, so concurrent bookers queue instead of deadlocking), re-check every rule
against the live rows in one query, insert in bulk, and let the database constraints be the last
word: a slot holds one active booking, a guardian never holds two overlapping conversations
(PostgreSQL's exclusion constraint; the re-check refuses it on any database), a pupil has one
active booking per guardian and round, and one conversation per round whoever booked it
(`Booking.party`: separated parents who asked for separate conversations each have their own, and
a guardian without parental authority, such as a step-parent, never makes a third).
An IntegrityError from them becomes BookingRefused.

Several items (siblings) are one transaction: all are booked or none is.

Messages are written to the outbox (messaging) inside the same transaction, so they exist
exactly when the booking does; the dispatcher only sends committed messages. The booking page
(`announce_later`) writes only the booking, flagged `announce_pending`: that flag is its outbox
row, and `bookings_announce` (a worker right after the commit, or the beat's sweep) writes the
confirmation and reminders and clears the flag in one transaction.

The waiting list: when a booking is cancelled (or moved away), the freed slot is offered first
to the oldest unserved waiting-list entry of that round whose pupil has no active booking and
whose teacher holds the slot; it is booked for them as PROPOSED and they are told at once.
They accept it with `proposal_accept` (or cancel it, which offers it to the next in line).
"""

import datetime
import functools
import logging
import secrets
import zlib
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.clock import local_day
from ouderbetrokkenheid.school.models import Enrollment, Group, Guardian, GuardianOf, Pupil

from . import invitations
from .models import (
    ACTIVE,
    Booking,
    BookingGuardian,
    BookingStatus,
    ConversationForm,
    Slot,
    WaitingListEntry,
    closed_by_absence,
)
from .rounds import is_opened

VIDEO_BASE_URL = "https://meet.jit.si/"
logger = logging.getLogger(__name__)


class BookingRefused(Exception):
    """A booking that cannot be made; the message is for the person booking (Dutch, gettext)."""

    def __init__(self, message=None):
        super().__init__(message or taken_message())

    @property
    def message(self):
        return str(self.args[0])


def taken_message():
    return _("Deze tijd is net door iemand anders gekozen. Kies een andere tijd.")


CONSTRAINT_MESSAGES = {
    "booking_one_per_slot": taken_message,
    "bookingguardian_no_overlap": lambda: _("U hebt op deze tijd al een ander gesprek. Kies een andere tijd."),
    "bookingguardian_once_per_round": lambda: _("U hebt al een afspraak voor dit kind in deze ronde."),
    "booking_once_per_party": lambda: _("Er is al een afspraak voor dit kind in deze ronde."),
}


@dataclass
class BookingItem:
    """One pupil in one slot. `guardians`: who comes; None on the booking page, where the booker
    comes with the pupil's other guardians with parental authority (see `household`)."""

    slot: Slot
    pupil: object
    guardians: list | None = field(default_factory=list)
    form: str = ConversationForm.AT_SCHOOL


# -- what booking needs to know about a family, read once -----------------------------------------


@dataclass
class Family:
    """Some pupils' guardian links (with guardian and pupil) and their enrollments in the given
    school years (with group): two queries whatever the number of children, rounds or guardians."""

    links: list
    enrollments: list
    one_off: dict = field(default_factory=dict)  # one-off round pk -> the pupils it was made for

    def links_of(self, pupil_id) -> list:
        return [link for link in self.links if link.pupil_id == pupil_id]

    def children_of(self, guardian) -> list:
        pupils = {link.pupil_id: link.pupil for link in self.links if link.guardian_id == guardian.pk}
        return sorted(pupils.values(), key=lambda p: (p.first_name, p.pk))

    def enrollment(self, *, round, pupil_id, day) -> Enrollment | None:
        """As `in_round`: the pupil's enrollment on `day` in the round's school year and levels."""
        for e in self.enrollments:
            if (e.pupil_id == pupil_id and e.group.school_year_id == round.school_year_id
                    and e.year_level in round.year_levels and e.start_date <= day
                    and (e.end_date is None or e.end_date > day)):  # fmt: skip
                return e
        return None

    def may_join(self, *, round, pupil_id) -> bool:
        return not round.one_off or pupil_id in self.one_off.get(round.pk, set())

    def in_round(self, *, round, guardian) -> list:
        """The guardian's children in the round (enrolled on the first day still to come; in a
        one-off round only the child it was made for), as the booking pages show them."""
        day = max(timezone.localdate(), round.first_day)
        return [
            p for p in self.children_of(guardian)
            if self.may_join(round=round, pupil_id=p.pk) and self.enrollment(round=round, pupil_id=p.pk, day=day)
        ]  # fmt: skip

    def sees(self, *, round, guardian) -> bool:
        """As `selectors.round_for` for a guardian: one of their children is in the round's
        school year and year levels today (and, for a one-off round, it was made for them)."""
        today = timezone.localdate()
        return (
            round.school_year.school_id == guardian.school_id
            and is_opened(round)
            and any(
                self.may_join(round=round, pupil_id=p.pk) and self.enrollment(round=round, pupil_id=p.pk, day=today)
                for p in self.children_of(guardian)
            )
        )


def family_load(*, rounds, guardian=None, pupils=None) -> Family:
    """The links and enrollments of `guardian`'s children (or of `pupils`) for `rounds`: one query on
    PostgreSQL (each link carries its pupil's enrollments as a JSON array), two elsewhere."""
    if connection.vendor == "postgresql":
        family = Family(*_family_rows(rounds=rounds, guardian=guardian, pupils=pupils))
    else:
        family = _family_orm(rounds=rounds, guardian=guardian, pupils=pupils)
    return _with_one_off(family, rounds)


def _with_one_off(family, rounds):
    one_off = [r.pk for r in rounds if r.one_off]
    if one_off:
        for round_id, pupil_id in Booking.objects.filter(round_id__in=one_off).values_list("round_id", "pupil_id"):
            family.one_off.setdefault(round_id, set()).add(pupil_id)
    return family


def _family_orm(*, rounds, guardian, pupils) -> Family:
    links = GuardianOf.objects.select_related("guardian", "pupil").order_by("pupil_id", "guardian_id")
    enrollments = Enrollment.objects.select_related("group").filter(
        group__school_year_id__in={r.school_year_id for r in rounds}
    )
    if guardian is not None:
        links = links.filter(pupil__guardian_links__guardian=guardian)
        enrollments = enrollments.filter(pupil__guardian_links__guardian=guardian)
    else:
        pupil_ids = sorted({p.pk for p in pupils})
        links, enrollments = links.filter(pupil_id__in=pupil_ids), enrollments.filter(pupil_id__in=pupil_ids)
    return Family(links=list(links), enrollments=list(enrollments))


@functools.cache
def _family_sql(which, years):
    """The select list and joins of the family statement (links with guardian and pupil, and each
    link's pupil's enrollments with group as a JSON array), links chosen by `which` ("guardian":
    a guardian's children, "pupils": a list) in the school years `years` (an SQL expression); and
    the function turning its rows into (links, enrollments)."""
    from ouderbetrokkenheid.rows import attach, columns, from_json_array

    quote = connection.ops.quote_name
    link_cols, n_link, link_of = columns(GuardianOf, "l")
    guardian_cols, n_guardian, guardian_of = columns(Guardian, "g")
    pupil_cols, n_pupil, pupil_of = columns(Pupil, "p")
    n_enrollment = len(Enrollment._meta.concrete_fields)

    def array(model, alias):
        return ", ".join(f"{alias}.{quote(f.column)}" for f in model._meta.concrete_fields)

    if which == "guardian":
        chosen = (f"l.{quote('pupil_id')} IN (SELECT {quote('pupil_id')} FROM {quote(GuardianOf._meta.db_table)} "
                  f"WHERE {quote('guardian_id')} = %s)")  # fmt: skip
    else:
        chosen = f"l.{quote('pupil_id')} = ANY(%s)"
    select = (
        f"{link_cols}, {guardian_cols}, {pupil_cols}, "
        f"(SELECT json_agg(json_build_array({array(Enrollment, 'e')}, {array(Group, 'gr')}) "
        f"ORDER BY e.{quote('start_date')}, e.{quote('id')}) "
        f"FROM {quote(Enrollment._meta.db_table)} e JOIN {quote(Group._meta.db_table)} gr "
        f"ON gr.{quote('id')} = e.{quote('group_id')} "
        f"WHERE e.{quote('pupil_id')} = l.{quote('pupil_id')} AND gr.{quote('school_year_id')} = {years})"
    )
    joins = (
        f"{quote(GuardianOf._meta.db_table)} l "
        f"JOIN {quote(Guardian._meta.db_table)} g ON g.{quote('id')} = l.{quote('guardian_id')} "
        f"JOIN {quote(Pupil._meta.db_table)} p ON p.{quote('id')} = l.{quote('pupil_id')}"
    )
    order = f"l.{quote('pupil_id')}, l.{quote('guardian_id')}"

    def family_of(rows) -> tuple[list, list]:
        links, enrollments, seen = [], [], set()
        for row in rows:
            if row[0] is None:  # no link (a left join)
                continue
            link = link_of(row[:n_link])
            attach(link, "guardian", guardian_of(row[n_link : n_link + n_guardian]))
            attach(link, "pupil", pupil_of(row[n_link + n_guardian : n_link + n_guardian + n_pupil]))
            links.append(link)
            for values in row[n_link + n_guardian + n_pupil] or ():
                if values[0] in seen:
                    continue
                seen.add(values[0])
                enrollment = from_json_array(Enrollment, values[:n_enrollment])
                attach(enrollment, "group", from_json_array(Group, values[n_enrollment:]))
                enrollments.append(enrollment)
        enrollments.sort(key=lambda e: (e.pupil_id, e.start_date, e.pk))
        return links, enrollments

    return select, joins, chosen, order, n_link + n_guardian + n_pupil + 1, family_of


def _family_rows(*, rounds, guardian, pupils) -> tuple[list, list]:
    """(links with guardian and pupil, enrollments with group) in one hand-written statement:
    compiling the equivalent querysets cost more than running them."""
    select, joins, chosen, order, _width, family_of = _family_sql(
        "guardian" if guardian is not None else "pupils", "ANY(%s)"
    )
    param = guardian.pk if guardian is not None else sorted({p.pk for p in pupils})
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {select} FROM {joins} WHERE {chosen} ORDER BY {order}",
            [sorted({r.school_year_id for r in rounds}), param],
        )
        return family_of(cursor.fetchall())


def round_and_family(*, round_id, guardian):
    """(the round with its school year if it belongs to the guardian's school else None, the
    guardian's family for it): one statement on PostgreSQL, the booking POST's only read before
    its transaction."""
    if connection.vendor != "postgresql":
        round = round_for_family(round_id=round_id, school_id=guardian.school_id)
        return round, (family_load(rounds=[round], guardian=guardian) if round is not None else None)
    try:
        round_id = int(round_id)
    except (TypeError, ValueError):
        return None, None
    from ouderbetrokkenheid.rows import attach, columns
    from ouderbetrokkenheid.school.models import SchoolYear

    from .models import Round

    quote = connection.ops.quote_name
    round_cols, n_round, round_of = columns(Round, "r")
    year_cols, n_year, year_of = columns(SchoolYear, "y")
    select, joins, chosen, order, _width, family_of = _family_sql("guardian", f"r.{quote('school_year_id')}")
    sql = (
        f"SELECT {round_cols}, {year_cols}, {select} FROM {quote(Round._meta.db_table)} r "
        f"JOIN {quote(SchoolYear._meta.db_table)} y ON y.{quote('id')} = r.{quote('school_year_id')} "
        f"LEFT JOIN ({joins}) ON {chosen} "
        f"WHERE r.{quote('id')} = %s AND y.{quote('school_id')} = %s ORDER BY {order}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [guardian.pk, round_id, guardian.school_id])
        rows = cursor.fetchall()
    if not rows:
        return None, None
    round = round_of(rows[0][:n_round])
    attach(round, "school_year", year_of(rows[0][n_round : n_round + n_year]))
    family = Family(*family_of([row[n_round + n_year :] for row in rows]))
    return round, _with_one_off(family, [round])


def round_for_family(*, round_id, school_id):
    """The round with its school year if it belongs to `school_id`'s years, else None: one
    hand-written statement (the booking POST's first read)."""
    from ouderbetrokkenheid.rows import attach, columns
    from ouderbetrokkenheid.school.models import SchoolYear

    from .models import Round

    try:
        round_id = int(round_id)
    except (TypeError, ValueError):
        return None
    if connection.vendor != "postgresql":
        found = Round.objects.select_related("school_year").filter(pk=round_id, school_year__school_id=school_id)
        return found.first()
    quote = connection.ops.quote_name
    round_cols, n_round, round_of = columns(Round, "r")
    year_cols, _n_year, year_of = columns(SchoolYear, "y")
    sql = (
        f"SELECT {round_cols}, {year_cols} FROM {quote(Round._meta.db_table)} r "
        f"JOIN {quote(SchoolYear._meta.db_table)} y ON y.{quote('id')} = r.{quote('school_year_id')} "
        f"WHERE r.{quote('id')} = %s AND y.{quote('school_id')} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [round_id, school_id])
        row = cursor.fetchone()
    if row is None:
        return None
    round = round_of(row[:n_round])
    attach(round, "school_year", year_of(row[n_round:]))
    return round


# -- checks ---------------------------------------------------------------------------------------


def in_round(*, pupil, round, day) -> Enrollment | None:
    """The pupil's enrollment on `day` in the round's school year and year levels, if any."""
    return (
        Enrollment.objects.current(day)
        .filter(pupil=pupil, group__school_year_id=round.school_year_id, year_level__in=round.year_levels)
        .select_related("group")
        .first()
    )


def _check_window(*, round, slot, by_guardian, by_staff, enforce_closing, now):
    if slot.round_id != round.pk:
        raise BookingRefused(_("Deze tijd hoort niet bij deze gespreksronde."))
    if slot.starts_at <= now:
        raise BookingRefused(_("Deze tijd is al voorbij."))
    closes = slot.starts_at - datetime.timedelta(hours=round.booking_closes_hours_before)
    if enforce_closing and not by_staff and now >= closes:
        raise BookingRefused(_("Inschrijven voor deze tijd is gesloten. Bel de school als u toch wilt komen."))
    if by_guardian and not by_staff and round.booking_opens_at and now < round.booking_opens_at:
        raise BookingRefused(_("Inschrijven kan nog niet."))


def _may_join(*, round, pupil) -> bool:
    """A one-off round (follow-up, intake) is only for the pupil it was made for."""
    return not round.one_off or Booking.objects.filter(round=round, pupil=pupil).exists()


def _check_people(*, round, item, family, by_guardian, by_staff):
    links = family.links_of(item.pupil.pk)
    linked = {link.guardian_id for link in links}
    if item.guardians is not None and not item.guardians:
        raise BookingRefused(_("Kies wie er komt."))
    if (by_guardian and by_guardian.pk not in linked) or not {g.pk for g in item.guardians or ()} <= linked:
        raise BookingRefused(_("U kunt alleen een gesprek maken voor uw eigen kind."))
    if by_staff and by_staff.school_id != item.pupil.school_id:
        raise BookingRefused(_("Deze leerling zit niet op uw school."))
    day = local_day(item.slot.starts_at)
    if not family.enrollment(round=round, pupil_id=item.pupil.pk, day=day):
        raise BookingRefused(_("Deze gespreksronde is niet voor %(child)s.") % {"child": item.pupil.first_name})
    if by_guardian and not by_staff and not family.may_join(round=round, pupil_id=item.pupil.pk):
        raise BookingRefused(_("Deze gespreksronde is niet voor %(child)s.") % {"child": item.pupil.first_name})
    if round.forms and item.form not in round.forms:
        raise BookingRefused(_("Deze gespreksvorm is in deze ronde niet mogelijk."))


def household(*, links, booker) -> tuple[list, list]:
    """(who must come, who comes if free) when `booker` books on the booking page: the booker, and
    the pupil's other guardians with parental authority, unless either is invited separately."""
    mine = next((link for link in links if link.guardian_id == booker.pk), None)
    if mine is not None and mine.invite_separately:
        return [booker], []
    others = [
        link.guardian
        for link in links
        if link.guardian_id != booker.pk and link.has_parental_authority and not link.invite_separately
    ]
    return [booker], others


def party_of(*, guardians, links) -> str:
    """The conversation the booking is: "" for the pupil's one conversation in the round, the
    guardian's pk for a separated parent who asked for a conversation of their own (also when
    another guardian, e.g. a step-parent, comes along to it)."""
    separate = {link.guardian_id for link in links if link.invite_separately}
    theirs = [g.pk for g in guardians if g.pk in separate]
    if len(theirs) == 1:
        return str(theirs[0])
    return ""


def shared_party_exists(links) -> bool:
    """Whether the pupil has a "" conversation beside the separated parents' own: always when no
    one is invited separately; otherwise only when a guardian with parental authority is not
    invited separately. A guardian without authority (a step-parent) whose child's parents each
    chose their own conversation comes along to one of those, never to a third."""
    if not any(link.invite_separately for link in links):
        return True
    return any(link.has_parental_authority and not link.invite_separately for link in links)


def comes_along_only(*, links, guardian) -> bool:
    """Whether `guardian` can only come along to a separated parent's own conversation for this
    child, never book one (what `_resolve` refuses), so the booking page offers them no times."""
    mine = next((link for link in links if link.guardian_id == guardian.pk), None)
    return mine is not None and not mine.invite_separately and not shared_party_exists(links)


def _no_third_conversation(item):
    return BookingRefused(
        _(
            "De ouders van %(child)s hebben elk een eigen gesprek. Een van hen maakt de afspraak; "
            "u kunt meekomen naar dat gesprek."
        )
        % {"child": item.pupil.first_name}
    )


@dataclass(frozen=True)
class _Held:
    """An active booking's guardian row met by the re-check."""

    booking_id: int
    slot_id: int
    party: str
    round_id: int
    pupil_id: int
    guardian_id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime

    def overlaps(self, slot) -> bool:
        return self.starts_at < slot.ends_at and self.ends_at > slot.starts_at


def _held(*, round, items, guardian_ids) -> list[_Held]:
    """One query: the active booking rows on these slots, for these pupils in the round, and of
    these guardians at overlapping times (any round). Hand-written on PostgreSQL (compiling the
    queryset cost more than running it)."""
    if connection.vendor == "postgresql":
        return _held_sql(round=round, items=items, guardian_ids=guardian_ids)
    overlap = Q()
    for item in items:
        overlap |= Q(starts_at__lt=item.slot.ends_at, ends_at__gt=item.slot.starts_at)
    rows = BookingGuardian.objects.filter(active=True).filter(
        Q(booking__slot_id__in=[item.slot.pk for item in items])
        | Q(round=round, pupil_id__in=[item.pupil.pk for item in items])
        | (Q(guardian_id__in=guardian_ids) & overlap)
    )
    fields = ("booking_id", "booking__slot_id", "booking__party", "round_id", "pupil_id", "guardian_id",
              "starts_at", "ends_at")  # fmt: skip
    return [_Held(*row) for row in rows.values_list(*fields)]


def _held_sql(*, round, items, guardian_ids) -> list[_Held]:
    quote = connection.ops.quote_name
    times = " OR ".join([f"(bg.{quote('starts_at')} < %s AND bg.{quote('ends_at')} > %s)"] * len(items))
    sql = (
        f"SELECT bg.{quote('booking_id')}, b.{quote('slot_id')}, b.{quote('party')}, bg.{quote('round_id')}, "
        f"bg.{quote('pupil_id')}, bg.{quote('guardian_id')}, bg.{quote('starts_at')}, bg.{quote('ends_at')} "
        f"FROM {quote(BookingGuardian._meta.db_table)} bg "
        f"JOIN {quote(Booking._meta.db_table)} b ON b.{quote('id')} = bg.{quote('booking_id')} "
        f"WHERE bg.{quote('active')} AND (b.{quote('slot_id')} = ANY(%s) "
        f"OR (bg.{quote('round_id')} = %s AND bg.{quote('pupil_id')} = ANY(%s)) "
        f"OR (bg.{quote('guardian_id')} = ANY(%s) AND ({times})))"
    )
    params = [[item.slot.pk for item in items], round.pk, [item.pupil.pk for item in items], list(guardian_ids)]
    params += [value for item in items for value in (item.slot.ends_at, item.slot.starts_at)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [_Held(*row) for row in cursor.fetchall()]


def _already(item):
    return BookingRefused(
        _("U hebt al een afspraak voor %(child)s in deze ronde. Verplaats die afspraak als u een andere tijd wilt.")
        % {"child": item.pupil.first_name}
    )


def _busy_message():
    return _("U hebt op deze tijd al een ander gesprek. Kies een andere tijd.")


def _resolve(*, round, item, held, planned, by_guardian, links):
    """Decide one item against the live rows (`held`) and the items before it in this request
    (`planned`: (slot, guardian pks)). Returns (guardians, party, existing booking id or None)."""
    if item.guardians is None:
        must, maybe = household(links=links, booker=by_guardian)
    else:
        must, maybe = list(item.guardians), []
    must_ids = {g.pk for g in must}
    on_slot = [h for h in held if h.slot_id == item.slot.pk]
    if on_slot:
        if any(h.pupil_id == item.pupil.pk and h.guardian_id in must_ids for h in on_slot):
            return must, "", on_slot[0].booking_id  # a double-submitted form
        raise BookingRefused(taken_message())
    party = party_of(guardians=must, links=links)
    separate = {link.guardian_id for link in links if link.invite_separately}
    if party == "" and not must_ids & separate and not shared_party_exists(links):
        raise _no_third_conversation(item)
    for_child = [h for h in held if h.round_id == round.pk and h.pupil_id == item.pupil.pk]
    if any(h.guardian_id in must_ids for h in for_child):
        raise _already(item)
    if any(h.party == party for h in for_child):
        raise BookingRefused(
            _("Een andere ouder of verzorger heeft al een afspraak voor %(child)s gemaakt.")
            % {"child": item.pupil.first_name}
        )

    def busy(guardian_id):
        return any(h.guardian_id == guardian_id and h.overlaps(item.slot) for h in held) or any(
            guardian_id in ids and slot.starts_at < item.slot.ends_at and slot.ends_at > item.slot.starts_at
            for slot, ids in planned
        )

    if any(busy(g.pk) for g in must):
        raise BookingRefused(_busy_message())
    in_round = {h.guardian_id for h in for_child}
    return [*must, *(g for g in maybe if not busy(g.pk) and g.pk not in in_round)], party, None


# -- writing --------------------------------------------------------------------------------------


def _video_link() -> str:
    base = getattr(settings, "CONVERSATION_VIDEO_BASE_URL", VIDEO_BASE_URL)
    return f"{base.rstrip('/')}/ob-{secrets.token_urlsafe(12)}"


def _insert(*, round, rows, status, by_staff, announce_later) -> list[Booking]:
    """Insert the bookings and their guardian rows: one statement on PostgreSQL (two elsewhere),
    for any number of children."""
    bookings = [
        Booking(
            round=round,
            slot=item.slot,
            pupil=item.pupil,
            form=item.form,
            status=status,
            party=party,
            video_link=_video_link() if item.form == ConversationForm.VIDEO else "",
            booked_by_staff=by_staff,
            announce_pending=announce_later and status == BookingStatus.CONFIRMED,
        )  # fmt: skip
        for item, _guardians, party in rows
    ]
    links = [
        (
            index,
            BookingGuardian(
                guardian=g, round=round, pupil=item.pupil, starts_at=item.slot.starts_at, ends_at=item.slot.ends_at
            ),
        )  # fmt: skip
        for index, (item, guardians, _party) in enumerate(rows)
        for g in sorted(guardians, key=lambda g: g.pk)
    ]
    if not bookings:
        return []
    if connection.vendor != "postgresql":
        Booking.objects.bulk_create(bookings)
        for index, link in links:
            link.booking = bookings[index]
        BookingGuardian.objects.bulk_create([link for _index, link in links])
        return bookings
    _insert_together(bookings, links)
    return bookings


def _columns(model, objs, skip=()):
    """(quoted column names, one tuple of database values per object) as bulk_create sends them."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and f.name not in skip]
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    return names, [tuple(f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields) for obj in objs]


def _insert_together(bookings, links):
    """The bookings and their guardian rows in one INSERT … RETURNING with a data-modifying CTE (one
    round trip instead of two). Postgres returns the inserted rows in VALUES order (bulk_create
    relies on the same); each guardian row names its booking by that position. A constraint
    violation in either table raises IntegrityError with the constraint's name, as bulk_create did."""
    quote = connection.ops.quote_name
    booking_columns, booking_values = _columns(Booking, bookings)
    link_columns, link_values = _columns(BookingGuardian, [link for _index, link in links], skip=("booking",))
    row = "({})".format(", ".join(["%s"] * len(booking_values[0])))
    sql = (
        f"WITH made AS (INSERT INTO {quote(Booking._meta.db_table)} ({booking_columns}) "
        f"VALUES {', '.join([row] * len(booking_values))} RETURNING {quote('id')}), "
        f"numbered AS (SELECT {quote('id')}, row_number() OVER () AS position FROM made)"
    )
    params = [value for values in booking_values for value in values]
    if links:
        link_row = "({})".format(", ".join(["%s"] * (len(link_values[0]) + 1)))
        width = len(link_values[0])
        sql += (
            f", linked AS (INSERT INTO {quote(BookingGuardian._meta.db_table)} "
            f"({quote('booking_id')}, {link_columns}) "
            f"SELECT numbered.{quote('id')}, {', '.join(f'v.c{n}' for n in range(width))} FROM numbered "
            f"JOIN (VALUES {', '.join([link_row] * len(links))}) "
            f"AS v(position, {', '.join(f'c{n}' for n in range(width))}) ON v.position = numbered.position)"
        )
        params += [value for (index, _link), values in zip(links, link_values, strict=True)
                   for value in (index + 1, *values)]  # fmt: skip
    sql += f" SELECT {quote('id')} FROM numbered ORDER BY position"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids = [pk for (pk,) in cursor.fetchall()]
    for booking, pk in zip(bookings, ids, strict=True):
        booking.pk = pk
        booking._state.adding, booking._state.db = False, connection.alias


def _teaches(group_id) -> Q:
    """The slot's teacher (or duo partner) teaches group `group_id` (an Exists, no join)."""
    through = Group.teachers.through.objects.filter(group_id=group_id)
    return Exists(through.filter(staff_id=OuterRef("staff_id"))) | Exists(
        through.filter(staff_id=OuterRef("second_staff_id"))
    )


def _lock(*, round, items, group_ids=()) -> dict:
    """Lock the chosen slots of the round (ordered by pk, so concurrent families queue instead of
    deadlocking); returns them by pk, each annotated `teaches_<group>` for `group_ids` (whether
    its teachers teach that group), in the same query."""
    slot_ids = sorted({item.slot.pk for item in items})
    if len(slot_ids) != len(items):
        raise BookingRefused(_("Kies voor elk kind een andere tijd."))
    if connection.vendor == "postgresql":
        return _lock_sql(round=round, slot_ids=slot_ids, group_ids=sorted(group_ids))
    locked = Slot.objects.select_for_update().filter(round=round, pk__in=slot_ids).order_by("pk")
    locked = locked.annotate(**{f"teaches_{group_id}": _teaches(group_id) for group_id in sorted(group_ids)})
    return {slot.pk: slot for slot in locked}


def _lock_sql(*, round, slot_ids, group_ids) -> dict:
    """`_lock` in one hand-written statement (compiling the queryset cost more than running it)."""
    from ouderbetrokkenheid.rows import columns

    quote = connection.ops.quote_name
    slot_cols, n_slot, slot_of = columns(Slot, "s")
    through = quote(Group.teachers.through._meta.db_table)
    teaches = [
        f"(EXISTS (SELECT 1 FROM {through} t WHERE t.{quote('group_id')} = %s AND t.{quote('staff_id')} = "
        f"s.{quote('staff_id')}) OR EXISTS (SELECT 1 FROM {through} t WHERE t.{quote('group_id')} = %s AND "
        f"t.{quote('staff_id')} = s.{quote('second_staff_id')}))"
        for _group_id in group_ids
    ]
    sql = (
        f"SELECT {', '.join([slot_cols, *teaches])} FROM {quote(Slot._meta.db_table)} s "
        f"WHERE s.{quote('round_id')} = %s AND s.{quote('id')} = ANY(%s) ORDER BY s.{quote('id')} FOR UPDATE"
    )
    params = [value for group_id in group_ids for value in (group_id, group_id)] + [round.pk, list(slot_ids)]
    slots = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            slot = slot_of(row[:n_slot])
            for group_id, value in zip(group_ids, row[n_slot:], strict=True):
                setattr(slot, f"teaches_{group_id}", value)
            slots[slot.pk] = slot
    return slots


def _check_teacher(*, round, item, family):
    """A family books only with a teacher of the child's group (staff may book with anyone)."""
    day = local_day(item.slot.starts_at)
    enrollment = family.enrollment(round=round, pupil_id=item.pupil.pk, day=day)
    if enrollment is not None and not getattr(item.slot, f"teaches_{enrollment.group_id}", False):
        raise BookingRefused(
            _("Deze tijd is niet bij de leerkracht van %(child)s. Kies een andere tijd.")
            % {"child": item.pupil.first_name}
        )


def _book_locked(*, round, items, family, status, by_guardian, by_staff, enforce_closing, announce_later):
    checks_teacher = by_guardian is not None and by_staff is None
    group_ids = {e.group_id for e in family.enrollments if e.group.school_year_id == round.school_year_id}
    slots = _lock(round=round, items=items, group_ids=group_ids if checks_teacher else ())
    now = timezone.now()
    for item in items:
        item.slot = slots.get(item.slot.pk) or _missing()
        _check_window(round=round, slot=item.slot, by_guardian=by_guardian, by_staff=by_staff,
                      enforce_closing=enforce_closing, now=now)  # fmt: skip
        _check_people(round=round, item=item, family=family, by_guardian=by_guardian, by_staff=by_staff)
        if checks_teacher:
            _check_teacher(round=round, item=item, family=family)
    candidates = set()
    for item in items:
        links = family.links_of(item.pupil.pk)
        if item.guardians is None:
            must, maybe = household(links=links, booker=by_guardian)
            candidates |= {g.pk for g in must + maybe}
        else:
            candidates |= {g.pk for g in item.guardians}
    held = _held(round=round, items=items, guardian_ids=sorted(candidates))
    rows, existing, planned = [], {}, []
    for index, item in enumerate(items):
        links = family.links_of(item.pupil.pk)
        guardians, party, booking_id = _resolve(round=round, item=item, held=held, planned=planned,
                                                by_guardian=by_guardian, links=links)  # fmt: skip
        if booking_id is not None:
            existing[index] = booking_id
            continue
        planned.append((item.slot, {g.pk for g in guardians}))
        rows.append((item, guardians, party))
    fresh = _insert(round=round, rows=rows, status=status, by_staff=by_staff, announce_later=announce_later)
    found = Booking.objects.in_bulk(list(existing.values())) if existing else {}
    made = iter(fresh)
    bookings = [found[existing[i]] if i in existing else next(made) for i in range(len(items))]
    return bookings, fresh


def _missing():
    raise BookingRefused(_("Deze tijd bestaat niet meer. Kies een andere tijd."))


def _refusal(error) -> BookingRefused:
    name = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
    return BookingRefused(CONSTRAINT_MESSAGES.get(name, taken_message)())


def bookings_create(
    *,
    round,
    items: list[BookingItem],
    status: str = BookingStatus.CONFIRMED,
    by_guardian=None,
    by_staff=None,
    enforce_closing: bool = True,
    base_url: str | None = None,
    family: Family | None = None,
    announce_later: bool = False,
) -> list[Booking]:
    """Book every item (one pupil in one slot with the guardians who come) or none of them.

    In a fixed number of queries whatever the number of children: read the family once (or take
    `family`, read by the page), lock the slots, re-check everything against the live rows in one
    query, insert in bulk; the database constraints are the last word. A pupil has one
    conversation per round whoever books it (separated parents who asked for separate
    conversations excepted); a guardian never holds two overlapping conversations.

    Closing hours apply unless `by_staff`. A double-submitted form returns the existing booking.
    Confirmed bookings are confirmed to the guardians, with a reminder the day before (with
    `announce_later`, by `bookings_announce` right after the commit: the booking row itself is the
    outbox row); proposed ones (the planner, the waiting list) are not announced here. Raises
    BookingRefused."""
    if not items:
        raise BookingRefused(_("Kies een tijd."))
    if any(item.guardians is None for item in items) and by_guardian is None:
        raise BookingRefused(_("Kies wie er komt."))
    family = family or family_load(rounds=[round], pupils=[item.pupil for item in items])
    try:
        with transaction.atomic():
            bookings, fresh = _book_locked(round=round, items=items, family=family, status=status,
                                           by_guardian=by_guardian, by_staff=by_staff,
                                           enforce_closing=enforce_closing, announce_later=announce_later)  # fmt: skip
            if status == BookingStatus.CONFIRMED and fresh:
                if announce_later:
                    transaction.on_commit(lambda: _announce_soon(base_url))
                else:
                    for booking in fresh:
                        invitations.booking_confirmed(booking=booking, base_url=base_url)
    except IntegrityError as error:
        raise _refusal(error) from error
    except OperationalError as error:  # a deadlock between two families' sibling bookings
        if getattr(error.__cause__, "sqlstate", "") not in ("40P01", "40001"):
            raise
        raise BookingRefused(_("Het was even druk. Probeer het nog een keer.")) from error
    return bookings


ANNOUNCE_DELAY = 1  # seconds: the fresh bookings of this second are announced by one task


def _announce_soon(base_url):
    """Hand the fresh bookings to a worker: one task a second for all of them (a rush of bookings
    is announced in batches, and a booking POST pays one Redis SET NX instead of a publish). The
    task runs after the window closes, so it sees every booking committed in it; if the broker is
    away, the beat's sweep finds them."""
    from django.core.cache import cache

    from .tasks import bookings_announce_task

    try:
        if cache.add("conversations:bookings-announce", 1, timeout=ANNOUNCE_DELAY):
            bookings_announce_task.apply_async(kwargs={"base_url": base_url}, countdown=ANNOUNCE_DELAY)
    except Exception:  # noqa: BLE001 - the pending flag is the durable record
        logger.warning("announcing bookings left to the sweep", exc_info=True)


def bookings_announce(*, ids=None, base_url=None, limit=500) -> int:
    """Write the confirmation and reminders of bookings made with `announce_later` (all pending
    ones, or `ids`), exactly once: the rows are locked (SKIP LOCKED, so a sweep and a task never
    announce one twice) and the flag is cleared in the same transaction as the messages."""
    with transaction.atomic():
        pending = (
            Booking.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(announce_pending=True)
            .select_related("slot__staff", "round", "pupil")
            .order_by("pk")
        )
        if ids is not None:
            pending = pending.filter(pk__in=ids)
        bookings = list(pending[:limit])
        confirmed = [b for b in bookings if b.status == BookingStatus.CONFIRMED]
        if confirmed:
            invitations.bookings_confirmed(bookings=confirmed, base_url=base_url)
        Booking.objects.filter(pk__in=[b.pk for b in bookings]).update(announce_pending=False)
    return len(bookings)


# -- changing -------------------------------------------------------------------------------------


def _locked_booking(booking) -> Booking:
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("slot__staff", "round", "pupil")
        .get(pk=booking.pk)
    )


def _may_change(booking, *, by_guardian, by_staff):
    if by_staff is not None:
        if by_staff.school_id != booking.pupil.school_id:
            raise BookingRefused(_("Deze leerling zit niet op uw school."))
        return
    if by_guardian is None or not GuardianOf.objects.filter(guardian=by_guardian, pupil=booking.pupil).exists():
        raise BookingRefused(_("U kunt alleen uw eigen afspraken wijzigen."))


def _cancel_locked(booking, *, base_url, notify=True):
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["status", "cancelled_at"])
    BookingGuardian.objects.filter(booking=booking).update(active=False)
    invitations.reminders_cancel(booking=booking)
    if notify:
        invitations.booking_notice(booking=booking, name="cancelled", text=invitations.cancel_text, base_url=base_url)


@transaction.atomic
def booking_cancel(*, booking, by_guardian=None, by_staff=None, base_url=None) -> Booking:
    """Cancel a booking (idempotent): every informed guardian hears it at once, the reminders are
    withdrawn, and the freed slot goes to the waiting list first."""
    booking = _locked_booking(booking)
    _may_change(booking, by_guardian=by_guardian, by_staff=by_staff)
    if booking.status == BookingStatus.CANCELLED:
        return booking
    _cancel_locked(booking, base_url=base_url)
    waiting_list_offer(slot=booking.slot, base_url=base_url)
    return booking


def booking_move(*, booking, slot, by_guardian=None, by_staff=None, form=None, base_url=None) -> Booking:
    """Move a booking to another slot in one transaction (cancel + create): if the new slot is
    taken nothing changes. The guardians hear of the change at once; the old slot then goes to
    the waiting list."""
    try:
        with transaction.atomic():
            old = _locked_booking(booking)
            _may_change(old, by_guardian=by_guardian, by_staff=by_staff)
            if old.status == BookingStatus.CANCELLED:
                raise BookingRefused(_("Deze afspraak is al afgezegd."))
            guardians = list(Guardian.objects.filter(pk__in=old.guardian_links.values("guardian_id")))
            status = old.status
            _cancel_locked(old, base_url=base_url, notify=False)
            item = BookingItem(slot=slot, pupil=old.pupil, guardians=guardians, form=form or old.form)
            (new,) = bookings_create(round=old.round, items=[item], status=status, by_guardian=by_guardian,
                                     by_staff=by_staff, base_url=base_url)  # fmt: skip
            if by_staff is None:
                new.booked_by_staff = old.booked_by_staff
            new.topics, new.pupil_joins = old.topics, old.pupil_joins
            new.save(update_fields=["booked_by_staff", "topics", "pupil_joins"])
            new.experts.set(old.experts.all())
            waiting_list_offer(slot=old.slot, base_url=base_url)
            return new
    except IntegrityError as error:
        raise _refusal(error) from error


@transaction.atomic
def proposal_accept(*, guardian, round, base_url=None) -> list[Booking]:
    """Confirm the guardian's proposed bookings in the round; everyone informed hears it."""
    ids = BookingGuardian.objects.filter(guardian=guardian, round=round, active=True).values("booking_id")
    bookings = list(
        Booking.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, status=BookingStatus.PROPOSED)
        .select_related("slot__staff", "round", "pupil")
        .order_by("pk")
    )
    for booking in bookings:
        booking.status = BookingStatus.CONFIRMED
        booking.save(update_fields=["status"])
        invitations.booking_confirmed(booking=booking, base_url=base_url)
    WaitingListEntry.objects.filter(round=round, guardian=guardian, served_at__isnull=True).filter(
        pupil_id__in=[b.pupil_id for b in bookings]
    ).update(served_at=timezone.now())
    return bookings


@transaction.atomic
def booking_experts_set(*, booking, experts, external_expert: str = "", by_staff, base_url=None) -> Booking:
    """Set who joins besides the teacher (IB, a specialist); the guardians are told beforehand."""
    booking = _locked_booking(booking)
    _may_change(booking, by_guardian=None, by_staff=by_staff)
    if any(e.school_id != booking.pupil.school_id for e in experts):
        raise BookingRefused(_("Deskundigen moeten van deze school zijn."))
    booking.experts.set(experts)
    booking.external_expert = external_expert
    booking.save(update_fields=["external_expert"])
    name = f"experts:{timezone.now().isoformat()}"
    invitations.booking_notice(booking=booking, name=name, text=invitations.experts_text, base_url=base_url)
    return booking


@transaction.atomic
def booking_pupil_joins_set(*, booking, pupil_joins: bool, by_staff) -> Booking:
    """Record whether the pupil joins the conversation (offered from groep 4)."""
    booking = _locked_booking(booking)
    _may_change(booking, by_guardian=None, by_staff=by_staff)
    day = local_day(booking.slot.starts_at)
    enrollment = in_round(pupil=booking.pupil, round=booking.round, day=day)
    if pupil_joins and (enrollment is None or enrollment.year_level < invitations.PUPIL_WELCOME_FROM_LEVEL):
        raise BookingRefused(_("Kinderen komen mee vanaf groep 4."))
    booking.pupil_joins = pupil_joins
    booking.save(update_fields=["pupil_joins"])
    return booking


# -- the waiting list -----------------------------------------------------------------------------


def waiting_list_join(*, round, guardian, pupil) -> WaitingListEntry:
    """Put the guardian on the round's waiting list for `pupil` (idempotent)."""
    if not GuardianOf.objects.filter(guardian=guardian, pupil=pupil).exists():
        raise BookingRefused(_("U kunt alleen uw eigen kind op de wachtlijst zetten."))
    if not in_round(pupil=pupil, round=round, day=max(timezone.localdate(), round.first_day)):
        raise BookingRefused(_("Deze gespreksronde is niet voor %(child)s.") % {"child": pupil.first_name})
    try:
        with transaction.atomic():
            return WaitingListEntry.objects.create(round=round, guardian=guardian, pupil=pupil)
    except IntegrityError:
        return WaitingListEntry.objects.get(round=round, guardian=guardian, pupil=pupil, served_at__isnull=True)


def _fits(entry, slot) -> bool:
    if Booking.objects.filter(ACTIVE, round_id=entry.round_id, pupil_id=entry.pupil_id).exists():
        return False
    enrollment = in_round(pupil=entry.pupil, round=entry.round, day=local_day(slot.starts_at))
    teachers = {slot.staff_id, slot.second_staff_id} - {None}
    return bool(enrollment) and enrollment.group.teachers.filter(pk__in=teachers).exists()


def waiting_list_offer(*, slot, base_url=None) -> Booking | None:
    """Book the freed slot as PROPOSED for the first waiting-list entry it fits; tell them."""
    entries = (
        WaitingListEntry.objects.select_for_update(of=("self",), skip_locked=True)
        .filter(round_id=slot.round_id, served_at__isnull=True)
        .select_related("round", "pupil", "guardian")
        .order_by("created_at", "pk")
    )
    for entry in entries:
        if not _fits(entry, slot):
            continue
        form = entry.round.forms[0] if entry.round.forms else ConversationForm.AT_SCHOOL
        item = BookingItem(slot=slot, pupil=entry.pupil, guardians=[entry.guardian], form=form)
        try:
            (booking,) = bookings_create(round=entry.round, items=[item], status=BookingStatus.PROPOSED,
                                         base_url=base_url)  # fmt: skip
        except BookingRefused:
            continue
        entry.served_at = timezone.now()
        entry.save(update_fields=["served_at"])
        invitations.booking_notice(booking=booking, name="proposed", text=invitations.proposal_text, base_url=base_url)
        return booking
    return None


# -- selectors for the booking pages --------------------------------------------------------------


def free_slots(*, round, pupil, for_staff=False):
    """The free slots of the pupil's teachers in the round that can still be booked."""
    now = timezone.now()
    cutoff = now if for_staff else now + datetime.timedelta(hours=round.booking_closes_hours_before)
    enrollment = in_round(pupil=pupil, round=round, day=max(timezone.localdate(), round.first_day))
    if enrollment is None or not _may_join(round=round, pupil=pupil):
        return Slot.objects.none()
    teachers = enrollment.group.teachers.values("pk")
    return (
        Slot.objects.filter(round=round, starts_at__gt=cutoff)
        .filter(Q(staff__in=teachers) | Q(second_staff__in=teachers))
        .exclude(Exists(Booking.objects.filter(ACTIVE, slot=OuterRef("pk"))))
        .exclude(closed_by_absence())
        .select_related("staff")
        .order_by("starts_at", "staff_id")
    )


def free_slots_of(*, round, family, pupils, for_staff=False) -> dict:
    """As `free_slots` for several of a family's pupils at once: {pupil pk: [slot]} in two
    queries (the groups' teachers, the free slots) whatever the number of children."""
    now = timezone.now()
    cutoff = now if for_staff else now + datetime.timedelta(hours=round.booking_closes_hours_before)
    day = max(timezone.localdate(), round.first_day)
    groups = {}
    for pupil in pupils:
        enrollment = family.enrollment(round=round, pupil_id=pupil.pk, day=day)
        if enrollment is not None and family.may_join(round=round, pupil_id=pupil.pk):
            groups[pupil.pk] = enrollment.group_id
    teachers = {}
    if groups:
        rows = Group.teachers.through.objects.filter(group_id__in=set(groups.values()))
        for group_id, staff_id in rows.values_list("group_id", "staff_id"):
            teachers.setdefault(group_id, set()).add(staff_id)
    everyone = set().union(*teachers.values()) if teachers else set()
    slots = (
        list(
            Slot.objects.filter(round=round, starts_at__gt=cutoff)
            .filter(Q(staff_id__in=everyone) | Q(second_staff_id__in=everyone))
            .exclude(Exists(Booking.objects.filter(ACTIVE, slot=OuterRef("pk"))))
            .exclude(closed_by_absence())
            .select_related("staff")
            .order_by("starts_at", "staff_id")
        )
        if everyone
        else []
    )
    free = {}
    for pupil in pupils:
        mine = teachers.get(groups.get(pupil.pk), set())
        free[pupil.pk] = [s for s in slots if s.staff_id in mine or s.second_staff_id in mine]
    return free


@dataclass(frozen=True)
class ChildSlots:
    """A child's teachers' slots in a round: how many there are and how many can still be booked."""

    slots: int = 0
    free: int = 0


def family_slot_counts(*, rounds, family, guardian) -> dict:
    """{(round pk, pupil pk): ChildSlots} for the guardian's children in `rounds`: two queries
    (the groups' teachers, the slots) whatever the number of rounds and children."""
    now, wanted = timezone.now(), {}
    for round in rounds:
        day = max(timezone.localdate(), round.first_day)
        for pupil in family.in_round(round=round, guardian=guardian):
            enrollment = family.enrollment(round=round, pupil_id=pupil.pk, day=day)
            wanted[round.pk, pupil.pk] = enrollment.group_id
    teachers = {}
    for group_id, staff_id in Group.teachers.through.objects.filter(group_id__in=set(wanted.values())).values_list(
        "group_id", "staff_id"
    ):
        teachers.setdefault(group_id, set()).add(staff_id)
    everyone = set().union(*teachers.values()) if teachers else set()
    rows = (
        Slot.objects.filter(round__in=[r.pk for r in rounds])
        .filter(Q(staff_id__in=everyone) | Q(second_staff_id__in=everyone))
        .annotate(taken=Exists(Booking.objects.filter(ACTIVE, slot=OuterRef("pk"))))
        .values_list("round_id", "staff_id", "second_staff_id", "starts_at", "taken")
        if everyone
        else []
    )
    hours = {round.pk: datetime.timedelta(hours=round.booking_closes_hours_before) for round in rounds}
    counts = {}
    for round_id, staff_id, second_id, starts_at, taken in rows:
        for (r, pupil_id), group_id in wanted.items():
            mine = teachers.get(group_id, set())
            if r == round_id and (staff_id in mine or second_id in mine):
                old = counts.get((r, pupil_id), ChildSlots())
                bookable = not taken and starts_at > now + hours[r]
                counts[r, pupil_id] = ChildSlots(old.slots + 1, old.free + bookable)
    return {key: counts.get(key, ChildSlots()) for key in wanted}


def back_to_back(*, round, slot_lists, limit=6, family=()):
    """Chains of one free slot per child, each starting right after the previous one (allowing the
    family's gap plus one slot of slack): the siblings' evening in one go.

    Every family is offered different good chains: of all chains, `limit` spread evenly over the
    evening, starting at a place fixed by a stable hash of the family (`family`: its pupils' pks)
    and going on later in the evening (wrapping round to its start), so a rush of families does
    not race for the same six earliest chains: each family's first offer is its own."""
    slack = datetime.timedelta(minutes=round.family_gap_minutes + round.slot_minutes)
    chains = []
    for first in slot_lists[0] if slot_lists else []:
        chain = [first]
        for slots in slot_lists[1:]:
            end = chain[-1].ends_at
            nxt = next((s for s in slots if end <= s.starts_at <= end + slack), None)
            if nxt is None:
                break
            chain.append(nxt)
        if len(chain) == len(slot_lists):
            chains.append(chain)
    if len(chains) <= limit:
        return chains
    offset = zlib.crc32(",".join(str(pk) for pk in sorted(family)).encode()) % len(chains)
    step = len(chains) / limit
    return [chains[(offset + int(i * step)) % len(chains)] for i in range(limit)]


def household_guardians(*, pupil, booker, round, slot) -> list:
    """Who comes when `booker` books: the booker, and the pupil's other guardians with parental
    authority unless either is invited separately or the other already has a conversation then."""
    links = list(GuardianOf.objects.filter(pupil=pupil, has_parental_authority=True).select_related("guardian"))
    if any(link.guardian_id == booker.pk and link.invite_separately for link in links):
        return [booker]
    busy = set(
        BookingGuardian.objects.filter(active=True)
        .filter(Q(round=round, pupil=pupil) | Q(starts_at__lt=slot.ends_at, ends_at__gt=slot.starts_at))
        .values_list("guardian_id", flat=True)
    )
    others = [
        link.guardian
        for link in links
        if link.guardian_id != booker.pk and not link.invite_separately and link.guardian_id not in busy
    ]
    return [booker, *others]
