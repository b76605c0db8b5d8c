from django.db import migrations, models


def fill_school_year_start(apps, schema_editor):
    TestResult = apps.get_model("development", "TestResult")
    for result in TestResult.objects.all():
        day = result.taken_on
        result.school_year_start = day.year if day.month >= 8 else day.year - 1
        result.save(update_fields=["school_year_start"])


class Migration(migrations.Migration):
    dependencies = [
        ("development", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="testresult", name="testresult_one_per_moment"),
        migrations.AddField(
            model_name="testresult",
            name="school_year_start",
            field=models.PositiveSmallIntegerField(default=2000, editable=False, verbose_name="schooljaar (beginjaar)"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_school_year_start, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="testresult",
            constraint=models.UniqueConstraint(
                fields=("pupil", "domain", "school_year_start", "year_level", "phase", "test_name"),
                name="testresult_one_per_moment",
            ),
        ),
    ]
