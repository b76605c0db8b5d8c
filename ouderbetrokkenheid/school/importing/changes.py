"""Compare values from the file with a model instance and describe the differences in Dutch."""

import datetime

from django.utils.translation import gettext as _


def shown(value):
    if value is None or value == "":
        return _("(leeg)")
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def diff(instance, values: dict) -> dict:
    """The fields of `values` that differ from `instance`: {field: (old, new)}."""
    return {
        name: (getattr(instance, name), value) for name, value in values.items() if getattr(instance, name) != value
    }


def describe(model, changes: dict) -> list:
    """'e-mail: a@x.nl → b@x.nl' for every changed field."""
    return [
        _("%(field)s: %(old)s → %(new)s")
        % {"field": model._meta.get_field(name).verbose_name, "old": shown(old), "new": shown(new)}
        for name, (old, new) in changes.items()
    ]


def apply(instance, changes: dict):
    for name, (_old, new) in changes.items():
        setattr(instance, name, new)
