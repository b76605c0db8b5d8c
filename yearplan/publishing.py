"""Publishing a school year's calendar: draft → published, and what a re-publish changed.

Parents see the events as last published (PublishedEvent snapshots), never the draft. A publish
compares the live events with the snapshots by content hash: new events get sequence 0, changed
ones sequence + 1, events that left the calendar are withdrawn (sequence + 1). On a re-publish the
guardians in the audience of a new, changed or withdrawn parent event (that is not over) get one
notice per publish, in their language, listing what changed for them.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from messaging.services import channels_for, notice_send
from ouderbetrokkenheid.school.dates import day_month
from ouderbetrokkenheid.school.models import Enrollment, GuardianOf, SchoolYear

from .events import Audience, Event, collect, year_context
from .formatting import event_when
from .labels import display_title, kind_label
from .models import Publication, PublishedEvent

# The fields of an event a parent sees: a change elsewhere (presenters, staff) bumps the
# sequence for calendar apps but does not message parents.
PARENT_FIELDS = ("kind", "title", "title_key", "start", "end", "all_day", "location", "day_off", "audience",
                 "year_levels", "lateral_entrants")  # fmt: skip
MAX_LINES = 5  # a handful of lines; the rest is counted


def event_hash(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


@dataclass
class Diff:
    """Live events against the published ones."""

    added: list = field(default_factory=list)  # Event
    changed: list = field(default_factory=list)  # (old Event, new Event)
    removed: list = field(default_factory=list)  # old Event
    states: dict = field(default_factory=dict)  # uid -> "new" | "changed" | "published"

    @property
    def is_empty(self):
        return not (self.added or self.changed or self.removed)


def calendar_diff(school_year, events=None, rows=None) -> Diff:
    """What a publish would change. `events`: the live events (collected when not given)."""
    if events is None:
        events = collect([school_year.pk], year_context([school_year.pk]))[school_year.pk]
    if rows is None:
        rows = {r.uid: r for r in PublishedEvent.objects.filter(school_year=school_year)}
    diff = Diff()
    for event in events:
        row = rows.get(event.uid)
        if row is None or row.withdrawn_at is not None:
            diff.added.append(event)
            diff.states[event.uid] = "new"
        elif row.content_hash != event_hash(event.to_data()):
            diff.changed.append((Event.from_data(row.data), event))
            diff.states[event.uid] = "changed"
        else:
            diff.states[event.uid] = "published"
    live = {event.uid for event in events}
    diff.removed = [Event.from_data(r.data) for uid, r in rows.items() if uid not in live and r.withdrawn_at is None]
    return diff


def last_publication(school_year):
    return Publication.objects.filter(school_year=school_year).order_by("-published_at", "-pk").first()


@transaction.atomic
def calendar_publish(*, school_year, by=None) -> Publication:
    """Publish the live events of the school year; notify parents of what changed since last time."""
    school_year = SchoolYear.objects.select_for_update().select_related("school").get(pk=school_year.pk)
    first = not Publication.objects.filter(school_year=school_year).exists()
    rows = {r.uid: r for r in PublishedEvent.objects.filter(school_year=school_year).select_for_update()}
    events = collect([school_year.pk], year_context([school_year.pk]))[school_year.pk]
    diff = calendar_diff(school_year, events, rows)
    now = timezone.now()
    fresh, touched = [], []
    for event in diff.added + [new for _old, new in diff.changed]:
        data = event.to_data()
        row = rows.get(event.uid)
        if row is None:
            fresh.append(PublishedEvent(school_year=school_year, uid=event.uid, content_hash=event_hash(data),
                                        data=data, first_published_at=now, modified_at=now))  # fmt: skip
            continue
        row.data, row.content_hash, row.sequence = data, event_hash(data), row.sequence + 1
        row.modified_at, row.withdrawn_at = now, None
        touched.append(row)
    for old in diff.removed:
        row = rows[old.uid]
        row.withdrawn_at, row.modified_at, row.sequence = now, now, row.sequence + 1
        touched.append(row)
    PublishedEvent.objects.bulk_create(fresh)
    PublishedEvent.objects.bulk_update(touched, ["data", "content_hash", "sequence", "modified_at", "withdrawn_at"])
    publication = Publication.objects.create(
        school_year=school_year,
        published_at=now,
        published_by=by,
        added=len(diff.added),
        changed=len(diff.changed),
        removed=len(diff.removed),
    )
    if not first:
        publication.notified = _notify(school_year=school_year, publication=publication, diff=diff)
        publication.save(update_fields=["notified"])
    return publication


# -- notifying the guardians concerned -------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    status: str  # "new" | "changed" | "removed"
    event: Event
    before: Event | None = None


def parent_changes(diff: Diff, *, today=None) -> list[Change]:
    """The changes parents hear about: parent events, not over, and (for changes) a field they see."""
    today = today or timezone.localdate()

    def relevant(event):
        return event.for_parents and event.last_day >= today

    changes = [Change("new", e) for e in diff.added if relevant(e)]
    for old, new in diff.changed:
        seen = any(old.to_data()[name] != new.to_data()[name] for name in PARENT_FIELDS)
        if seen and (relevant(old) or relevant(new)):
            changes.append(Change("changed", new, old))
    changes += [Change("removed", e) for e in diff.removed if relevant(e)]
    return changes


def _concerns(change: Change, levels: set, lateral: bool) -> bool:
    for event in (change.event, change.before):
        if event is None or not event.for_parents:
            continue
        if event.audience == Audience.ALL or set(event.year_levels) & levels or (event.lateral_entrants and lateral):
            return True
    return False


def _families(school_year) -> dict:
    """guardian -> (year levels, has a lateral entrant) of their children in the school year. One query."""
    day = min(max(timezone.localdate(), school_year.first_day), school_year.last_day)
    enrollments = Enrollment.objects.current(day).filter(group__school_year=school_year)
    by_pupil = {pupil: (level, lateral) for pupil, level, lateral in
                enrollments.values_list("pupil_id", "year_level", "is_lateral_entrant")}  # fmt: skip
    links = GuardianOf.objects.filter(receives_information=True, pupil_id__in=list(by_pupil)).select_related("guardian")
    families = {}
    for link in links.order_by("guardian_id"):
        level, lateral = by_pupil[link.pupil_id]
        levels, has_lateral = families.get(link.guardian, (set(), False))
        families[link.guardian] = (levels | {level}, has_lateral or lateral)
    return families


def change_line(change: Change) -> str:
    what = _("%(kind)s: %(title)s, %(when)s") % {
        "kind": kind_label(change.event.kind),
        "title": display_title(change.event),
        "when": event_when(change.event),
    }
    if change.status == "new":
        return _("Nieuw: %(what)s") % {"what": what}
    if change.status == "removed":
        return _("Gaat niet door: %(what)s") % {"what": what}
    return _("Veranderd: %(what)s (was: %(before)s)") % {"what": what, "before": event_when(change.before)}


def _next_school_day(day):
    day += datetime.timedelta(days=1)
    while day.weekday() >= 5:  # a weekend between two days does not break a period
        day += datetime.timedelta(days=1)
    return day


def _joins(run, change) -> bool:
    """`change` continues the run: same status, kind and title, all-day, on the next school day,
    and (for a changed event) moved from the next school day of the run's old dates."""
    last = run[-1]
    same = (change.status, change.event.kind, change.event.title, change.event.all_day) == (
        last.status, last.event.kind, last.event.title, True)  # fmt: skip
    if not same or change.event.first_day != _next_school_day(last.event.last_day):
        return False
    if change.status == "changed":
        return bool(change.before and last.before and change.before.all_day and last.before.all_day) and (
            change.before.first_day == _next_school_day(last.before.last_day)
        )
    return True


def summarise(changes) -> list[list[Change]]:
    """The changes in runs: consecutive school days of the same event (a conversation round is
    one event per day) become one run, told as one period ("1 t/m 5 maart")."""
    ordered = sorted(changes, key=lambda c: (c.status, c.event.kind, c.event.title, c.event.first_day))
    runs = []
    for change in ordered:
        if runs and _joins(runs[-1], change):
            runs[-1].append(change)
        else:
            runs.append([change])
    return sorted(runs, key=lambda run: run[0].event.first_day)


def period_words(first, last) -> str:
    """'1 t/m 5 maart', '28 februari t/m 4 maart' in the active language (months declined)."""
    start = str(first.day) if (first.month, first.year) == (last.month, last.year) else day_month(first, weekday=False)
    return _("%(first)s t/m %(last)s") % {"first": start, "last": day_month(last, weekday=False)}


def run_line(run) -> str:
    """One line for a run of changes: the change itself, or the whole period."""
    if len(run) == 1:
        return change_line(run[0])
    first, last = run[0], run[-1]
    what = _("%(kind)s: %(title)s, %(when)s") % {
        "kind": kind_label(first.event.kind),
        "title": display_title(first.event),
        "when": period_words(first.event.first_day, last.event.last_day),
    }
    if first.status == "new":
        return _("Nieuw: %(what)s") % {"what": what}
    if first.status == "removed":
        return _("Gaat niet door: %(what)s") % {"what": what}
    before = period_words(first.before.first_day, last.before.last_day)
    return _("Veranderd: %(what)s (was: %(before)s)") % {"what": what, "before": before}


def change_text(*, guardian, school, changes, link) -> str:
    lines = [_("Beste %(name)s,") % {"name": guardian.full_name}, ""]
    lines.append(_("De school %(school)s heeft de jaarkalender veranderd. Dit is nieuw of anders:") % {
        "school": school.name})  # fmt: skip
    runs = summarise(changes)
    lines += [f"- {run_line(run)}" for run in runs[:MAX_LINES]]
    if len(runs) > MAX_LINES:
        rest = len(runs) - MAX_LINES
        lines.append(ngettext("En nog %(count)s verandering.", "En nog %(count)s veranderingen.", rest) % {
            "count": rest})  # fmt: skip
    lines += ["", _("Bekijk het hele schooljaar: %(link)s") % {"link": link}]
    return "\n".join(lines)


def parent_year_url() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("yearplan:parent_year")


def _notify(*, school_year, publication, diff) -> int:
    changes = parent_changes(diff)
    if not changes:
        return 0
    per_guardian = {}
    for guardian, (levels, lateral) in _families(school_year).items():
        mine = [c for c in changes if _concerns(c, levels, lateral)]
        if mine and channels_for(guardian):
            per_guardian[guardian] = mine
    by_language = {}
    for guardian in per_guardian:
        by_language.setdefault(guardian.page_language, []).append(guardian)
    link, sent = parent_year_url(), 0
    for language, guardians in sorted(by_language.items()):
        with translation.override(language):
            sent += len(
                notice_send(
                    guardians=guardians,
                    source=f"yearplan.publication:{publication.pk}",
                    text_for=lambda g: change_text(
                        guardian=g, school=school_year.school, changes=per_guardian[g], link=link
                    ),  # fmt: skip
                    subject=_("De jaarkalender is veranderd"),
                )
            )
    return sent
