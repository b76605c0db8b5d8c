"""Personal data of reaching every parent (see school/datakinds.py): buddy pairs and follow-up notes."""

import datetime

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ouderbetrokkenheid.school.datakinds import DataKind, after_the_year, register

from .models import BuddyPair, ReachFollowUp

register(
    after_the_year(
        model=ReachFollowUp,
        year_path="school_year__",
        key="reach.follow_ups",
        label=_("Notities over contact met school"),
        category=_("notities van school over contact met ouders"),
        reason=_("De notitie helpt de school om ouders te bereiken in dat schooljaar."),
        of_guardian=lambda guardian: ReachFollowUp.objects.filter(guardian=guardian).order_by("at"),
        export_fields=("outcome", "note", "at"),
        order=30,
    )
)
register(
    DataKind(
        key="reach.buddy_pairs",
        label=_("Maatje bij bijeenkomsten"),
        category=_("maatjes: welke ouder een andere ouder meeneemt, met toestemming"),
        period=datetime.timedelta(days=365),
        period_text=_("1 jaar na het eind van het koppel"),
        reason=_("De toestemming moet nog even te laten zien zijn; daarna is het koppel niet meer nodig."),
        expired=lambda now, period: BuddyPair.objects.filter(ended_at__lt=now - period),
        of_guardian=lambda guardian: BuddyPair.objects.filter(Q(guardian=guardian) | Q(buddy=guardian)).order_by(
            "created_at"
        ),
        export_fields=("guardian__first_name", "buddy__first_name", "created_at", "guardian_consent_at", "ended_at"),
        order=30,
    )
)
