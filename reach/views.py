"""Reach pages (staff, Dutch): the dashboard with CSV export and follow-up (leadership and IB of
the school), the interpreters list (leadership and IB), booking interpreters for a session or a
conversation (the staff who see it), and buddy pairs (leadership and IB).
Views parse, authorise (the lookup is the check), call a service and render."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ouderbetrokkenheid.accounts.access import actor_for, roles_required
from ouderbetrokkenheid.school.clock import at_local
from threads.selectors import school_counts

from . import buddies, csv_export, interpreters, selectors
from .forms import (
    BuddyPairForm,
    ConsentForm,
    EndPairForm,
    FollowUpForm,
    InterpreterForm,
    NotReachedFilterForm,
)
from .services import reach_followup_record

leadership_or_ib = roles_required("leadership", "ib")


def _staff(request):
    return actor_for(request).staff


def _errors(error):
    return error.messages if hasattr(error, "messages") else [str(error)]


# -- the dashboard --------------------------------------------------------------------------------


FILTERS = ("groep", "behoefte", "opvolging")


def _filter_query(query) -> str:
    """The not-reached list's filters of a query string, encoded again (nothing else passes)."""
    kept = QueryDict(mutable=True)
    for name in FILTERS:
        if query.get(name):
            kept[name] = query[name]
    return kept.urlencode()


@leadership_or_ib
def dashboard(request, year_id=None):
    """The figures in full; the not-reached list filtered and paged (the filters stay in the page links)."""
    year = selectors.year_for(_staff(request), year_id)
    data = selectors.dashboard(year=year)
    filter_form = NotReachedFilterForm(request.GET, groups=selectors.group_choices(data), needs=selectors.NEEDS)
    shown = selectors.not_reached_filtered(data, **filter_form.filters())
    page = Paginator(shown, selectors.NOT_REACHED_PER_PAGE).get_page(request.GET.get("pagina"))
    context = {"data": data, "year": year, "definitions": selectors.DEFINITIONS,
               "measures": selectors.MEASURE_LABELS, "followup_form": FollowUpForm(),
               "months": selectors.month_labels(data.weeks), "filter_form": filter_form, "page": page,
               "filter_query": _filter_query(request.GET), "filtered": len(shown),
               "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
               "years": year.school.years.order_by("-first_day")}  # fmt: skip
    context["contact"] = school_counts(school=year.school, since=at_local(year.first_day, datetime.time(0)))
    return render(request, "reach/dashboard.html", context)


@leadership_or_ib
def dashboard_csv(request, year_id):
    year = selectors.year_for(_staff(request), year_id)
    data = selectors.dashboard(year=year)
    return csv_export.response(csv_export.figures_rows(data), f"bereik-{year}.csv")


@leadership_or_ib
def not_reached_csv(request, year_id):
    year = selectors.year_for(_staff(request), year_id)
    data = selectors.dashboard(year=year)
    return csv_export.response(csv_export.not_reached_rows(data), f"niet-bereikt-{year}.csv")


@leadership_or_ib
@require_POST
def followup_add(request, year_id, guardian_id):
    year = selectors.year_for(_staff(request), year_id)
    guardian = selectors.followup_guardian(year, guardian_id)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        reach_followup_record(year=year, guardian=guardian, by=_staff(request), **form.cleaned_data)
        messages.success(request, _("De opvolging van %(name)s is opgeslagen.") % {"name": guardian.full_name})
    else:
        messages.error(request, _("Kies een uitkomst."))
    back = "&".join(q for q in (_filter_query(request.POST), _page_query(request.POST)) if q)
    url = reverse("reach:dashboard_year", kwargs={"year_id": year.pk})
    return redirect(f"{url}?{back}#niet-bereikt" if back else f"{url}#niet-bereikt")


def _page_query(query) -> str:
    page = query.get("pagina", "")
    return f"pagina={page}" if page.isdigit() else ""


# -- interpreters ---------------------------------------------------------------------------------


def _save_interpreter(request, form, interpreter=None):
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        saved = interpreters.interpreter_save(
            school=_staff(request).school, interpreter=interpreter, kind=data["kind"], name=data["name"],
            staff=data["staff"], languages=form.all_languages(), phone=data["phone"], email=data["email"],
            active=data["active"],
        )  # fmt: skip
    except ValidationError as error:
        for name, problems in getattr(error, "message_dict", {None: _errors(error)}).items():
            for problem in problems:
                form.add_error(name if name in form.fields else None, problem)
        return None
    messages.success(request, _("%(name)s staat op de tolkenlijst.") % {"name": saved.name})
    return redirect("reach:interpreters")


@leadership_or_ib
def interpreter_list(request):
    school = _staff(request).school
    form = InterpreterForm(request.POST or None, school=school, initial={"active": True})
    done = request.method == "POST" and _save_interpreter(request, form)
    context = {"interpreters": interpreters.interpreters_of(school), "form": form}
    return done or render(request, "reach/interpreters.html", context)


@leadership_or_ib
def interpreter_edit(request, interpreter_id):
    school = _staff(request).school
    interpreter = interpreters.interpreter_for_school(school, interpreter_id)
    known = [c for c, _label in InterpreterForm.base_fields["languages"].choices]
    initial = {"kind": interpreter.kind, "staff": interpreter.staff, "name": interpreter.name,
               "languages": [c for c in interpreter.languages if c in known],
               "other_languages": ", ".join(c for c in interpreter.languages if c not in known),
               "phone": interpreter.phone, "email": interpreter.email, "active": interpreter.active}  # fmt: skip
    form = InterpreterForm(request.POST or None, school=school, initial=initial)
    done = request.method == "POST" and _save_interpreter(request, form, interpreter)
    return done or render(request, "reach/interpreter_form.html", {"interpreter": interpreter, "form": form})


@leadership_or_ib
@require_POST
def interpreter_deactivate(request, interpreter_id):
    interpreter = interpreters.interpreter_for_school(_staff(request).school, interpreter_id)
    interpreters.interpreter_deactivate(interpreter=interpreter)
    messages.success(request, _("%(name)s is niet meer actief.") % {"name": interpreter.name})
    return redirect("reach:interpreters")


# -- buddies --------------------------------------------------------------------------------------


@leadership_or_ib
def buddy_list(request):
    staff = _staff(request)
    form = BuddyPairForm(request.POST or None, school=staff.school)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pair = buddies.buddy_pair_create(
                guardian=data["guardian"], buddy=data["buddy"], by=staff, note=data["note"],
                guardian_consent=data["guardian_consent"], buddy_consent=data["buddy_consent"],
            )  # fmt: skip
        except ValidationError as error:
            for problem in _errors(error):
                form.add_error(None, problem)
        else:
            messages.success(request, _("Het koppel is opgeslagen."))
            return redirect("reach:buddy", pair_id=pair.pk)
    pairs = buddies.pairs_of(staff.school).order_by("ended_at", "-created_at")
    return render(request, "reach/buddies.html", {"pairs": pairs, "form": form})


@leadership_or_ib
def buddy_detail(request, pair_id):
    staff = _staff(request)
    pair = buddies.pair_for(staff, pair_id)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "end":
                form = EndPairForm(request.POST)
                if form.is_valid():
                    buddies.buddy_pair_end(pair=pair, by=staff, reason=form.cleaned_data["reason"])
                    messages.success(request, _("Het koppel is beëindigd."))
            else:
                form = ConsentForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("Kies hoe de toestemming is gegeven: mondeling of schriftelijk."))
                buddies.buddy_consent_record(pair=pair, by=staff, **form.cleaned_data)
                messages.success(request, _("De toestemming is vastgelegd."))
        except ValidationError as error:
            for problem in _errors(error):
                messages.error(request, problem)
        return redirect("reach:buddy", pair_id=pair.pk)
    context = {"pair": pair, "consent_form": ConsentForm(), "end_form": EndPairForm(),
               "reminders": pair.reminders.select_related("session__item").order_by("scheduled_at")}  # fmt: skip
    return render(request, "reach/buddy_detail.html", context)
