"""Personal data of the information sessions (see school/datakinds.py): invitations with answers,
walk-ins and follow-up notes."""

import datetime

from django.utils.translation import gettext_lazy as _

from ouderbetrokkenheid.school.datakinds import ANONYMISE, DataKind, register, year_over_q

from .models import FollowUp, Invitation, WalkIn

AFTER_THE_YEAR = datetime.timedelta(days=42)
YEAR_TEXT = _("6 weken na het eind van het schooljaar")
YEAR_REASON = _("Antwoorden en aanwezigheid tellen mee voor het bereik van dat schooljaar, daarna niet meer.")

register(
    DataKind(
        key="meetings.follow_ups",
        label=_("Notities bij bijeenkomsten"),
        category=_("notities van school over contact met ouders"),
        period=AFTER_THE_YEAR,
        period_text=YEAR_TEXT,
        reason=YEAR_REASON,
        expired=lambda now, period: FollowUp.objects.filter(
            year_over_q(now, period, "invitation__session__school_year__")
        ),
        of_guardian=lambda guardian: FollowUp.objects.filter(invitation__guardian=guardian).order_by("at"),
        export_fields=("invitation__session__starts_at", "outcome", "note", "at"),
        order=30,
    )
)
register(
    DataKind(
        key="meetings.invitations",
        label=_("Uitnodigingen voor bijeenkomsten"),
        category=_("uitnodigingen, antwoorden en aanwezigheid"),
        period=AFTER_THE_YEAR,
        period_text=YEAR_TEXT,
        reason=YEAR_REASON,
        expired=lambda now, period: Invitation.objects.filter(year_over_q(now, period, "session__school_year__")),
        of_guardian=lambda guardian: Invitation.objects.filter(guardian=guardian).order_by("session__starts_at"),
        export_fields=(
            "session__item__title",
            "session__starts_at",
            "response",
            "responded_at",
            "childcare_children",
            "interpreter_language",
            "question",
            "attended",
        ),
        order=31,
    )
)
register(
    DataKind(
        key="meetings.walk_ins",
        label=_("Aanmelding bij binnenkomst"),
        category=_("aanwezigheid bij bijeenkomsten"),
        period=AFTER_THE_YEAR,
        period_text=YEAR_TEXT,
        reason=YEAR_REASON,
        expired=lambda now, period: WalkIn.objects.filter(year_over_q(now, period, "session__school_year__")),
        of_guardian=lambda guardian: WalkIn.objects.filter(guardian=guardian).order_by("registered_at"),
        export_fields=("session__starts_at", "name", "registered_at"),
        # The head count of the session stays; who it was does not.
        on_erasure=ANONYMISE,
        anonymise=lambda rows: rows.update(guardian=None, name=""),
        order=31,
    )
)
