"""The import in the browser, for leadership and school admins: upload → dry-run preview → apply.

The uploaded bytes wait in the session (base64, at most 5 MB a file) between preview and
apply. Apply re-runs the import in one transaction and keeps it only when the outcome
equals the preview; otherwise it rolls back and shows the new preview.
"""

import base64

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ouderbetrokkenheid.accounts.access import actor_for, roles_required
from ouderbetrokkenheid.school.importing import ImportFailed, apply_previewed, import_export

SESSION_KEY = "school_import"
MAX_BYTES = 5 * 1024 * 1024


class UploadForm(forms.Form):
    pupils = forms.FileField(label=gettext_lazy("Leerlingen met verzorgers (CSV)"), required=False)
    staff = forms.FileField(label=gettext_lazy("Medewerkers (CSV)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("check", _("Controleren")))

    def clean(self):
        data = super().clean()
        if not (data.get("pupils") or data.get("staff")):
            raise forms.ValidationError(_("Kies een leerlingenbestand, een medewerkersbestand of allebei."))
        for name in ("pupils", "staff"):
            if data.get(name) and data[name].size > MAX_BYTES:
                self.add_error(name, _("Dit bestand is groter dan 5 MB."))
        return data

    def files_as_bytes(self):
        return {
            name: self.cleaned_data[name].read() if self.cleaned_data.get(name) else None
            for name in ("pupils", "staff")
        }


class ApplyForm(forms.Form):
    fingerprint = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = reverse("staffpages:import_apply")
        self.helper.add_input(Submit("apply", _("Doorvoeren")))


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
    form = ApplyForm(initial={"fingerprint": report.fingerprint()})
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
    try:
        applied, report = apply_previewed(
            school=_school(request), fingerprint=form.cleaned_data["fingerprint"], **files
        )
    except ImportFailed as error:
        messages.error(request, str(error))
        return redirect("staffpages:import")
    if not applied:
        messages.warning(request, _("De gegevens zijn intussen veranderd. Controleer de nieuwe voorvertoning."))
        return _preview(request, report)
    del request.session[SESSION_KEY]
    return render(request, "staffpages/import_result.html", {"report": report})


urlpatterns = [
    path("import/", import_upload, name="import"),
    path("import/apply/", import_apply, name="import_apply"),
]
