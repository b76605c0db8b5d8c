"""Personal data of the school's own evaluations (see school/datakinds.py).

- which arm of a lottery a child was drawn into (kept one year after the outcome was measured, so the
  result can be checked and recomputed; the result itself holds only counts, means and the effect);
- (the wait-list rows the lottery writes are registered by the school app: school.intervention_delays);
- the log of researchers' exports (who downloaded which evaluation's pseudonymised data): 5 years,
  like other accountability logs of access to pupil data.
"""

import datetime

from django.utils.translation import gettext_lazy as _

from ouderbetrokkenheid.school.datakinds import DataKind, cutoff_day, register

from .models import Assignment, ExportLog

register(
    DataKind(
        key="evaluation.assignments",
        label=_("Deelname aan een onderzoek van de school"),
        category=_("deelname aan een onderzoek van de school: nu of later starten met een aanpak"),
        subject="pupil",
        period=datetime.timedelta(days=365),
        period_text=_("1 jaar na de laatste meting van het onderzoek"),
        reason=_("Zo lang kan de school de uitkomst nog nagaan; daarna blijven alleen de totalen over."),
        expired=lambda now, period: Assignment.objects.filter(evaluation__outcome_end__lt=cutoff_day(now, period)),
        of_pupil=lambda pupil: Assignment.objects.filter(pupil=pupil).order_by("evaluation__start"),
        export_fields=("evaluation__question", "evaluation__start", "arm"),
        order=40,
    )
)
register(
    DataKind(
        key="evaluation.export_log",
        label=_("Log van exports voor onderzoekers"),
        category=_("wie welke gepseudonimiseerde onderzoeksgegevens downloadde"),
        subject="staff",
        period=datetime.timedelta(days=5 * 365),
        period_text=_("5 jaar"),
        reason=_("Verantwoording: de school moet kunnen laten zien wie wanneer welke gegevens kreeg."),
        expired=lambda now, period: ExportLog.objects.filter(downloaded_at__lt=now - period),
        order=90,
    )
)
