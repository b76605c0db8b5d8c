"""Leadership's setup of the school year: create the next year from the holiday region, import newer
official holidays, edit the year's periods and advice dates, roll over last year, "Plan het jaar",
and the conflicts (teachers may read those). Views parse, authorise (the lookup is the check), call
a service and render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ouderbetrokkenheid.accounts.access import actor_for, roles_required, school_staff_required
from ouderbetrokkenheid.school import holidays
from ouderbetrokkenheid.school.calendar import start_year_of
from ouderbetrokkenheid.school.models import PeriodKind
from ouderbetrokkenheid.school.services import school_year_create_from_region
from yearplan.forms import ImportForm, MoveForm, NewYearForm, PeriodForm, TimelineForm

from .. import periods, selectors
from ..conflicts import year_conflicts
from ..planning import advice_timeline, plan_year
from ..rollover import previous_year, year_rollover

leadership_required = roles_required("leadership", "admin")
MAX_UPLOAD = 2 * 1024 * 1024


def _school(request):
    staff = actor_for(request).staff
    if staff is None:
        raise Http404
    return staff.school


def _own_year(request, year_id):
    """A school year of the person's own school (a board admin or another school: 404)."""
    school_year = selectors.year_for(actor_for(request), year_id)
    staff = actor_for(request).staff
    if staff is None or school_year.school_id != staff.school_id:
        raise Http404
    return school_year


def _errors(request, error: ValidationError):
    for message in error.messages:
        messages.error(request, message)


# -- the school's years ---------------------------------------------------------------------------


def _new_year_choices(school):
    """School years with official dates that the school does not have yet, from the running one on."""
    today = timezone.localdate()
    running = start_year_of(today)
    taken = {y.first_day.year for y in school.years.all()}
    return [
        (year, holidays.label(year)) for year in holidays.known_start_years() if year >= running and year not in taken
    ]


def _known():
    return [holidays.label(y) for y in holidays.known_start_years()]


@leadership_required
def index(request):
    school = _school(request)
    choices = _new_year_choices(school)
    form = NewYearForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            year = school_year_create_from_region(
                school=school,
                start_year=form.cleaned_data["start_year"],
                second_may_week=form.cleaned_data["second_may_week"],
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(
                request,
                _("Schooljaar %(year)s is aangemaakt met de vakanties van regio %(region)s.")
                % {"year": year, "region": school.get_region_display().lower()},
            )
            return redirect("yearplan:setup_year", year_id=year.pk)
    context = {
        "school": school,
        "years": school.years.order_by("-first_day"),
        "form": form,
        "import_form": ImportForm(),
        "known": _known(),
    }
    return render(request, "yearplan/setup/index.html", context)


@leadership_required
def holidays_import(request):
    _school(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_UPLOAD:
                raise ValidationError(_("Het bestand is te groot (hoogstens 2 MB)."))
            result = holidays.import_open_data(upload.read())
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(
                request,
                _("Schoolvakanties ingelezen voor %(years)s: %(created)s nieuw, %(updated)s bijgewerkt.")
                % {"years": ", ".join(result.school_years), "created": result.created, "updated": result.updated},
            )
            return redirect("yearplan:setup")
    return render(request, "yearplan/setup/import.html", {"form": form, "known": _known()})


# -- one year -------------------------------------------------------------------------------------


def _year_context(school_year, **extra):
    timeline = advice_timeline(school_year)
    context = {
        "year": school_year,
        "periods": list(school_year.periods.all()),
        "period_form": PeriodForm(),
        "timeline_form": TimelineForm(initial=timeline),
        "previous": previous_year(school_year),
        "conflicts": year_conflicts(school_year),
        "kinds": PeriodKind,
        "may_edit": True,
    }
    context.update(extra)
    return context


ACTIONS = {}


def action(name):
    def register(function):
        ACTIONS[name] = function
        return function

    return register


@action("add")
def _add(request, school_year):
    form = PeriodForm(request.POST)
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    data = form.cleaned_data
    periods.period_add(
        school_year=school_year,
        kind=data["kind"],
        name=data["name"],
        start_date=data["start_date"],
        end_date=data["end_date"] or data["start_date"],
        fixed=data["fixed"],
    )
    return _("%(name)s is toegevoegd.") % {"name": data["name"]}


@action("move")
def _move(request, school_year):
    period = periods.period_for_year(school_year, request.POST.get("period_id"))
    form = MoveForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Vul een geldige begin- en einddatum in."))
    periods.period_move(period=period, **form.cleaned_data)
    return _("%(name)s is verschoven en vastgezet.") % {"name": period.name}


@action("day_off")
def _day_off(request, school_year):
    period = periods.period_for_year(school_year, request.POST.get("period_id"))
    periods.public_holiday_choose(period=period, day_off=request.POST.get("day_off") == "1")
    return _("%(name)s: keuze opgeslagen.") % {"name": period.name}


@action("fix")
def _fix(request, school_year):
    period = periods.period_for_year(school_year, request.POST.get("period_id"))
    periods.period_fix(period=period, fixed=request.POST.get("fixed") == "1")
    return (
        _("%(name)s is vastgezet.") % {"name": period.name}
        if period.fixed
        else _("%(name)s is losgezet.") % {"name": period.name}
    )


@action("delete")
def _delete(request, school_year):
    period = periods.period_for_year(school_year, request.POST.get("period_id"))
    periods.period_delete(period=period)
    return _("%(name)s is verwijderd.") % {"name": period.name}


@action("timeline")
def _timeline(request, school_year):
    form = TimelineForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Vul bij elke adviesdatum een geldige datum in."))
    periods.advice_timeline_save(school_year=school_year, **form.cleaned_data)
    return _("De adviesdatums zijn opgeslagen.")


@action("rollover")
def _rollover(request, school_year):
    source = previous_year(school_year)
    if source is None:
        raise ValidationError(_("Er is geen vorig schooljaar om over te nemen."))
    report = year_rollover(source=source, target=school_year)
    for name, day, reason in report.unplaced:
        messages.warning(
            request,
            _("Niet overgenomen: %(name)s (%(day)s): %(reason)s.")
            % {"name": name, "day": day.strftime("%d-%m-%Y"), "reason": reason},
        )
    for note in report.notes:
        messages.info(request, note)
    return _("%(n)s onderdelen van %(year)s zijn overgenomen.") % {"n": len(report.moved), "year": source}


@leadership_required
def year_setup(request, year_id):
    school_year = _own_year(request, year_id)
    if request.method == "POST":
        handler = ACTIONS.get(request.POST.get("action", ""))
        if handler is None:
            messages.error(request, _("Onbekende actie."))
        else:
            try:
                with transaction.atomic():
                    messages.success(request, handler(request, school_year))
            except ValidationError as error:
                _errors(request, error)
        return redirect("yearplan:setup_year", year_id=school_year.pk)
    return render(request, "yearplan/setup/year.html", _year_context(school_year))


@leadership_required
def year_plan(request, year_id):
    """POST: plan the year and show the report on the year's page; GET: the page without a report."""
    school_year = _own_year(request, year_id)
    report = plan_year(school_year=school_year) if request.method == "POST" else None
    return render(request, "yearplan/setup/year.html", _year_context(school_year, report=report))


@school_staff_required
def conflicts(request, year_id):
    """The year's conflicts: leadership plans with them, teachers may read them."""
    school_year = _own_year(request, year_id)
    return render(
        request, "yearplan/setup/conflicts.html", {"year": school_year, "conflicts": year_conflicts(school_year)}
    )
