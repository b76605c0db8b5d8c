"""Migration operations for constraints only PostgreSQL can enforce.

The embedded development default is SQLite; there these constraints are recorded
in the migration state (so `makemigrations --check` stays clean) but not created.
Tests and production run on PostgreSQL, where they are real.
"""

from django.db.migrations.operations import AddConstraint


class AddConstraintOnPostgres(AddConstraint):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
