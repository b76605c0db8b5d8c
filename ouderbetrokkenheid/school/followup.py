"""The outcome of the school's personal contact with a family: one list for every follow-up.

Three places record such a contact: a parent who did not answer a session invitation (meetings),
one who did not book a conversation in time (conversations), and a family the reach dashboard
shows as not reached (reach). The outcomes mean the same everywhere, so they are one enum; each
place offers the ones that fit it (`among`), and the reach dashboard reads all three alike.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FollowUpOutcome(models.TextChoices):
    CALLED = "called", _("Gebeld")
    NO_ANSWER = "no_answer", _("Niet bereikt")
    SPOKE_AT_SCHOOL = "at_school", _("Gesproken op het schoolplein")
    HOME_VISIT = "home_visit", _("Huisbezoek")
    VIA_IB = "via_ib", _("Via de IB")
    BUDDY = "buddy", _("Via een maatje")
    INTERPRETER = "interpreter", _("Met tolk benaderd")
    BOOKED = "booked", _("Afspraak gemaakt")

    @classmethod
    def among(cls, outcomes) -> list[tuple[str, str]]:
        """Choices (value, label) of these outcomes, in the order given."""
        return [(outcome.value, outcome.label) for outcome in outcomes]


# What each follow-up offers, in the order its form shows them.
SESSION_OUTCOMES = (
    FollowUpOutcome.CALLED, FollowUpOutcome.NO_ANSWER, FollowUpOutcome.SPOKE_AT_SCHOOL,
    FollowUpOutcome.HOME_VISIT, FollowUpOutcome.VIA_IB,
)  # fmt: skip
BOOKING_OUTCOMES = (
    FollowUpOutcome.CALLED, FollowUpOutcome.NO_ANSWER, FollowUpOutcome.HOME_VISIT, FollowUpOutcome.VIA_IB,
    FollowUpOutcome.INTERPRETER, FollowUpOutcome.BOOKED,
)  # fmt: skip
REACH_OUTCOMES = (
    FollowUpOutcome.CALLED, FollowUpOutcome.NO_ANSWER, FollowUpOutcome.HOME_VISIT, FollowUpOutcome.VIA_IB,
    FollowUpOutcome.BUDDY, FollowUpOutcome.INTERPRETER,
)  # fmt: skip
