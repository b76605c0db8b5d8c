"""bulk_set: many rows' fields in one statement, as bulk_update would write them."""

import datetime

from django.utils import timezone

from messaging.bulk import bulk_set
from messaging.models import Message
from tests.factories import GuardianFactory


def test_bulk_set_writes_each_rows_own_values_and_leaves_other_fields_and_rows_alone(world, django_assert_num_queries):
    now = timezone.now()
    guardians = GuardianFactory.create_batch(4, school=world.school_a)
    rows = [
        Message.objects.create(
            school=world.school_a,
            guardian=g,
            purpose="notice",
            day=now.date(),
            channel="email",
            text="oud",
            scheduled_at=now,
            idempotency_key=f"bulk:{i}",
        )  # fmt: skip
        for i, g in enumerate(guardians)
    ]
    changed = rows[:3]
    for i, row in enumerate(changed):
        row.text = f"nieuw {i} – ‘met’ tekens; DROP TABLE"
        row.scheduled_at = now + datetime.timedelta(hours=i)
        row.expires_at = None if i == 0 else now + datetime.timedelta(days=i)
        row.channel = "sms"  # not among the fields written
    with django_assert_num_queries(1):
        assert bulk_set(changed, ["text", "scheduled_at", "expires_at"]) == 3
    assert bulk_set([], ["text"]) == 0
    stored = {m.pk: m for m in Message.objects.all()}
    for row in changed:
        saved = stored[row.pk]
        assert (saved.text, saved.scheduled_at, saved.expires_at, saved.channel) == (
            row.text, row.scheduled_at, row.expires_at, "email",
        )  # fmt: skip
    assert (stored[rows[3].pk].text, stored[rows[3].pk].scheduled_at) == ("oud", now)
