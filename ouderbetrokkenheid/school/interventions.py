"""The interventions a school can evaluate, and the wait-list that holds one back from a guardian.

An evaluation with a lottery (app ``evaluation``) records, per guardian of a family that starts
"later", an :class:`~ouderbetrokkenheid.school.models.InterventionDelay` until the day the
family starts. The apps that run an intervention (messaging, reach, meetings) ask
:func:`delayed_guardian_ids` and skip those guardians; nothing else is ever delayed
(reminders, conversation invitations, notices).

This module lives in the shared ``school`` app so that every lower app may read it without
importing ``evaluation`` (the top layer).
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class Intervention(models.TextChoices):
    WEEKLY_MESSAGES = "weekly_messages", _("Wekelijkse berichten (alle soorten)")
    WEEKLY_PROGRESS = "weekly_progress", _("Wekelijkse berichten: voortgang")
    WEEKLY_TIP = "weekly_tip", _("Wekelijkse berichten: tips")
    WEEKLY_ENCOURAGEMENT = "weekly_encouragement", _("Wekelijkse berichten: aanmoediging")
    SUMMER_READING = "summer_reading", _("Zomerlezen")
    FOLLOWUP_EXTRA = "followup_extra", _("Extra opvolging van niet-bereikte gezinnen")
    BUDDIES = "buddies", _("Buddy-ouders")
    EXTRA_SESSION = "extra_session", _("Extra informatiebijeenkomst")


# The weekly message kind (messaging.models.Kind value) → its own intervention.
WEEKLY_KIND_INTERVENTION = {
    "progress": Intervention.WEEKLY_PROGRESS,
    "tip": Intervention.WEEKLY_TIP,
    "encouragement": Intervention.WEEKLY_ENCOURAGEMENT,
}


def delayed_guardian_ids(school, intervention: str | list[str] | tuple[str, ...], on: datetime.date) -> set[int]:
    """Ids of the school's guardians for whom ``intervention`` is held back on day ``on``.

    A delay holds while ``on < until``: on ``until`` itself the guardian gets the intervention.
    ``intervention`` may be several values (e.g. the weekly messages of one kind *and* all
    weekly messages): a guardian delayed for any of them is returned. One query.
    """
    from .models import InterventionDelay

    values = [intervention] if isinstance(intervention, str) else list(intervention)
    school_id = getattr(school, "pk", school)
    return set(
        InterventionDelay.objects.filter(school_id=school_id, intervention__in=values, until__gt=on)
        .values_list("guardian_id", flat=True)
        .distinct()
    )


def weekly_interventions(kind: str) -> tuple[str, ...]:
    """The interventions that hold back a weekly message of ``kind``."""
    specific = WEEKLY_KIND_INTERVENTION.get(kind)
    return (Intervention.WEEKLY_MESSAGES,) + ((specific,) if specific else ())


class Delays:
    """Delays for some interventions, read in one query, then asked per guardian and day.

    For planners that look at several days at once (the weekly messages of one week go out on
    different days per kind). Give the ``school`` (its guardians) or ``guardian_ids`` (any
    school: e.g. every active buddy pair)."""

    def __init__(self, school=None, interventions=(), since: datetime.date | None = None, *, guardian_ids=None):
        from .models import InterventionDelay

        if school is None and guardian_ids is None:
            raise ValueError("give a school or guardian ids")
        self.until: dict[tuple[int, str], datetime.date] = {}
        rows = InterventionDelay.objects.filter(intervention__in=list(interventions))
        if school is not None:
            rows = rows.filter(school_id=getattr(school, "pk", school))
        if guardian_ids is not None:
            rows = rows.filter(guardian_id__in=list(guardian_ids))
        if since is not None:
            rows = rows.filter(until__gt=since)
        for guardian_id, intervention, until in rows.values_list("guardian_id", "intervention", "until"):
            key = (guardian_id, intervention)
            self.until[key] = max(until, self.until.get(key, until))

    def holds(self, guardian_id: int, interventions, day: datetime.date) -> bool:
        """Whether any of ``interventions`` is held back from the guardian on ``day``."""
        values = [interventions] if isinstance(interventions, str) else interventions
        return any(day < self.until.get((guardian_id, i), day) for i in values)

    def __bool__(self):
        return bool(self.until)


def intervention_delays_set(
    *, school, intervention: str, guardian_ids, until: datetime.date, evaluation_ref: str
) -> int:
    """Put ``guardian_ids`` (of ``school``; others are ignored) on the wait-list for
    ``intervention`` until ``until``, for the evaluation ``evaluation_ref``.

    Replaces that evaluation's earlier rows for the intervention: guardians no longer listed are
    released, the rest get the new ``until``. Put every guardian of every child of a family that
    starts later on the list (separated parents are two guardians). Returns the rows written."""
    from django.db import transaction

    from .models import Guardian, InterventionDelay

    if intervention not in Intervention.values:
        raise ValueError(f"unknown intervention {intervention!r}")
    school_id = getattr(school, "pk", school)
    with transaction.atomic():
        ids = set(Guardian.objects.filter(school_id=school_id, pk__in=list(guardian_ids)).values_list("pk", flat=True))
        mine = InterventionDelay.objects.filter(evaluation_ref=evaluation_ref, intervention=intervention)
        mine.exclude(guardian_id__in=ids).delete()
        rows = [
            InterventionDelay(school_id=school_id, intervention=intervention, guardian_id=pk, until=until,
                              evaluation_ref=evaluation_ref)
            for pk in sorted(ids)
        ]  # fmt: skip
        InterventionDelay.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["intervention", "guardian", "evaluation_ref"],
            update_fields=["until"],
        )
    return len(rows)


def intervention_delays_clear(*, evaluation_ref: str) -> int:
    """Release everyone an evaluation put on a wait-list (e.g. the evaluation is withdrawn)."""
    from .models import InterventionDelay

    deleted, _per_model = InterventionDelay.objects.filter(evaluation_ref=evaluation_ref).delete()
    return deleted
