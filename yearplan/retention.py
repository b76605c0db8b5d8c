"""Personal data of the year calendar (see school/datakinds.py): private calendar-feed links."""

import datetime

from django.utils.translation import gettext_lazy as _

from ouderbetrokkenheid.school.datakinds import DataKind, register

from .models import FeedToken

register(
    DataKind(
        key="yearplan.feed_tokens",
        label=_("Links naar uw agenda"),
        category=_("agendalinks (alleen versleuteld: een hash)"),
        period=datetime.timedelta(days=30),
        period_text=_("30 dagen na het intrekken"),
        reason=_("Een ingetrokken link werkt niet meer; een maand later is hij niet meer nodig."),
        expired=lambda now, period: FeedToken.objects.filter(revoked_at__lt=now - period),
        of_guardian=lambda guardian: FeedToken.objects.filter(guardian=guardian).order_by("created_at"),
        export_fields=("created_at", "last_used_at", "revoked_at"),
        order=20,
    )
)
