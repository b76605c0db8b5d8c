"""A teacher's availability spans never overlap, in one round or across rounds (issue 14).

Spans that overlap already are made disjoint first, so the constraint can be added: within one
round, overlapping spans of a teacher become one span; across rounds, the later span starts where
the earlier one ends (and goes when nothing is left). Slots already made are left alone (they
have their own constraint). The exclusion constraint itself is PostgreSQL-only (PostgresOnly)."""

from django.db import migrations, models

import conversations.models
import ouderbetrokkenheid.school.constraints


def make_disjoint(apps, schema_editor):
    Availability = apps.get_model("conversations", "Availability")
    current = None
    for span in Availability.objects.order_by("staff_id", "starts_at", "pk"):
        if current is None or current.staff_id != span.staff_id or span.starts_at >= current.ends_at:
            current = span
        elif span.round_id == current.round_id:
            current.ends_at = max(current.ends_at, span.ends_at)
            current.save(update_fields=["ends_at"])
            span.delete()
        elif span.ends_at <= current.ends_at:
            span.delete()
        else:
            span.starts_at = current.ends_at
            span.save(update_fields=["starts_at"])
            current = span


class Migration(migrations.Migration):
    dependencies = [("conversations", "0005_booking_party_announce")]

    operations = [
        migrations.RunPython(make_disjoint, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="availability",
            constraint=ouderbetrokkenheid.school.constraints.ExclusionConstraint(
                expressions=[
                    (conversations.models.TimeRange("starts_at", "ends_at", models.Value("[)")), "&&"),
                    ("staff", "="),
                ],
                name="availability_staff_no_overlap",
            ),
        ),
    ]
