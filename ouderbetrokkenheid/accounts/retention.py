"""Personal data of accounts (see school/datakinds.py): parents' login links and codes."""

import datetime

from django.utils.translation import gettext_lazy as _

from ouderbetrokkenheid.school.datakinds import DataKind, register

from .models import MagicLink

register(
    DataKind(
        key="accounts.magic_links",
        label=_("Inloglinks en inlogcodes"),
        category=_("inloggegevens (alleen versleuteld: een hash)"),
        period=datetime.timedelta(days=1),
        period_text=_("1 dag na het verlopen"),
        reason=_("Een link werkt 15 minuten. Een dag erna is hij alleen nog nodig om misbruik na te gaan."),
        expired=lambda now, period: MagicLink.objects.filter(expires_at__lt=now - period),
        of_guardian=lambda guardian: MagicLink.objects.filter(guardian=guardian).order_by("created_at"),
        export_fields=("created_at", "sent_to", "expires_at", "used_at"),
        order=10,
    )
)
