"""Personal data of the shared model (see datakinds.py): guardians, their links to pupils, pupils
who left, and the import history."""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .datakinds import ANONYMISE, KEEP, PUPIL_FILE_TEXT, DataKind, after_leaving, cutoff_day, register
from .models import Enrollment, Guardian, GuardianOf, ImportRun, InterventionDelay, Pupil

PARENT_OF_A_PUPIL = _(
    "Zolang een kind van deze ouder op school zit, moet de school de ouder kunnen informeren en "
    "bereiken (Wet op het primair onderwijs). Dit blijft tot het kind de school verlaat."
)


def has_child_at_school(guardian, day=None) -> bool:
    """A child of the guardian has an enrollment running on `day` (today) or later."""
    day = day or timezone.localdate()
    return Enrollment.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gt=day), pupil__guardian_links__guardian=guardian
    ).exists()


def guardian_erasure(guardian):
    if has_child_at_school(guardian):
        return KEEP, PARENT_OF_A_PUPIL
    return ANONYMISE, ""


def anonymise_guardians(rows) -> int:
    """Name and contact details gone, the login removed; the row stays until retention deletes it
    (school.former_guardians) so that nothing pointing at it breaks inside the erasure."""
    from django.contrib.auth import get_user_model

    users = list(rows.exclude(user=None).values_list("user_id", flat=True))
    count = rows.update(
        user=None,
        external_id="",
        first_name="",
        infix="",
        last_name=str(_("verwijderd")),
        email="",
        mobile="",
        email_bounced="",
        language="nl",
        needs_interpreter=False,
        prefers_simple_dutch=False,
        needs_childcare=False,
    )
    get_user_model().objects.filter(pk__in=users).delete()
    return count


def _links_erasure(person):
    if isinstance(person, Guardian):
        action, reason = guardian_erasure(person)
        return (KEEP, reason) if action == KEEP else ("delete", "")
    return KEEP, _("De school moet weten wie de ouders van een leerling zijn, zolang zijn dossier er is.")


register(
    DataKind(
        key="school.guardian_links",
        label=_("Uw kinderen"),
        category=_("ouders en kinderen: relatie, gezag, wie informatie krijgt"),
        period_text=PUPIL_FILE_TEXT,
        reason=_("Hoort bij de leerlingadministratie; gaat weg met de leerling (school.leavers)."),
        of_guardian=lambda guardian: GuardianOf.objects.filter(guardian=guardian).order_by("pupil__first_name"),
        of_pupil=lambda pupil: GuardianOf.objects.filter(pupil=pupil).order_by("guardian__last_name"),
        export_fields=(
            "pupil__first_name",
            "pupil__last_name",
            "relationship",
            "has_parental_authority",
            "receives_information",
        ),  # fmt: skip
        on_erasure=_links_erasure,
        order=80,
    )
)
register(
    DataKind(
        key="school.guardians",
        label=_("Uw gegevens"),
        category=_("naam, e-mail, mobiel nummer, taal, kanaal, ondersteuning (tolk, opvang, eenvoudig Nederlands)"),
        period=datetime.timedelta(0),
        period_text=_("tot de ouder geen kind meer heeft in de gegevens van school"),
        reason=_("Zonder kind op school heeft de school geen reden meer om de gegevens van de ouder te hebben."),
        expired=lambda now, period: Guardian.objects.filter(
            ~Exists(GuardianOf.objects.filter(guardian=OuterRef("pk")))
        ),
        of_guardian=lambda guardian: Guardian.objects.filter(pk=guardian.pk),
        export_fields=(
            "first_name",
            "infix",
            "last_name",
            "email",
            "mobile",
            "language",
            "channel",
            "needs_interpreter",
            "prefers_simple_dutch",
            "needs_childcare",
            "school__name",
        ),  # fmt: skip
        on_erasure=guardian_erasure,
        anonymise=anonymise_guardians,
        order=90,
    )
)
LEAVER_KEEP = _(
    "Naam, geboortedatum en inschrijving horen bij de leerlingadministratie en het dossier dat de "
    "school 2 jaar na het vertrek bewaart. Daarna verwijdert de bewaartermijn ze."
)
register(
    after_leaving(
        model=Pupil,
        pupil_path="",
        key="school.leavers",
        label=_("Leerling en inschrijvingen"),
        category=_("naam, geboortedatum, leerlingnummer, groep en inschrijving"),
        reason=LEAVER_KEEP,
        of_pupil=lambda pupil: Enrollment.objects.filter(pupil=pupil).order_by("start_date"),
        export_fields=("group__name", "year_level", "start_date", "end_date"),
        on_erasure=KEEP,
        keep_reason=LEAVER_KEEP,
        order=85,
    )
)
register(
    DataKind(
        key="school.import_history",
        label=_("Importgeschiedenis"),
        category=_("verslagen van imports uit de leerlingadministratie (namen, groepen)"),
        subject="staff",
        period=datetime.timedelta(days=365),
        period_text=_("1 jaar"),
        reason=_(
            "Alleen de laatste import kan worden teruggedraaid; een jaar geschiedenis is genoeg om fouten na te gaan."
        ),
        expired=lambda now, period: ImportRun.objects.filter(started_at__lt=now - period),
        order=95,
    )
)
register(
    DataKind(
        key="school.intervention_delays",
        label=_("Later beginnen door een loting"),
        category=_("loting van een onderzoek van de school: welk onderdeel een gezin later krijgt en vanaf wanneer"),
        period=datetime.timedelta(days=42),
        period_text=_("6 weken na de dag waarop het gezin begint"),
        reason=_("Daarna krijgt het gezin alles zoals de andere gezinnen; de school heeft dit dan niet meer nodig."),
        expired=lambda now, period: InterventionDelay.objects.filter(until__lt=cutoff_day(now, period)),
        of_guardian=lambda guardian: InterventionDelay.objects.filter(guardian=guardian).order_by("until"),
        export_fields=("intervention", "until"),
        order=30,
    )
)
