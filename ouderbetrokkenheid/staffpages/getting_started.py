"""'Aan de slag': a new school's first steps in order, each done or not from the data (leadership).

import → staff roles → message library and translations → plan the year → publish the calendar →
the first week plan. A fixed number of queries, whatever the size of the school."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conversations.models import Round
from meetings.models import Session
from messaging.models import LibraryEntry, LibraryText, WeekPlan
from ouderbetrokkenheid.school.models import Enrollment, Group, SchoolYear
from yearplan.models import Publication


@dataclass
class Step:
    title: str
    explanation: str
    url: str
    link: str
    done: bool
    status: str = ""


def getting_started(school) -> tuple[SchoolYear | None, list[Step]]:
    day = timezone.localdate()
    year = SchoolYear.objects.running_or_next(school, day, or_last=True)
    groups = Group.objects.filter(school_year=year)
    pupils = Enrollment.objects.current(day).filter(group__school_year=year).count() if year else 0
    without_teacher = groups.filter(~Exists(Group.teachers.through.objects.filter(group=OuterRef("pk")))).count()
    entries = LibraryEntry.objects.filter(school=school).count()
    waiting = LibraryText.objects.filter(entry__school=school, approved_at__isnull=True).exclude(language="nl").count()
    planned = bool(year) and (
        Session.objects.filter(school_year=year).exists() or Round.objects.filter(school_year=year).exists()
    )
    published = bool(year) and Publication.objects.filter(school_year=year).exists()
    week_plans = WeekPlan.objects.filter(group__school_year=year, approved_at__isnull=False).count() if year else 0
    year_url = reverse("yearplan:setup_year", args=[year.pk]) if year else reverse("yearplan:setup")
    steps = [
        Step(_("Leerlingen, ouders en medewerkers importeren"),
             _("Lees de export van uw leerlingadministratie in (CSV, Excel of EDEXML), op de importpagina."),
             reverse("staffpages:import"), _("Naar importeren"), pupils > 0,
             _("Leerlingen ingeschreven: %(n)s") % {"n": pupils}),
        Step(_("Rollen van medewerkers"),
             _("Elke groep heeft een leerkracht; intern begeleider en directie staan in het medewerkersbestand."),
             reverse("staffpages:import"), _("Medewerkersbestand inlezen"),
             groups.exists() and without_teacher == 0,
             _("Groepen zonder leerkracht: %(n)s") % {"n": without_teacher}),
        Step(_("Berichtenbibliotheek en vertalingen"),
             _("Zet de meegeleverde teksten klaar (of: manage.py library_install) en keur de vertalingen goed."),
             reverse("messaging:library"), _("Naar de bibliotheek"), entries > 0 and waiting == 0,
             _("Teksten: %(entries)s; vertalingen die op goedkeuring wachten: %(waiting)s")
             % {"entries": entries, "waiting": waiting}),
        Step(_("Het jaar plannen"),
             _("Plan de informatiebijeenkomsten en de gespreksrondes; ook midden in het jaar."),
             year_url, _("Naar Schooljaar inrichten"), planned),
        Step(_("De jaarkalender publiceren"),
             _("Pas na het publiceren zien ouders de kalender."),
             reverse("yearplan:calendar_year", args=[year.pk]) if year else reverse("yearplan:calendar"),
             _("Naar de jaarkalender"), published),
        Step(_("Het eerste weekplan goedkeuren"),
             _("Een leerkracht kiest thema, tip en aanmoediging voor de week en keurt het plan goed."),
             reverse("messaging:week_overview"), _("Naar de weekplannen"), week_plans > 0,
             _("Goedgekeurde weekplannen: %(n)s") % {"n": week_plans}),
    ]  # fmt: skip
    return year, steps
