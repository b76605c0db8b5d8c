"""Model instances from hand-written SQL, for the few hot paths where compiling a queryset costs
more than the query (the booking POST: compiling the slot lock took longer than running it).

`columns(model, alias)` gives the select list of every concrete column of `model` under `alias`
and a function that turns those values of a row back into an instance, with the field's database
converters applied as the ORM applies them (JSON fields, for example). Joined one-to-one rows are
attached with `attach`, so that reading the relation later costs no query (as select_related)."""

import json
from functools import cache

from django.db import connection


@cache
def _reader(model, alias):
    fields = list(model._meta.concrete_fields)
    quote = connection.ops.quote_name
    select = ", ".join(f"{quote(alias)}.{quote(f.column)}" for f in fields)
    converters = []
    for f in fields:
        column = f.get_col(alias)
        converters.append((column, connection.ops.get_db_converters(column) + f.get_db_converters(connection)))
    names = [f.attname for f in fields]

    def build(values):
        converted = []
        for value, (column, steps) in zip(values, converters, strict=True):
            for step in steps:
                value = step(value, column, connection)
            converted.append(value)
        return model.from_db(connection.alias, names, converted)

    return select, len(fields), build


def columns(model, alias):
    """(select list, number of columns, build(values) -> instance) for every concrete column."""
    return _reader(model, alias)


def from_json_array(model, values):
    """An instance from a JSON array of its concrete columns' values in field order (as
    `json_build_array` of `columns`' select list gives them): each through the field's to_python."""
    fields = model._meta.concrete_fields
    if isinstance(values, str):
        values = json.loads(values)
    return model.from_db(
        connection.alias,
        [f.attname for f in fields],
        [None if v is None else f.to_python(v) for f, v in zip(fields, values, strict=True)],
    )


def attach(instance, name, related):
    """Cache `related` (or None: "there is none") as `instance.<name>`, as select_related does."""
    instance._meta.get_field(name).set_cached_value(instance, related)
