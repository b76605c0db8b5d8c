"""The privacy pages: the public privacy and accessibility statements, a guardian's copy of their
data, and for leadership the erasure requests, the retention runs and the processing register."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from meetings.handouts.render import html_to_pdf
from ouderbetrokkenheid.accounts.access import actor_for, guardian_required, public, roles_required
from ouderbetrokkenheid.accounts.selectors import guardian_for, pupil_for
from ouderbetrokkenheid.school.datakinds import kinds
from reach.csv_export import response as csv_response

from . import accessibility, export, register, selectors, services
from .forms import ErasureForm, SearchForm

leadership_required = roles_required("leadership")


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


@public
@require_GET
def privacy_statement(request):
    retention = [kind for kind in kinds() if kind.subject in ("guardian", "pupil")]
    return render(request, "privacy/statement.html", {"kinds": retention, "providers": register.providers()})


@public
@require_GET
def accessibility_statement(request):
    return render(request, "privacy/accessibility.html", {"data": accessibility.load()})


@guardian_required
@require_GET
def my_data(request):
    guardian = actor_for(request).guardian
    return _private(render(request, "privacy/my_data.html", {"guardian": guardian}))


def _filename(extension):
    return f"mijn-gegevens-{timezone.localdate():%Y-%m-%d}.{extension}"


@guardian_required
@require_GET
def my_data_json(request):
    guardian = actor_for(request).guardian
    data = export.as_json(export.guardian_export(guardian))
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{_filename("json")}"'
    return _private(response)


@guardian_required
@require_GET
def my_data_pdf(request):
    guardian = actor_for(request).guardian
    data = export.guardian_export(guardian)
    html = render_to_string(
        "privacy/my_data_pdf.html", {"export": data, "made_on": export.made_on(data)}, request=request
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename("pdf")}"'
    return _private(response)


@leadership_required
@require_GET
def overview(request):
    staff = actor_for(request).staff
    form = SearchForm(request.GET or None)
    guardians, pupils = selectors.search(request.user, form.cleaned_data["q"]) if form.is_valid() else ([], [])
    context = {
        "form": form,
        "guardians": guardians,
        "pupils": pupils,
        "requests": selectors.erasure_requests(staff.school_id),
        "runs": selectors.retention_runs(),
    }
    return _private(render(request, "privacy/overview.html", context))


def _erase(request, person, *, is_pupil):
    plan = services.erasure_plan(person)
    allowed = not is_pupil or services.pupil_may_be_erased(person)
    form = ErasureForm(request.POST or None, initial={"requested_on": timezone.localdate()})
    if request.method == "POST" and allowed and form.is_valid():
        try:
            services.erasure_apply(
                person=person,
                requested_by=form.cleaned_data["requested_by"],
                requested_on=form.cleaned_data["requested_on"],
                handled_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Het verzoek is uitgevoerd en vastgelegd."))
            return redirect("privacy:overview")
    context = {"person": person, "plan": plan, "form": form, "allowed": allowed, "is_pupil": is_pupil}
    return _private(render(request, "privacy/erase.html", context))


@leadership_required
def erase_guardian(request, guardian_id):
    return _erase(request, guardian_for(request.user, guardian_id), is_pupil=False)


@leadership_required
def erase_pupil(request, pupil_id):
    return _erase(request, pupil_for(request.user, pupil_id), is_pupil=True)


@leadership_required
@require_GET
def register_csv(request):
    return _private(csv_response(register.csv_rows(), f"verwerkingsregister-{timezone.localdate():%Y-%m-%d}.csv"))


@leadership_required
@require_GET
def register_pdf(request):
    with translation.override("nl"):
        html = render_to_string(
            "privacy/register_pdf.html",
            {"rows": register.register_rows(), "security": register.SECURITY, "school": actor_for(request).staff.school,
             "today": timezone.localdate()},
        )  # fmt: skip
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="verwerkingsregister-{timezone.localdate():%Y-%m-%d}.pdf"'
    return _private(response)
