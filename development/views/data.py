"""Staff pages for the development data: results with corrections and history, the import, the
school's level tables, route table and settings, exit perspective and goals, advice, and the
access log. Thin: parse, fetch through development.access (404 for "not yours"), call a service,
render. Every read of a pupil's data and every change is logged.
"""

import base64

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from conversations.models import AdviceTrack
from ouderbetrokkenheid.accounts.access import actor_for, roles_required
from ouderbetrokkenheid.school.models import SchoolYear

from .. import access, rules, services
from ..data_forms import (
    AdviceForm,
    CorrectionForm,
    FileForm,
    GoalForm,
    LevelTableForm,
    LogFilterForm,
    PerspectiveForm,
    ResultForm,
    ReviewForm,
    RouteTableForm,
    SettingsForm,
)
from ..importing import ImportFailed, apply_previewed, import_test_results
from ..models import AccessAction, AccessLogEntry, Advice, ExitPerspective, LevelTable, ShortTermGoal, TestResult

pupil_staff = roles_required("teacher", "ib", "leadership")
school_managers = roles_required("ib", "leadership")
leadership_only = roles_required("leadership")
SESSION_KEY = "development_import"
LOG_PAGE_SIZE = 50


def _staff(request):
    return actor_for(request).staff


def _pupil(request, pupil_id):
    return access.pupil_for_staff(actor_for(request), pupil_id)


def _apply_errors(form, error):
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# -- hub -------------------------------------------------------------------------------------------


@school_managers
def hub(request):
    school = _staff(request).school
    name, _bounds, is_default = services.routes_for(school)
    context = {"route_name": name, "route_default": is_default, "may_read_log": access.may_read_log(actor_for(request))}
    context["tables"] = LevelTable.objects.filter(school=school).count()
    return render(request, "development/data/hub.html", context)


# -- results ---------------------------------------------------------------------------------------


@pupil_staff
def results(request, pupil_id):
    pupil, staff = _pupil(request, pupil_id), _staff(request)
    form = ResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.result_record(by=staff, pupil=pupil, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Het toetsresultaat is opgeslagen.")
            return redirect("development:data_results", pupil_id=pupil.pk)
    rows = []
    for result in TestResult.objects.filter(pupil=pupil).select_related("changed_by").order_by("domain", "taken_on"):
        level, source = rules.effective_level(result.level_reported, result.level_derived, result.dle_reported)
        rows.append({"result": result, "level": level, "source": source})
    access.log_access(actor=staff, pupil=pupil, action=AccessAction.VIEW, what="toetsresultaten")
    return render(request, "development/data/results.html", {"pupil": pupil, "rows": rows, "form": form})


@pupil_staff
def result_detail(request, pupil_id, result_id):
    pupil, staff = _pupil(request, pupil_id), _staff(request)
    try:
        result = TestResult.objects.get(pk=result_id, pupil=pupil)
    except (TestResult.DoesNotExist, ValueError):
        raise Http404 from None
    initial = {name: getattr(result, name) for name in services.RESULT_FIELDS}
    form = CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in services.RESULT_FIELDS}
        try:
            services.result_correct(by=staff, result_id=result.pk, reason=form.cleaned_data["reason"], **changes)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "De correctie is opgeslagen; de oude waarden staan in de geschiedenis.")
            return redirect("development:data_result", pupil_id=pupil.pk, result_id=result.pk)
    versions = result.versions.select_related("changed_by")
    access.log_access(actor=staff, pupil=pupil, action=AccessAction.VIEW, what=f"toetsresultaat {result.pk}")
    context = {"pupil": pupil, "result": result, "form": form, "versions": versions}
    return render(request, "development/data/result.html", context)


# -- import ----------------------------------------------------------------------------------------


def _kept_file(request):
    kept = request.session.get(SESSION_KEY)
    if not kept or kept.get("school") != _staff(request).school_id:
        return None
    return base64.b64decode(kept["data"])


@school_managers
def import_upload(request):
    staff = _staff(request)
    form = FileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"]
        try:
            report = import_test_results(school=staff.school, data=data, dry_run=True, by=staff)
        except ImportFailed as error:
            form.add_error("file", str(error))
        else:
            request.session[SESSION_KEY] = {"school": staff.school_id, "data": base64.b64encode(data).decode()}
            return render(request, "development/data/import_preview.html", {"report": report})
    return render(request, "development/data/import_upload.html", {"form": form})


@school_managers
@require_POST
def import_apply(request):
    staff, data = _staff(request), _kept_file(request)
    fingerprint = request.POST.get("fingerprint", "")
    if data is None or not fingerprint:
        messages.error(request, "Er staat geen gecontroleerde import klaar. Kies het bestand opnieuw.")
        return redirect("development:data_import")
    try:
        applied, report = apply_previewed(school=staff.school, data=data, fingerprint=fingerprint, by=staff)
    except ImportFailed as error:
        messages.error(request, str(error))
        return redirect("development:data_import")
    if not applied:
        messages.warning(request, "De gegevens zijn intussen veranderd. Controleer de nieuwe voorvertoning.")
        return render(request, "development/data/import_preview.html", {"report": report})
    del request.session[SESSION_KEY]
    return render(request, "development/data/import_result.html", {"report": report})


# -- level tables, routes, settings ----------------------------------------------------------------


@school_managers
def level_tables(request):
    staff = _staff(request)
    form = LevelTableForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and "remove" in request.POST:
        table = LevelTable.objects.filter(school=staff.school, pk=request.POST.get("remove") or 0).first()
        if table is None:
            raise Http404
        cleared = services.level_table_remove(by=staff, table=table)
        messages.success(request, f"De tabel is verwijderd; bij {cleared} resultaten is het afgeleide niveau gewist.")
        return redirect("development:data_tables")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _table, changed = services.level_table_upload(
                by=staff, school=staff.school, test_name=data["test_name"], domain=data["domain"], data=data["file"]
            )
        except ImportFailed as error:
            form.add_error("file", str(error))
        else:
            messages.success(
                request, f"De tabel is opgeslagen; bij {changed} resultaten veranderde het afgeleide niveau."
            )
            return redirect("development:data_tables")
    tables = LevelTable.objects.filter(school=staff.school).prefetch_related("rows").select_related("uploaded_by")
    return render(request, "development/data/tables.html", {"form": form, "tables": tables})


@school_managers
def route_table(request):
    staff = _staff(request)
    name, bounds, is_default = services.routes_for(staff.school)
    if request.method == "POST" and "reset" in request.POST:
        services.route_table_reset(by=staff, school=staff.school)
        messages.success(request, "De standaardtabel van de app wordt weer gebruikt.")
        return redirect("development:data_routes")
    form = RouteTableForm(request.POST or None, initial={"name": "" if is_default else name, **bounds})
    if request.method == "POST" and form.is_valid():
        try:
            services.route_table_save(
                by=staff, school=staff.school, name=form.cleaned_data["name"], boundaries=form.boundaries()
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "De routetabel is opgeslagen.")
            return redirect("development:data_routes")
    bands = [(AdviceTrack(track).label, low, high) for track, low, high in rules.route_bands(bounds)]
    context = {"form": form, "name": name, "is_default": is_default, "bands": bands}
    context["default_name"] = rules.DEFAULT_ROUTES_NAME
    return render(request, "development/data/routes.html", context)


@school_managers
def settings_page(request):
    staff = _staff(request)
    year = SchoolYear.objects.running_or_next(staff.school_id, timezone.localdate())
    if year is None:
        return render(request, "development/data/settings.html", {"year": None})
    current = services.settings_for(year)
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        current.refresh_from_db()  # the form changed the instance in memory; the service saves
        try:
            services.settings_save(by=staff, school_year=year, **values)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "De instellingen zijn opgeslagen.")
            return redirect("development:data_settings")
    return render(request, "development/data/settings.html", {"year": year, "form": form})


# -- exit perspective and goals --------------------------------------------------------------------


@pupil_staff
def perspective(request, pupil_id):
    pupil, staff = _pupil(request, pupil_id), _staff(request)
    action = request.POST.get("action") if request.method == "POST" else None
    perspective_form = PerspectiveForm(request.POST if action == "perspective" else None)
    goal_form = GoalForm(request.POST if action == "goal" else None)
    review_form = ReviewForm(request.POST if action == "review" else None)
    done = _perspective_post(action, pupil, staff, perspective_form, goal_form, review_form)
    if done:
        messages.success(request, done)
        return redirect("development:data_perspective", pupil_id=pupil.pk)
    context = {
        "pupil": pupil,
        "perspectives": ExitPerspective.objects.filter(pupil=pupil).select_related("recorded_by"),
        "goals": ShortTermGoal.objects.filter(pupil=pupil).select_related("recorded_by"),
        "perspective_form": perspective_form,
        "goal_form": goal_form,
        "review_form": review_form,
        "year_level": services.current_year_level(pupil),
    }
    access.log_access(actor=staff, pupil=pupil, action=AccessAction.VIEW, what="uitstroomperspectief en doelen")
    return render(request, "development/data/perspective.html", context)


def _perspective_post(action, pupil, staff, perspective_form, goal_form, review_form):
    """Run the posted form's service; the Dutch success message, or None (errors are on the form)."""
    form = {"perspective": perspective_form, "goal": goal_form, "review": review_form}.get(action)
    if form is None or not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        if action == "perspective":
            services.exit_perspective_record(by=staff, pupil=pupil, **data)
            return "Het uitstroomperspectief is vastgelegd."
        if action == "goal":
            services.short_term_goal_record(by=staff, pupil=pupil, **data)
            return "Het kortetermijndoel is vastgelegd."
        if not ShortTermGoal.objects.filter(pk=data["goal"], pupil=pupil).exists():
            raise Http404
        services.short_term_goal_review(by=staff, goal_id=data["goal"], outcome=data["outcome"], note=data["note"])
        return "De evaluatie is opgeslagen."
    except ValidationError as error:
        _apply_errors(form, error)
        return None


# -- advice ----------------------------------------------------------------------------------------


@pupil_staff
def advice(request, pupil_id):
    pupil, staff = _pupil(request, pupil_id), _staff(request)
    colleagues = staff.school.staff.exclude(pk=staff.pk).filter(
        Q(is_teacher=True) | Q(is_ib=True) | Q(is_leadership=True)
    )
    form = AdviceForm(request.POST or None, colleagues=colleagues)
    if request.method == "POST" and form.is_valid():
        try:
            services.advice_give(by=staff, pupil=pupil, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Het advies is vastgelegd.")
            return redirect("development:data_advice", pupil_id=pupil.pk)
    advices = Advice.objects.filter(pupil=pupil).select_related("given_by", "second_colleague", "school_year")
    year = SchoolYear.objects.running_or_next(pupil.school_id, timezone.localdate())
    timeline = services.settings_for(year) if year else None
    access.log_access(actor=staff, pupil=pupil, action=AccessAction.VIEW, what="schooladvies")
    context = {"pupil": pupil, "advices": advices, "form": form, "timeline": timeline}
    return render(request, "development/data/advice.html", context)


@school_managers
def advice_register(request):
    staff = _staff(request)
    advices = (
        Advice.objects.filter(pupil__school=staff.school)
        .select_related("pupil", "given_by", "second_colleague", "school_year")
        .order_by("-given_on", "-pk")
    )
    page = Paginator(advices, LOG_PAGE_SIZE).get_page(request.GET.get("pagina"))
    access.log_access(actor=staff, pupil=None, school=staff.school, action=AccessAction.VIEW, what="adviesregister")
    return render(request, "development/data/advices.html", {"page": page})


# -- access log ------------------------------------------------------------------------------------


@leadership_only
def access_log(request):
    school = _staff(request).school
    form = LogFilterForm(request.GET or None, school=school)
    entries = AccessLogEntry.objects.filter(school=school).select_related("pupil", "staff", "guardian")
    if form.is_valid():
        if form.cleaned_data["pupil"]:
            entries = entries.filter(pupil=form.cleaned_data["pupil"])
        if form.cleaned_data["staff"]:
            entries = entries.filter(staff=form.cleaned_data["staff"])
    page = Paginator(entries, LOG_PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "development/data/log.html", context)


urlpatterns = [
    path("gegevens/", hub, name="data_hub"),
    path("gegevens/leerling/<int:pupil_id>/toetsen/", results, name="data_results"),
    path("gegevens/leerling/<int:pupil_id>/toetsen/<int:result_id>/", result_detail, name="data_result"),
    path("gegevens/leerling/<int:pupil_id>/perspectief/", perspective, name="data_perspective"),
    path("gegevens/leerling/<int:pupil_id>/advies/", advice, name="data_advice"),
    path("gegevens/import/", import_upload, name="data_import"),
    path("gegevens/import/doorvoeren/", import_apply, name="data_import_apply"),
    path("gegevens/omrekentabellen/", level_tables, name="data_tables"),
    path("gegevens/routetabel/", route_table, name="data_routes"),
    path("gegevens/instellingen/", settings_page, name="data_settings"),
    path("gegevens/adviezen/", advice_register, name="data_advices"),
    path("gegevens/inzage-log/", access_log, name="data_log"),
]


def data_links(pupil):
    """Links to a pupil's data pages (for the view helper's pupil page)."""
    return {
        "results": reverse("development:data_results", kwargs={"pupil_id": pupil.pk}),
        "perspective": reverse("development:data_perspective", kwargs={"pupil_id": pupil.pk}),
        "advice": reverse("development:data_advice", kwargs={"pupil_id": pupil.pk}),
    }
