"""The registry of personal data: each kind the app stores, how long it is kept and what the AVG
rights do with it (docs/privacy.md).

Every app registers its kinds in its own `retention.py` (found at start-up by the privacy app),
e.g. messaging's sent messages:

    register(DataKind(
        key="messaging.messages",
        label=_("Verstuurde berichten"),
        category=_("berichten aan ouders"),
        period=timedelta(days=42),
        period_text=_("6 weken na het eind van het schooljaar"),
        reason=_("…"),
        expired=lambda now, period: Message.objects.filter(…),
        of_guardian=lambda guardian: guardian.messages.all(),
        export_fields=("scheduled_at", "channel", "subject", "text"),
    ))

The nightly retention task deletes (or anonymises) `expired(now, period)` per kind; a guardian's
data export reads `of_guardian` / `of_pupil`; an erasure request deletes, anonymises or keeps
those rows as `on_erasure` says. This module lives in `school` (the lowest layer) so that every
app may register; it imports no app.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DELETE = "delete"
ANONYMISE = "anonymise"
KEEP = "keep"


@dataclass(frozen=True)
class DataKind:
    key: str  # "app.kind", stable: run records and settings refer to it
    label: object  # lazy, for parents too: "Berichten van school"
    category: object  # category of personal data (processing register)
    period_text: object  # the default period in words, e.g. "1 dag na het verlopen"
    reason: object  # why this period (docs, register)
    period: datetime.timedelta | None = None  # None: no retention job (kept while the person is)
    expired: Callable | None = None  # (now, period) -> queryset of rows past their period
    action: str = DELETE  # what retention does: DELETE or ANONYMISE
    anonymise: Callable | None = None  # (queryset) -> number of rows anonymised
    subject: str = "guardian"  # whose data: "guardian", "pupil" or "staff" (the register)
    of_guardian: Callable | None = None  # (guardian) -> queryset: export and erasure
    of_pupil: Callable | None = None  # (pupil) -> queryset: export and erasure
    export_fields: tuple = ()  # values() paths shown in the export
    on_erasure: object = DELETE  # DELETE, ANONYMISE, KEEP, or (person) -> (action, reason)
    keep_reason: object = ""  # why KEEP keeps it
    order: int = 100  # erasure and retention order: lower first (dependent rows before their owners)

    def period_in_force(self):
        """The period, or the one `settings.RETENTION_DAYS[key]` sets for this installation."""
        days = getattr(settings, "RETENTION_DAYS", {}).get(self.key)
        return datetime.timedelta(days=days) if days is not None else self.period

    def erasure_for(self, person):
        """(action, reason) for one person's rows in an erasure request."""
        if callable(self.on_erasure):
            return self.on_erasure(person)
        return self.on_erasure, self.keep_reason if self.on_erasure == KEEP else ""


_REGISTRY: dict[str, DataKind] = {}


def register(kind: DataKind) -> DataKind:
    if kind.key in _REGISTRY and _REGISTRY[kind.key] != kind:
        raise ValueError(f"data kind {kind.key!r} is registered twice")
    if kind.period is not None and kind.expired is None:
        raise ValueError(f"data kind {kind.key!r} has a period but no expired()")
    if kind.action == ANONYMISE and kind.anonymise is None:
        raise ValueError(f"data kind {kind.key!r} anonymises but has no anonymise()")
    _REGISTRY[kind.key] = kind
    return kind


def kinds() -> list[DataKind]:
    """Every registered kind, in the order they are processed."""
    return sorted(_REGISTRY.values(), key=lambda kind: (kind.order, kind.key))


def kind(key: str) -> DataKind:
    return _REGISTRY[key]


# Helpers for the usual periods.


def cutoff_day(now, period) -> datetime.date:
    """The Amsterdam day `period` before `now`."""
    return timezone.localdate(now - period)


def year_over_q(now, period, path="school_year__"):
    """Rows of a school year whose last school day lies more than `period` before `now`."""
    return Q(**{f"{path}last_day__lt": cutoff_day(now, period)})


def left_school_q(now, period, path=""):
    """Pupils (or rows reaching a pupil through `path`, e.g. "pupil__") who left more than
    `period` before `now`: at least one enrollment, and every enrollment ended before then."""
    from .models import Enrollment

    pupil = OuterRef(path.removesuffix("__") or "pk")
    day = cutoff_day(now, period)
    recent = Enrollment.objects.filter(pupil=pupil).filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
    return Exists(Enrollment.objects.filter(pupil=pupil)) & ~Exists(recent)


def has_left(pupil, day) -> bool:
    """The pupil has no enrollment running on or after `day` (and had one)."""
    enrollments = list(pupil.enrollments.all())
    return bool(enrollments) and all(e.end_date is not None and e.end_date <= day for e in enrollments)


# The two usual periods, as kinds: "6 weeks after the school year" and "2 years after the pupil left".

AFTER_THE_YEAR = datetime.timedelta(days=42)  # the summer holiday: parents can read back until the new year
AFTER_THE_YEAR_TEXT = _("6 weken na het eind van het schooljaar")
PUPIL_FILE = datetime.timedelta(days=2 * 365)
PUPIL_FILE_TEXT = _("2 jaar nadat de leerling de school verliet")
PUPIL_FILE_REASON = _(
    "Hoort bij het leerlingdossier. Scholen bewaren dat tot 2 jaar na het vertrek van de leerling "
    "(model-privacyreglement PO-Raad), zodat een volgende school of de ouders er nog om kunnen vragen."
)


def _rows(model):
    """A fresh queryset of `model` (a model class, or a queryset that narrows it)."""
    return model._default_manager.all() if isinstance(model, type) else model.all()


def after_the_year(*, model, year_path, **fields) -> DataKind:
    """A kind kept until 6 weeks after the last school day of the school year its rows belong to
    (reached through `year_path`, e.g. "session__school_year__"). `model`: a model or a queryset."""
    fields.setdefault("period_text", AFTER_THE_YEAR_TEXT)
    return DataKind(
        period=AFTER_THE_YEAR,
        expired=lambda now, period: _rows(model).filter(year_over_q(now, period, year_path)),
        **fields,
    )


def after_leaving(*, model, pupil_path, **fields) -> DataKind:
    """A kind of the pupil file, kept until 2 years after the pupil (through `pupil_path`, e.g.
    "booking__pupil__") left the school. `model`: a model or a queryset."""
    fields.setdefault("period_text", PUPIL_FILE_TEXT)
    fields.setdefault("reason", PUPIL_FILE_REASON)
    fields.setdefault("subject", "pupil")
    return DataKind(
        period=PUPIL_FILE,
        expired=lambda now, period: _rows(model).filter(left_school_q(now, period, pupil_path)),
        **fields,
    )
