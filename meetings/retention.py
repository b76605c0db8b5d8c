"""Personal data of the information sessions (see school/datakinds.py): invitations with answers,
walk-ins and follow-up notes."""

from django.utils.translation import gettext_lazy as _

from ouderbetrokkenheid.school.datakinds import ANONYMISE, after_the_year, register

from .models import FollowUp, Invitation, WalkIn

SESSION = "session__school_year__"
YEAR_REASON = _("Antwoorden en aanwezigheid tellen mee voor het bereik van dat schooljaar, daarna niet meer.")

register(
    after_the_year(
        model=FollowUp,
        year_path="invitation__" + SESSION,
        key="meetings.follow_ups",
        label=_("Notities bij bijeenkomsten"),
        category=_("notities van school over contact met ouders"),
        reason=YEAR_REASON,
        of_guardian=lambda guardian: FollowUp.objects.filter(invitation__guardian=guardian).order_by("at"),
        export_fields=("invitation__session__starts_at", "outcome", "note", "at"),
        order=30,
    )
)
register(
    after_the_year(
        model=Invitation,
        year_path=SESSION,
        key="meetings.invitations",
        label=_("Uitnodigingen voor bijeenkomsten"),
        category=_("uitnodigingen, antwoorden en aanwezigheid"),
        reason=YEAR_REASON,
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
    after_the_year(
        model=WalkIn,
        year_path=SESSION,
        key="meetings.walk_ins",
        label=_("Aanmelding bij binnenkomst"),
        category=_("aanwezigheid bij bijeenkomsten"),
        reason=YEAR_REASON,
        of_guardian=lambda guardian: WalkIn.objects.filter(guardian=guardian).order_by("registered_at"),
        export_fields=("session__starts_at", "name", "registered_at"),
        # The head count of the session stays; who it was does not.
        on_erasure=ANONYMISE,
        anonymise=lambda rows: rows.update(guardian=None, name=""),
        order=31,
    )
)
