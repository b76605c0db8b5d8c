"""A record may say "geen afspraken nodig", with the reason (issue 14, point 9). Existing records
stay as they are and readable; one that is incomplete cannot be shared with the parents until it
is completed (conversations.records.record_missing)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0006_availability_staff_no_overlap"),
    ]

    operations = [
        migrations.AddField(
            model_name="record",
            name="no_agreements_needed",
            field=models.BooleanField(default=False, verbose_name="geen afspraken nodig"),
        ),
        migrations.AddField(
            model_name="record",
            name="no_agreements_reason",
            field=models.TextField(blank=True, verbose_name="waarom geen afspraken nodig zijn"),
        ),
    ]
