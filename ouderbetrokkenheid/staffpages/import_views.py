"""The import in the browser, for leadership and school admins: upload → dry-run preview → apply,
and the import history, from which leadership undoes the school's last import.

The uploaded bytes wait in the session (base64, at most 5 MB a file) between preview and
apply. Apply re-runs the import in one transaction and keeps it only when the outcome
equals the preview; otherwise it rolls back and shows the new preview. When the import
would end many enrollments, the preview asks to confirm that number with a checkbox.
"""

import base64

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ouderbetrokkenheid.accounts.access import actor_for, roles_required
from ouderbetrokkenheid.school.importing import ImportFailed, LeaversNotConfirmed, apply_previewed, import_export
from ouderbetrokkenheid.school.importing.history import last_import, undo_import
from ouderbetrokkenheid.school.models import ImportRun
from ouderbetrokkenheid.staffpages.forms import ApplyForm, UndoForm, UploadForm

SESSION_KEY = "school_import"


def _school(request):
    return actor_for(request).staff.school


def _keep(request, files):
    request.session[SESSION_KEY] = {
        "school": _school(request).pk,
        **{name: base64.b64encode(data).decode() if data is not None else None for name, data in files.items()},
    }


def _kept(request):
    kept = request.session.get(SESSION_KEY)
    if not kept or kept.get("school") != _school(request).pk:
        return None
    return {name: base64.b64decode(kept[name]) if kept.get(name) else None for name in ("pupils", "staff")}


def _preview(request, report):
    form = ApplyForm(initial={"fingerprint": report.fingerprint(), "leavers": report.leavers_to_confirm or None})
    return render(request, "staffpages/import_preview.html", {"report": report, "form": form})


@roles_required("leadership", "admin")
def import_upload(request):
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if form.is_bound and form.is_valid():
        files = form.files_as_bytes()
        try:
            report = import_export(school=_school(request), dry_run=True, **files)
        except ImportFailed as error:
            form.add_error(None, str(error))
        else:
            _keep(request, files)
            return _preview(request, report)
    return render(request, "staffpages/import_upload.html", {"form": form})


@roles_required("leadership", "admin")
@require_POST
def import_apply(request):
    files, form = _kept(request), ApplyForm(request.POST)
    if files is None or not form.is_valid():
        messages.error(request, _("Er staat geen gecontroleerde import klaar. Kies de bestanden opnieuw."))
        return redirect("staffpages:import")
    school = _school(request)
    try:
        applied, report = apply_previewed(
            school=school,
            fingerprint=form.cleaned_data["fingerprint"],
            confirm_leavers=form.confirmed_leavers(),
            user=request.user,
            **files,
        )
    except LeaversNotConfirmed:
        return _not_confirmed(request, school, files, form.cleaned_data["fingerprint"])
    except ImportFailed as error:
        messages.error(request, str(error))
        return redirect("staffpages:import")
    if not applied:
        messages.warning(request, _("De gegevens zijn intussen veranderd. Controleer de nieuwe voorvertoning."))
        return _preview(request, report)
    del request.session[SESSION_KEY]
    return render(request, "staffpages/import_result.html", {"report": report})


def _not_confirmed(request, school, files, fingerprint):
    report = import_export(school=school, dry_run=True, **files)
    if report.fingerprint() != fingerprint:
        messages.warning(request, _("De gegevens zijn intussen veranderd. Controleer de nieuwe voorvertoning."))
    else:
        messages.error(request, _("Er is niets opgeslagen: bevestig eerst hoeveel leerlingen worden uitgeschreven."))
    return _preview(request, report)


@roles_required("leadership", "admin")
def import_history(request):
    school = _school(request)
    runs = ImportRun.objects.filter(school=school).select_related("started_by", "undone_by").defer("changes")[:20]
    last = last_import(school)
    undoable = last if last and last.undone_at is None and actor_for(request).staff.is_leadership else None
    form = UndoForm(initial={"run": undoable.pk}) if undoable else None
    return render(request, "staffpages/import_history.html", {"runs": runs, "undoable": undoable, "form": form})


@roles_required("leadership")
@require_POST
def import_undo(request):
    form = UndoForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vink aan dat u deze import wilt terugdraaien."))
        return redirect("staffpages:import_history")
    run = ImportRun.objects.filter(school=_school(request), pk=form.cleaned_data["run"]).first()
    if run is None:
        messages.error(request, _("Deze import bestaat niet (meer)."))
        return redirect("staffpages:import_history")
    try:
        undo_import(run=run, user=request.user)
    except ImportFailed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("De import is teruggedraaid: de gegevens zijn weer zoals vóór de import."))
    return redirect("staffpages:import_history")
