"""Writes of the AVG machinery: the nightly retention run and an erasure request.

Both walk the registry of personal data (school/datakinds.py); neither knows an app's tables."""

import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school import datakinds
from ouderbetrokkenheid.school.datakinds import ANONYMISE, DELETE, has_left, kinds
from ouderbetrokkenheid.school.models import Guardian, Pupil

from .models import ErasureRequest, RetentionRun, Subject

log = logging.getLogger(__name__)


def _apply(kind, action, rows) -> int:
    """Delete or anonymise `rows` of `kind`; the number of the kind's own rows affected."""
    if action == ANONYMISE:
        return kind.anonymise(rows)
    _total, per_model = rows.delete()
    return per_model.get(rows.model._meta.label, 0)


def retention_run(*, now=None) -> RetentionRun:
    """Remove what is past its retention period, kind by kind (each in its own transaction, so one
    failing kind does not undo the others), and store what was removed per kind."""
    now = now or timezone.now()
    run = RetentionRun.objects.create(started_at=now)
    removed = {}
    for kind in kinds():
        period = kind.period_in_force()
        if period is None or kind.expired is None:
            continue
        try:
            with transaction.atomic():
                count = _apply(kind, kind.action, kind.expired(now, period))
        except Exception:
            log.exception("retention of %s failed", kind.key)
            removed[kind.key] = {"action": kind.action, "count": 0, "failed": True}
            continue
        removed[kind.key] = {"action": kind.action, "count": count}
    run.removed = removed
    run.finished_at = timezone.now()
    run.save(update_fields=["removed", "finished_at"])
    return run


@dataclass(frozen=True)
class PlanLine:
    key: str
    label: str
    action: str  # delete | anonymise | keep
    count: int
    reason: str


def _subject_rows(kind, person):
    reader = kind.of_guardian if isinstance(person, Guardian) else kind.of_pupil
    return reader(person) if reader else None


def erasure_plan(person) -> list[PlanLine]:
    """What an erasure request for this guardian or (former) pupil would do, per kind of data
    that holds rows about them. Reads only."""
    lines = []
    for kind in kinds():
        rows = _subject_rows(kind, person)
        if rows is None:
            continue
        count = rows.count()
        if not count:
            continue
        action, reason = kind.erasure_for(person)
        lines.append(PlanLine(kind.key, str(kind.label), action, count, str(reason)))
    return lines


def pupil_may_be_erased(pupil, day=None) -> bool:
    """Only a pupil who has left: no enrollment running today or later."""
    return has_left(pupil, day or timezone.localdate())


def erasure_apply(*, person, requested_by: str, requested_on, handled_by) -> ErasureRequest:
    """Carry out an erasure request in one transaction and record it. `person` is a Guardian or a
    Pupil (who must have left the school). Nothing is written when any part fails."""
    requested_by = (requested_by or "").strip()
    if not requested_by:
        raise ValidationError(_("Vul in wie om verwijdering vroeg."))
    if requested_on > timezone.localdate():
        raise ValidationError(_("De datum van het verzoek ligt in de toekomst."))
    with transaction.atomic():
        model = type(person)
        person = model.objects.select_for_update().get(pk=person.pk)
        if isinstance(person, Pupil) and not pupil_may_be_erased(person):
            raise ValidationError(_("Deze leerling zit nog op school. Verwijderen kan pas als de leerling weg is."))
        subject = Subject.GUARDIAN if isinstance(person, Guardian) else Subject.PUPIL
        school_id, name = person.school_id, person.full_name
        outcome = []
        for line in erasure_plan(person):
            count = line.count
            if line.action in (DELETE, ANONYMISE):
                data_kind = datakinds.kind(line.key)
                count = _apply(data_kind, line.action, _subject_rows(data_kind, person))
            outcome.append(line.__dict__ | {"count": count})
        staff = getattr(handled_by, "staff", None)
        return ErasureRequest.objects.create(
            school_id=school_id,
            subject=subject,
            subject_name=name,
            requested_by=requested_by,
            requested_on=requested_on,
            handled_by=handled_by,
            handled_by_name=staff.full_name if staff else str(handled_by),
            outcome=outcome,
        )
