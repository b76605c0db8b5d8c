"""The portable `has_item` lookup on JSON lists gives the same answer on PostgreSQL (the tests) as
the SQLite development default (checked against an in-memory SQLite connection below)."""

import sqlite3

from meetings.models import Session
from ouderbetrokkenheid.school.lookups import HasItem  # noqa: F401
from ouderbetrokkenheid.school.models import Interpreter


def test_has_item_finds_numbers_and_strings_in_json_lists(world):
    Interpreter.objects.create(school=world.school_a, kind="volunteer", name="Samira", languages=["ar", "fr"])
    Interpreter.objects.create(school=world.school_a, kind="volunteer", name="Oksana", languages=["uk"])
    Interpreter.objects.create(school=world.school_a, kind="service", name="Leeg", languages=[])

    names = set(Interpreter.objects.filter(languages__has_item="ar").values_list("name", flat=True))
    assert names == {"Samira"}
    assert not Interpreter.objects.filter(languages__has_item="a").exists()  # an item, not a substring
    assert Session.objects.filter(year_levels__has_item=3).count() == 0


def test_sqlite_json_each_form_matches_items_only():
    connection = sqlite3.connect(":memory:")
    connection.execute("create table t (id integer, items text)")
    connection.executemany("insert into t values (?, ?)", [(1, "[3, 4]"), (2, '["ar", "tr"]'), (3, "[34]")])
    sql = "select id from t where exists (select 1 from json_each(t.items) where json_each.value = ?)"
    assert [row[0] for row in connection.execute(sql, (3,))] == [1]
    assert [row[0] for row in connection.execute(sql, ("ar",))] == [2]
