"""A guardian's copy of their data (AVG art. 15 and 20): everything the registry of personal data
(school/datakinds.py) holds about the guardian and their children, as one structure that is written
as JSON and rendered as a PDF."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.formats import date_format

from ouderbetrokkenheid.school.datakinds import kinds
from ouderbetrokkenheid.school.models import Pupil


@dataclass
class Section:
    key: str
    label: str
    columns: list  # [(path, label)]
    rows: list  # [[value, …]] in the order of columns (JSON-ready values)

    def as_json(self):
        paths = [path for path, _label in self.columns]
        return {
            "kind": self.key,
            "label": self.label,
            "rows": [dict(zip(paths, row, strict=True)) for row in self.rows],
        }


@dataclass
class Person:
    name: str
    sections: list = field(default_factory=list)


def _field(model, path):
    """The model field at the end of a values() path."""
    *hops, last = path.split("__")
    for hop in hops:
        model = model._meta.get_field(hop).related_model
    return model._meta.get_field(last)


def _label(model, path):
    try:
        return str(_field(model, path).verbose_name)
    except FieldDoesNotExist:
        return path


def _value(model, path, value):
    if value is None:
        return None
    try:
        model_field = _field(model, path)
    except FieldDoesNotExist:
        model_field = None
    if model_field is not None and model_field.choices and not isinstance(value, list):
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int | float | str | bool | list | dict):
        return value
    return str(value)


def _section(kind, rows):
    model = rows.model
    fields = kind.export_fields
    values = [[_value(model, path, row[path]) for path in fields] for row in rows.values(*fields)]
    return Section(kind.key, str(kind.label), [(path, _label(model, path)) for path in fields], values)


def _sections(person, reader_name):
    sections = []
    for kind in kinds():
        reader = getattr(kind, reader_name)
        if reader is None or not kind.export_fields:
            continue
        section = _section(kind, reader(person))
        if section.rows:
            sections.append(section)
    return sections


def guardian_export(guardian) -> dict:
    """The guardian, then each child: {"guardian": Person, "children": [Person], "made_at": …}."""
    children = Pupil.objects.filter(guardian_links__guardian=guardian).order_by("first_name", "pk")
    people = []
    for child in children:
        person = Person(child.full_name, _sections(child, "of_pupil"))
        person.date_of_birth = child.date_of_birth
        people.append(person)
    return {
        "made_at": timezone.now(),
        "school": guardian.school.name,
        "guardian": Person(guardian.full_name, _sections(guardian, "of_guardian")),
        "children": people,
    }


def as_json(export) -> dict:
    def person(p, **extra):
        return {"name": p.name, **extra, "data": [section.as_json() for section in p.sections]}

    return {
        "made_at": timezone.localtime(export["made_at"]).isoformat(timespec="seconds"),
        "school": export["school"],
        "guardian": person(export["guardian"]),
        "children": [person(c, date_of_birth=c.date_of_birth.isoformat()) for c in export["children"]],
    }


def made_on(export) -> str:
    return date_format(timezone.localtime(export["made_at"]), "j F Y")
