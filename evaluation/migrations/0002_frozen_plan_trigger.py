"""A frozen plan cannot change, whatever code tries: PostgreSQL refuses an UPDATE of the plan's columns
once frozen_at is set (unfreezing included), and any new or changed assignment of a frozen
evaluation. Deleting stays possible (retention, erasure).
On PostgreSQL only (production and tests); the development SQLite has the model's check alone."""

from django.db import migrations

PLAN_COLUMNS = (
    "intervention", "question", "outcome", "domain", "design", "start", "weeks_later",
    "outcome_start", "outcome_end", "min_effect", "seed", "plan", "fingerprint", "frozen_at",
)  # fmt: skip

changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in PLAN_COLUMNS)

SQL = f"""
CREATE OR REPLACE FUNCTION evaluation_plan_frozen() RETURNS trigger AS $$
BEGIN
    IF OLD.frozen_at IS NOT NULL AND ({changed}) THEN
        RAISE EXCEPTION 'evaluation % is frozen: its plan cannot change', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER evaluation_plan_frozen BEFORE UPDATE ON evaluation_evaluation
    FOR EACH ROW EXECUTE FUNCTION evaluation_plan_frozen();

CREATE OR REPLACE FUNCTION evaluation_assignment_frozen() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM evaluation_evaluation e WHERE e.id = NEW.evaluation_id AND e.frozen_at IS NOT NULL) THEN
        RAISE EXCEPTION 'evaluation % is frozen: its assignments cannot change', NEW.evaluation_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER evaluation_assignment_frozen BEFORE INSERT OR UPDATE ON evaluation_assignment
    FOR EACH ROW EXECUTE FUNCTION evaluation_assignment_frozen();
"""

REVERSE = """
DROP TRIGGER IF EXISTS evaluation_assignment_frozen ON evaluation_assignment;
DROP FUNCTION IF EXISTS evaluation_assignment_frozen();
DROP TRIGGER IF EXISTS evaluation_plan_frozen ON evaluation_evaluation;
DROP FUNCTION IF EXISTS evaluation_plan_frozen();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":  # the development SQLite relies on save()
        schema_editor.execute(SQL, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE, params=None)


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
