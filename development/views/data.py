"""Staff pages for the development data: results with corrections and history, the import, the
school's level tables, route table and settings, exit perspective and goals, advice, and the
access log. Thin: parse, fetch through development.access (404 for "not yours"), call a service,
render. Every read of a pupil's data and every change is logged.
"""

import base64

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from conversations.models import AdviceTrack
from ouderbetrokkenheid.accounts.access import actor_for, roles_required
from ouderbetrokkenheid.school.models import SchoolYear

from .. import access, rules, services
from ..forms import (
    FileForm,
    LevelTableForm,
    LogFilterForm,
    RouteTableForm,
    SettingsForm,
)
from ..importing import ImportFailed, apply_previewed, import_test_results
from ..models import AccessAction, AccessLogEntry, Advice, LevelTable

pupil_staff = roles_required("teacher", "ib", "leadership")
school_managers = roles_required("ib", "leadership")
leadership_only = roles_required("leadership")
SESSION_KEY = "development_import"
LOG_PAGE_SIZE = 50


def _staff(request):
    return actor_for(request).staff


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


# -- advice ----------------------------------------------------------------------------------------


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
