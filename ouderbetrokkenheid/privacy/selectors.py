"""Reads for the privacy pages, scoped to the school of the member of staff."""

from django.db.models import Q

from ouderbetrokkenheid.accounts.selectors import guardians_visible_to, pupils_visible_to
from ouderbetrokkenheid.school.datakinds import kinds

from .models import ErasureRequest, RetentionRun

SEARCH_LIMIT = 20


def _name_q(words, prefix=""):
    query = Q()
    for word in words:
        query &= (
            Q(**{f"{prefix}first_name__icontains": word})
            | Q(**{f"{prefix}last_name__icontains": word})
            | Q(**{f"{prefix}infix__icontains": word})
        )
    return query


def search(user, text):
    """Guardians and pupils of the user's school whose names hold every word of `text`."""
    words = text.split()
    if not words:
        return [], []
    guardians = guardians_visible_to(user).filter(_name_q(words)).order_by("last_name", "first_name")
    pupils = pupils_visible_to(user).filter(_name_q(words)).order_by("last_name", "first_name")
    return list(guardians[:SEARCH_LIMIT]), list(pupils[:SEARCH_LIMIT])


def erasure_requests(school_id):
    return ErasureRequest.objects.filter(school_id=school_id).order_by("-handled_at")[:50]


def retention_runs():
    """The last two weeks of runs, each with `.lines`: (label, period in words, count, failed) per kind."""
    runs = list(RetentionRun.objects.order_by("-started_at")[:14])
    registered = {kind.key: kind for kind in kinds()}
    for run in runs:
        run.lines = []
        for key, entry in run.removed.items():
            kind = registered.get(key)
            label, period = (kind.label, kind.period_text) if kind else (key, "")
            run.lines.append((label, period, entry["count"], entry.get("failed", False)))
    return runs
