"""`field__has_item=value`: a JSON list field holds `value`, on PostgreSQL and on SQLite alike.

Django's `__contains` on a JSONField is PostgreSQL's `@>` and is refused on SQLite, the embedded
development default (`make run`). Lists of year levels, language codes and reasons are stored as
JSON lists; this lookup asks whether one item is in them, portably.
"""

import json

from django.db.models import JSONField, Lookup


@JSONField.register_lookup
class HasItem(Lookup):
    lookup_name = "has_item"
    prepare_rhs = False

    def get_prep_lookup(self):
        return self.rhs

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} @> %s::jsonb", (*lhs_params, json.dumps([self.rhs]))

    def as_sql(self, compiler, connection):  # SQLite (JSON1) and others with json_each
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"EXISTS (SELECT 1 FROM json_each({lhs}) WHERE json_each.value = %s)", (*lhs_params, self.rhs)
