"""Personal data of pupil development (see school/datakinds.py): test results, goals, exit
perspectives, school advice, the publication to parents and the access log."""

import datetime

from django.utils.translation import gettext_lazy as _

from ouderbetrokkenheid.school.datakinds import ANONYMISE, KEEP, PUPIL_FILE_REASON, DataKind, after_leaving, register

from .models import AccessLogEntry, Advice, ExitPerspective, Publication, ShortTermGoal, TestResult


def _pupil_file(key, label, category, model, fields, *, on_erasure=KEEP, order=60, ordering="pk"):
    return after_leaving(
        model=model,
        pupil_path="pupil__",
        key=key,
        label=label,
        category=category,
        of_pupil=lambda pupil: model.objects.filter(pupil=pupil).order_by(ordering),
        export_fields=fields,
        on_erasure=on_erasure,
        keep_reason=PUPIL_FILE_REASON if on_erasure == KEEP else "",
        order=order,
    )


register(
    _pupil_file(
        "development.test_results",
        _("Toetsresultaten"),
        _("toetsresultaten uit het leerlingvolgsysteem"),
        TestResult,
        ("domain", "year_level", "phase", "taken_on", "test_name", "ability_score", "level_reported"),
        on_erasure="delete",
        ordering="taken_on",
    )
)
register(
    _pupil_file(
        "development.goals",
        _("Doelen voor de korte termijn"),
        _("ontwikkelingsperspectief (OPP)"),
        ShortTermGoal,
        ("domain", "target_level", "target_moment", "evaluation_date", "note", "outcome"),
        on_erasure="delete",
        ordering="recorded_at",
    )
)
register(
    _pupil_file(
        "development.perspectives",
        _("Uitstroomperspectief"),
        _("ontwikkelingsperspectief (OPP)"),
        ExitPerspective,
        ("track", "reasoning", "supporting", "hindering", "recorded_at"),
        ordering="recorded_at",
    )
)
register(
    _pupil_file(
        "development.advice",
        _("Schooladvies"),
        _("schooladvies voor het voortgezet onderwijs"),
        Advice,
        ("kind", "track", "second_track", "reasoning", "given_on", "transfer_test_track"),
        ordering="given_on",
    )
)
register(
    _pupil_file(
        "development.publication",
        _("Gedeeld met ouders"),
        _("ontwikkelingsperspectief (OPP)"),
        Publication,
        ("published_at", "note"),
        on_erasure="delete",
    )
)
LOG_REASON = _("Zo kan de school laten zien wie de gegevens van een kind heeft bekeken, ook bij een klacht.")
register(
    DataKind(
        key="development.access_log",
        label=_("Wie de gegevens van uw kind bekeek"),
        category=_("inzage-log (wie las of wijzigde ontwikkelingsgegevens)"),
        subject="pupil",
        period=datetime.timedelta(days=2 * 365),
        period_text=_("2 jaar"),
        reason=LOG_REASON,
        expired=lambda now, period: AccessLogEntry.objects.filter(at__lt=now - period),
        of_pupil=lambda pupil: AccessLogEntry.objects.filter(pupil=pupil).order_by("at"),
        export_fields=("at", "action", "what", "staff__last_name"),
        on_erasure=KEEP,
        keep_reason=LOG_REASON,
        order=70,
    )
)
register(
    DataKind(
        key="development.guardian_reads",
        label=_("Wanneer u de ontwikkeling van uw kind bekeek"),
        category=_("inzage-log (wie las of wijzigde ontwikkelingsgegevens)"),
        period_text=_("2 jaar"),
        reason=LOG_REASON,
        # The same rows as development.access_log: retention removes them there.
        of_guardian=lambda guardian: AccessLogEntry.objects.filter(guardian=guardian).order_by("at"),
        export_fields=("at", "action", "what"),
        on_erasure=ANONYMISE,
        anonymise=lambda rows: rows.update(guardian=None),
        order=70,
    )
)
