"""The privacy app's own records (see school/datakinds.py): retention runs and erasure requests."""

import datetime

from django.utils.translation import gettext_lazy as _

from ouderbetrokkenheid.school.datakinds import DataKind, register

from .models import ErasureRequest, RetentionRun

register(
    DataKind(
        key="privacy.retention_runs",
        label=_("Verslagen van de bewaartermijnen"),
        category=_("aantallen verwijderde gegevens per soort (geen persoonsgegevens)"),
        subject="staff",
        period=datetime.timedelta(days=2 * 365),
        period_text=_("2 jaar"),
        reason=_("Laat zien dat de bewaartermijnen worden uitgevoerd."),
        expired=lambda now, period: RetentionRun.objects.filter(started_at__lt=now - period),
        order=200,
    )
)
register(
    DataKind(
        key="privacy.erasure_requests",
        label=_("Verwijderverzoeken"),
        category=_("wie om verwijdering vroeg, wie het behandelde, wat is verwijderd en wat bewaard"),
        subject="guardian",
        period=datetime.timedelta(days=5 * 365),
        period_text=_("5 jaar na de behandeling"),
        reason=_(
            "De school moet kunnen laten zien hoe zij een verzoek behandelde, als de ouder of de Autoriteit "
            "Persoonsgegevens ernaar vraagt. Een vordering verjaart na 5 jaar (art. 3:310 BW)."
        ),
        expired=lambda now, period: ErasureRequest.objects.filter(handled_at__lt=now - period),
        order=200,
    )
)
