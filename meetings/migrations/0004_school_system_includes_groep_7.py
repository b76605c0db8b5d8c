"""Session 3 (the school system and advice) is for groep 3, lateral entrants and groep 7/8 (the
practice card); the default used to leave groep 7 out (issue 14, point 14). Programmes still
holding that old default audience get groep 7; a school that chose another audience keeps it."""

from django.db import migrations

OLD, NEW = [3, 8], [3, 7, 8]


def add_groep_7(apps, schema_editor):
    ProgrammeItem = apps.get_model("meetings", "ProgrammeItem")
    for item in ProgrammeItem.objects.filter(key="school_system").only("pk", "year_levels"):
        if sorted(item.year_levels or []) == OLD:
            item.year_levels = NEW
            item.save(update_fields=["year_levels"])


def remove_groep_7(apps, schema_editor):
    ProgrammeItem = apps.get_model("meetings", "ProgrammeItem")
    for item in ProgrammeItem.objects.filter(key="school_system").only("pk", "year_levels"):
        if sorted(item.year_levels or []) == NEW:
            item.year_levels = OLD
            item.save(update_fields=["year_levels"])


class Migration(migrations.Migration):
    dependencies = [("meetings", "0003_programmeitemtranslation")]

    operations = [migrations.RunPython(add_groep_7, remove_groep_7)]
