"""Booking.party (one conversation per pupil and round whoever booked it, separated parents who
asked for separate conversations excepted) and Booking.announce_pending (the booking page's
confirmation is written after the commit)."""

from django.db import migrations, models


def parties(apps, schema_editor):
    """Give existing active bookings their party; a second conversation for the same pupil, round
    and party that exists already (booked by a guardian without parental authority) keeps a party
    of its own ("dup:<pk>") so nothing is cancelled behind the school's back."""
    Booking = apps.get_model("conversations", "Booking")
    BookingGuardian = apps.get_model("conversations", "BookingGuardian")
    GuardianOf = apps.get_model("school", "GuardianOf")
    separate = set(GuardianOf.objects.filter(invite_separately=True).values_list("guardian_id", "pupil_id"))
    coming = {}
    for booking_id, guardian_id in BookingGuardian.objects.values_list("booking_id", "guardian_id"):
        coming.setdefault(booking_id, []).append(guardian_id)
    seen = set()
    for booking in Booking.objects.exclude(status="cancelled").order_by("created_at", "pk"):
        guardians = coming.get(booking.pk, [])
        party = str(guardians[0]) if len(guardians) == 1 and (guardians[0], booking.pupil_id) in separate else ""
        if (booking.round_id, booking.pupil_id, party) in seen:
            party = f"dup:{booking.pk}"
        seen.add((booking.round_id, booking.pupil_id, party))
        if party:
            booking.party = party
            booking.save(update_fields=["party"])


class Migration(migrations.Migration):
    dependencies = [("conversations", "0004_roundtranslation")]

    operations = [
        migrations.AddField(model_name="booking", name="announce_pending", field=models.BooleanField(default=False)),
        migrations.AddField(
            model_name="booking", name="party", field=models.CharField(blank=True, default="", max_length=20)
        ),
        migrations.AddIndex(
            model_name="booking",
            index=models.Index(
                condition=models.Q(("announce_pending", True)), fields=["created_at"], name="booking_to_announce"
            ),
        ),
        migrations.RunPython(parties, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="booking",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "cancelled"), _negated=True),
                fields=("round", "pupil", "party"),
                name="booking_once_per_party",
            ),
        ),
    ]
