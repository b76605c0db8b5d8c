"""Personal data of messaging (see school/datakinds.py): sent messages, preferences, progress lines."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from ouderbetrokkenheid.school.datakinds import (
    AFTER_THE_YEAR,
    AFTER_THE_YEAR_TEXT,
    KEEP,
    DataKind,
    after_the_year,
    cutoff_day,
    register,
)
from ouderbetrokkenheid.school.models import SchoolYear

from .models import Message, ProgressLine, Status, Subscription


def _messages_expired(now, period):
    """Messages that were sent (or failed, or were cancelled) in a school year that ended more than
    `period` ago. Waiting messages are never touched."""
    year_over = SchoolYear.objects.filter(
        school=OuterRef("school"), last_day__lt=cutoff_day(now, period), last_day__gte=OuterRef("day")
    )
    done = [Status.SENT, Status.FAILED, Status.CANCELLED]
    return Message.objects.filter(Exists(year_over), status__in=done)


register(
    DataKind(
        key="messaging.messages",
        label=_("Berichten van school"),
        category=_("berichten aan ouders (tekst, kanaal, afleverstatus)"),
        period=AFTER_THE_YEAR,
        period_text=AFTER_THE_YEAR_TEXT,
        reason=_(
            "Berichten gaan over de week waarin ze zijn verstuurd. Ouders kunnen ze teruglezen tot het "
            "nieuwe schooljaar begint."
        ),
        expired=_messages_expired,
        of_guardian=lambda guardian: Message.objects.filter(guardian=guardian).order_by("scheduled_at"),
        export_fields=("scheduled_at", "channel", "language", "subject", "text", "status", "sent_at"),
        order=20,
    )
)
register(
    DataKind(
        key="messaging.subscriptions",
        label=_("Keuzes voor berichten"),
        category=_("voorkeuren van ouders"),
        period_text=_("zolang de ouder een kind op school heeft"),
        reason=_("De keuze van de ouder geldt tot die haar verandert."),
        of_guardian=lambda guardian: Subscription.objects.filter(guardian=guardian).order_by("topic"),
        export_fields=("topic", "active", "changed_at", "changed_via"),
        # Erasing an opt-out would switch the messages back on.
        on_erasure=KEEP,
        keep_reason=_("Een afmelding moet blijven gelden. Zonder deze keuze krijgt de ouder weer berichten."),
        order=20,
    )
)
register(
    after_the_year(
        model=ProgressLine,
        year_path="plan__group__school_year__",
        key="messaging.progress_lines",
        label=_("Regels over uw kind in weekberichten"),
        category=_("voortgang van leerlingen"),
        subject="pupil",
        reason=_("Een voortgangsregel hoort bij één week van één schooljaar."),
        of_pupil=lambda pupil: ProgressLine.objects.filter(pupil=pupil).order_by("plan__week"),
        export_fields=("plan__week", "text"),
        order=20,
    )
)
