"""The school's programme of information sessions: the three defaults and leadership's edits."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.models import School
from ouderbetrokkenheid.school.translations import translations_withdraw

from .models import ProgrammeItem, ProgrammeItemTranslation
from .shipped import dutch_session

ALL_YEAR_LEVELS = [1, 2, 3, 4, 5, 6, 7, 8]


@dataclass(frozen=True)
class Default:
    key: str
    number: int
    title: str
    topics: str
    outline: str
    year_levels: tuple
    lateral_entrants: bool = False
    pupils_welcome: bool = False


def _default(key, number, year_levels, **flags) -> Default:
    words = dutch_session(key)
    return Default(key=key, number=number, title=words["title"], topics="\n".join(words["topics"]),
                   outline="\n".join(words["outline"]), year_levels=year_levels, **flags)  # fmt: skip


# The Education Lab NL practice card's three sessions. Titles, topics and outline are the
# school's own data once installed (Dutch; the school edits them), so they are not gettext
# strings: they ship as data (meetings/data/texts/nl.json, with their translations beside it).
DEFAULTS = (
    _default("milestones", 1, tuple(ALL_YEAR_LEVELS)),
    _default("work_attitude", 2, (3,), lateral_entrants=True),
    # the card: groep 3, lateral entrants, groep 7/8 (the school may narrow it)
    _default("school_system", 3, (3, 7, 8), lateral_entrants=True, pupils_welcome=True),
)


def _next_number(school) -> int:
    return (ProgrammeItem.objects.filter(school=school).aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def programme_install(*, school: School) -> list[ProgrammeItem]:
    """Install the default sessions the school does not have yet (by key). Idempotent:
    a default the school edited or deactivated is left as it is."""
    School.objects.select_for_update().filter(pk=school.pk).first()  # one installer at a time
    present = set(ProgrammeItem.objects.filter(school=school).values_list("key", flat=True))
    taken = set(ProgrammeItem.objects.filter(school=school).values_list("number", flat=True))
    for default in DEFAULTS:
        if default.key in present:
            continue
        number = default.number if default.number not in taken else _next_number(school)
        ProgrammeItem.objects.create(
            school=school,
            key=default.key,
            number=number,
            title=default.title,
            topics=default.topics,
            outline=default.outline,
            year_levels=list(default.year_levels),
            lateral_entrants=default.lateral_entrants,
            pupils_welcome=default.pupils_welcome,
        )
        taken.add(number)
    return list(ProgrammeItem.objects.filter(school=school).order_by("number"))


EDITABLE = ("title", "topics", "outline", "year_levels", "lateral_entrants", "pupils_welcome", "duration_minutes",
            "active")  # fmt: skip


def _clean_year_levels(levels) -> list[int]:
    try:
        levels = sorted({int(level) for level in levels})
    except (TypeError, ValueError):
        raise ValidationError(_("Leerjaren moeten getallen van 1 tot en met 8 zijn.")) from None
    if not levels or any(level not in ALL_YEAR_LEVELS for level in levels):
        raise ValidationError(_("Kies een of meer leerjaren van 1 tot en met 8."))
    return levels


def _apply(item, changes):
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("Onbekende velden: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    if "year_levels" in changes:
        changes["year_levels"] = _clean_year_levels(changes["year_levels"])
    for name, value in changes.items():
        setattr(item, name, value)
    item.full_clean(exclude=["school"])
    return list(changes)


@transaction.atomic
def programme_item_update(*, item: ProgrammeItem, **changes) -> ProgrammeItem:
    """Edit a session of the programme: title, topics, outline, audience, duration, active.
    A changed Dutch title or topics withdraws the approval of the item's translations."""
    before = (item.title, item.topic_list)
    fields = _apply(item, changes)
    if fields:
        item.save(update_fields=fields)
    if (item.title, item.topic_list) != before:
        translations_withdraw(ProgrammeItemTranslation.objects.filter(item=item))
    return item


@transaction.atomic
def programme_item_add(*, school: School, title: str, topics: str, year_levels, **changes) -> ProgrammeItem:
    """Add a session to the school's programme, after the existing ones."""
    School.objects.select_for_update().filter(pk=school.pk).first()
    item = ProgrammeItem(school=school, number=_next_number(school))
    _apply(item, {"title": title, "topics": topics, "year_levels": year_levels, **changes})
    item.save()
    return item
