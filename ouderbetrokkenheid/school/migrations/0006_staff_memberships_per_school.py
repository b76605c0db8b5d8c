"""Staff memberships (issue 14, point 4): one login may be staff at several schools of one board.

Staff.user becomes a foreign key with one membership per (user, school). That all of a login's
memberships are at schools of one board spans two tables, so PostgreSQL enforces it with a
trigger: it locks the user's row (concurrent memberships for one login queue behind each other)
and refuses a membership at a school of another board, as it refuses moving a school to another
board while someone works there and at a school of the old board. Both raise a check violation
(an IntegrityError). SQLite (the embedded development default) gets no trigger.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

CREATE = """
CREATE FUNCTION school_staff_one_board() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM accounts_user WHERE id = NEW.user_id FOR NO KEY UPDATE;
    IF EXISTS (
        SELECT 1 FROM school_staff other
        JOIN school_school other_school ON other_school.id = other.school_id
        JOIN school_school mine ON mine.id = NEW.school_id
        WHERE other.user_id = NEW.user_id AND other.id <> NEW.id AND other_school.board_id <> mine.board_id
    ) THEN
        RAISE EXCEPTION 'user % is staff at a school of another board', NEW.user_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'staff_one_board_per_user';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER staff_one_board_per_user BEFORE INSERT OR UPDATE OF user_id, school_id ON school_staff
    FOR EACH ROW EXECUTE FUNCTION school_staff_one_board();

CREATE FUNCTION school_school_board_keeps_staff() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM school_staff here
        JOIN school_staff elsewhere ON elsewhere.user_id = here.user_id AND elsewhere.school_id <> NEW.id
        JOIN school_school other_school ON other_school.id = elsewhere.school_id
        WHERE here.school_id = NEW.id AND other_school.board_id <> NEW.board_id
    ) THEN
        RAISE EXCEPTION 'school % has staff who also work at a school of another board', NEW.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'staff_one_board_per_user';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER school_board_keeps_staff BEFORE UPDATE OF board_id ON school_school
    FOR EACH ROW EXECUTE FUNCTION school_school_board_keeps_staff();
"""

DROP = """
DROP TRIGGER IF EXISTS school_board_keeps_staff ON school_school;
DROP FUNCTION IF EXISTS school_school_board_keeps_staff();
DROP TRIGGER IF EXISTS staff_one_board_per_user ON school_staff;
DROP FUNCTION IF EXISTS school_staff_one_board();
"""


def _run(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("school", "0005_import_history"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="staff",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="staff_memberships",
                related_query_name="staff",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="staff",
            constraint=models.UniqueConstraint(fields=("user", "school"), name="staff_one_membership_per_school"),
        ),
        migrations.RunPython(_run(CREATE), _run(DROP)),
    ]
