"""Rounds: leadership's services to set up a round, the selectors that find the rounds a person may
see, and the round's audience (the pupils in its year levels with the guardians to invite)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.models import Enrollment, GuardianOf
from ouderbetrokkenheid.school.translations import translations_withdraw

from .models import ConversationForm, Round, RoundTranslation

EDITABLE = (
    "kind", "title", "year_levels", "first_day", "last_day", "slot_minutes", "family_gap_minutes", "forms", "goal",
    "invitation_text", "preferences_open_at", "preferences_close_at", "booking_opens_at",
    "booking_closes_hours_before", "followup_after_school_days",
)  # fmt: skip


def _validate(round):
    year = round.school_year
    errors = []
    if round.last_day < round.first_day:
        errors.append(_("De laatste gespreksdag ligt vóór de eerste."))
    if not (year.contains(round.first_day) and year.contains(round.last_day)):
        errors.append(_("De gespreksdagen moeten binnen het schooljaar vallen."))
    if not round.year_levels or any(level not in range(1, 9) for level in round.year_levels):
        errors.append(_("Kies een of meer groepen (1 t/m 8)."))
    if not round.forms or any(form not in ConversationForm.values for form in round.forms):
        errors.append(_("Kies een of meer gespreksvormen."))
    if round.slot_minutes < 5:
        errors.append(_("Een gesprek duurt minstens 5 minuten."))
    opens, closes = round.preferences_open_at, round.preferences_close_at
    if opens and closes and closes <= opens:
        errors.append(_("De voorkeursperiode sluit vóór ze opent."))
    if closes and round.booking_opens_at and round.booking_opens_at < closes:
        errors.append(_("Vrij inschrijven kan pas als de voorkeursperiode gesloten is."))
    if errors:
        raise ValidationError(errors)


def round_create(*, school_year, kind, title, year_levels, first_day, last_day, **options) -> Round:
    """A new round in `school_year`; `options` are the other EDITABLE fields."""
    unknown = set(options) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown round fields: {sorted(unknown)}")
    options.setdefault("forms", [ConversationForm.AT_SCHOOL])
    round = Round(school_year=school_year, kind=kind, title=title, year_levels=sorted(set(year_levels)),
                  first_day=first_day, last_day=last_day, **options)  # fmt: skip
    _validate(round)
    round.save()
    return round


TRANSLATED = ("title", "goal", "invitation_text")  # the words parents read, with translations (texts.py)


def _translated_words(round):
    return [(getattr(round, name) or "").replace("\r\n", "\n").strip() for name in TRANSLATED]


def round_update(*, round, **changes) -> Round:
    """Edit a round; a changed title, goal or invitation text withdraws its translations' approval."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown round fields: {sorted(unknown)}")
    if round.fixed and {"first_day", "last_day", "slot_minutes", "year_levels"} & set(changes):
        raise ValidationError(_("Deze ronde is vastgezet: dagen, groepen en duur veranderen niet meer."))
    with transaction.atomic():
        round = Round.objects.select_for_update().select_related("school_year").get(pk=round.pk)
        words = _translated_words(round)
        for name, value in changes.items():
            setattr(round, name, sorted(set(value)) if name == "year_levels" else value)
        _validate(round)
        round.save(update_fields=list(changes))
        if _translated_words(round) != words:  # the Dutch changed: approve again
            translations_withdraw(RoundTranslation.objects.filter(round=round))
    return round


# -- selectors --------------------------------------------------------------------------------------


def opened_for_parents(now=None) -> Q:
    """Rounds parents may see: leadership sent the invitations, the preference period began, or a
    one-off round made for one family. Before that a round is the school's own planning."""
    now = now or timezone.now()
    return Q(one_off=True) | Q(invited_at__lte=now) | Q(preferences_open_at__lte=now)


def is_opened(round, now=None) -> bool:
    """As `opened_for_parents`, for a round already read."""
    now = now or timezone.now()
    return bool(
        round.one_off
        or (round.invited_at and round.invited_at <= now)
        or (round.preferences_open_at and round.preferences_open_at <= now)
    )


def booking_not_open_yet(round, now=None):
    """When free booking opens, while it has not yet (else None)."""
    now = now or timezone.now()
    return round.booking_opens_at if round.booking_opens_at and now < round.booking_opens_at else None


# -- the audience -----------------------------------------------------------------------------------


@dataclass
class Invitee:
    """A pupil in the round with the guardians to invite; `separated` when they are invited apart."""

    pupil: object
    group: object
    year_level: int
    guardians: list = field(default_factory=list)
    separated: bool = False


def round_audience(*, round, day=None) -> list[Invitee]:
    """The pupils enrolled on `day` (default: the round's first day) in the round's year levels, with
    their guardians who receive information; three queries whatever the school's size."""
    day = day or round.first_day
    enrollments = (
        Enrollment.objects.current(day)
        .filter(group__school_year=round.school_year, year_level__in=round.year_levels)
        .select_related("pupil", "group")
        .order_by("group__name", "pupil__last_name", "pupil__first_name", "pupil_id")
    )
    invitees = {e.pupil_id: Invitee(pupil=e.pupil, group=e.group, year_level=e.year_level) for e in enrollments}
    links = (
        GuardianOf.objects.filter(pupil_id__in=list(invitees), receives_information=True)
        .select_related("guardian")
        .order_by("guardian__last_name", "guardian__first_name", "guardian_id")
    )
    for link in links:
        invitee = invitees[link.pupil_id]
        invitee.guardians.append(link.guardian)
        invitee.separated = invitee.separated or link.invite_separately
    return list(invitees.values())
