"""Guardians' preferences in the preference phase: the windows offered (from the teachers'
availability), and saving what a guardian chose."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.clock import AMSTERDAM, local_day

from .models import Availability, Preference
from .rounds import round_audience


def parse_windows(windows):
    """[(start, end)] aware datetimes from [{"start": ISO, "end": ISO}], or ValidationError."""
    parsed = []
    for window in windows:
        try:
            start = datetime.datetime.fromisoformat(window["start"])
            end = datetime.datetime.fromisoformat(window["end"])
        except (KeyError, TypeError, ValueError):
            raise ValidationError(_("Een gekozen tijd is ongeldig.")) from None
        if timezone.is_naive(start) or timezone.is_naive(end) or end <= start:
            raise ValidationError(_("Een gekozen tijd is ongeldig."))
        parsed.append((start, end))
    return sorted(parsed)


def _local(moment):
    return moment.astimezone(AMSTERDAM).isoformat()


def _audience_children(round, guardian):
    return [i for i in round_audience(round=round) if any(g.pk == guardian.pk for g in i.guardians)]


def preference_save(*, round, guardian, windows, joint=True, form="", topics="", interpreter_language="") -> Preference:
    """Store (or replace) the guardian's preference for the round."""
    if not _audience_children(round, guardian):
        raise ValidationError(_("U hebt geen kind in deze gespreksronde."))
    now = timezone.now()
    if round.preferences_open_at and now < round.preferences_open_at:
        raise ValidationError(_("U kunt nog geen voorkeur opgeven."))
    if round.preferences_close_at and now > round.preferences_close_at:
        raise ValidationError(_("De termijn om een voorkeur op te geven is voorbij."))
    parsed = parse_windows(windows)
    for start, end in parsed:
        if local_day(start) < round.first_day or local_day(end) > round.last_day:
            raise ValidationError(_("Kies tijden op de gespreksdagen van deze ronde."))
    if form and form not in round.forms:
        raise ValidationError(_("Deze gespreksvorm is in deze ronde niet mogelijk."))
    values = {
        "windows": [{"start": _local(s), "end": _local(e)} for s, e in parsed],
        "joint": joint, "form": form, "topics": topics.strip(),
        "interpreter_language": interpreter_language, "updated_at": now,
    }  # fmt: skip
    preference, _created = Preference.objects.update_or_create(round=round, guardian=guardian, defaults=values)
    return preference


def window_choices(*, round, staff_ids, hours=1):
    """Hour-long windows (on the Amsterdam clock) covering the availability of the given teachers:
    what a guardian ticks on their phone. Returns sorted [(start, end)]."""
    step = datetime.timedelta(hours=hours)
    windows = set()
    spans = Availability.objects.filter(round=round, staff_id__in=staff_ids).values_list("starts_at", "ends_at")
    for starts_at, ends_at in spans:
        local = starts_at.astimezone(AMSTERDAM)
        block = local.replace(minute=0, second=0, microsecond=0).astimezone(datetime.UTC)
        while block < ends_at:
            windows.add((block, block + step))
            block += step
    return sorted(windows)
