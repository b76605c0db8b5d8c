"""Constraints that PostgreSQL enforces and other databases skip.

Tests and production run on PostgreSQL, where these constraints are real. The embedded
development default is SQLite, which has no exclusion constraints: there the constraint
is neither created (also not when SQLite rebuilds a table) nor validated.
"""

from django.contrib.postgres import constraints
from django.db import DEFAULT_DB_ALIAS, connections, models


def _on_postgres(schema_editor):
    return schema_editor.connection.vendor == "postgresql"


class PostgresOnly:
    """Create, remove and validate the constraint on PostgreSQL; on other databases, nothing."""

    def constraint_sql(self, model, schema_editor):
        return super().constraint_sql(model, schema_editor) if _on_postgres(schema_editor) else None

    def create_sql(self, model, schema_editor):
        return super().create_sql(model, schema_editor) if _on_postgres(schema_editor) else None

    def remove_sql(self, model, schema_editor):
        return super().remove_sql(model, schema_editor) if _on_postgres(schema_editor) else None

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        if connections[using].vendor == "postgresql":
            super().validate(model, instance, exclude=exclude, using=using)


class ExclusionConstraint(PostgresOnly, constraints.ExclusionConstraint):
    pass


class PostgresCheckConstraint(PostgresOnly, models.CheckConstraint):
    """A check whose SQL only PostgreSQL speaks (e.g. AT TIME ZONE)."""
