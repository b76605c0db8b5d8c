"""The advice given in an advice conversation lands in the pupil's advice register.

conversations does not import development (the dependency rules): development listens to the
conversation record being saved. A record of an advice round with an advice becomes (or updates)
the register's Advice linked to it, through services.advice_give, so the register's rules hold for
it too: a second colleague, a double advice of two adjacent tracks, and after the transfer test
only raised, never lowered. A refusal raises ValidationError inside conversations.records.
record_save's transaction: the record is not saved either, and the error names the record's own
fields.
"""

from django.core.exceptions import ValidationError
from django.db.models.signals import post_save
from django.dispatch import receiver

from conversations.models import Record, RoundKind

from . import services
from .models import Advice, AdviceKind, DevelopmentSettings

# The register's field names → the conversation record's.
RECORD_FIELDS = {"track": "advice_track", "second_track": "advice_second_track", "second_colleague": "second_staff"}


def advice_kind(record) -> str:
    """The register's kind for the advice of this record: final in a final advice round; in a
    provisional round the provisional advice for groep 8, and the school's groep-7 advice below."""
    booking = record.booking
    if booking.round.kind == RoundKind.ADVICE_FINAL:
        return AdviceKind.FINAL
    if services.current_year_level(booking.pupil, record.advice_date) == 8:
        return AdviceKind.PROVISIONAL
    settings = DevelopmentSettings.objects.filter(school_year_id=booking.round.school_year_id).first()
    return settings.groep7_advice if settings else DevelopmentSettings.Groep7Advice.EXPECTED_TEST


@receiver(post_save, sender=Record, dispatch_uid="development.advice_from_record")
def advice_from_record(sender, instance: Record, raw=False, **kwargs):
    record = instance
    if raw or not record.advice_track or record.advice_date is None:
        return
    booking = record.booking
    if not booking.round.needs_second_staff:
        return
    Advice.objects.filter(record=record).delete()  # an edited record replaces its advice
    # The transfer test result, as entered in the register (an advice is only raised above it).
    tested = (
        Advice.objects.filter(pupil=booking.pupil, school_year=booking.round.school_year)
        .exclude(transfer_test_track="")
        .order_by("-given_on", "-pk")
        .values_list("transfer_test_track", flat=True)
        .first()
    )
    try:
        services.advice_give(
            by=record.author or booking.slot.staff,
            pupil=booking.pupil,
            kind=advice_kind(record),
            track=record.advice_track,
            second_track=record.advice_second_track,
            given_on=record.advice_date,
            second_colleague=record.second_staff,
            transfer_test_track=tested or "",
            record=record,
            school_year=booking.round.school_year,
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {RECORD_FIELDS.get(field, field): messages for field, messages in error.message_dict.items()}
        ) from None
