"""The researchers' export of an evaluation: one leadership member asks, another (or the board)
approves, and every download of the pseudonymised CSV is logged."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ouderbetrokkenheid.accounts.access import actor_for

from .. import selectors, services
from ..forms import ExportRequestForm
from .school import _private, evaluators, leadership_only


@require_POST
@leadership_only
def export_request(request, evaluation_id):
    actor = actor_for(request)
    evaluation = selectors.evaluation_for(actor, evaluation_id)
    form = ExportRequestForm(request.POST)
    if form.is_valid():
        try:
            services.request_export(evaluation, by_staff=actor.staff, purpose=form.cleaned_data["purpose"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Het verzoek is ingediend. Een ander lid van de directie of het bestuur keurt het goed.")
            )
    else:
        messages.error(request, _("Vul het doel van de export in."))
    return redirect("evaluation:detail", evaluation_id)


@require_POST
@evaluators
def export_approve(request, evaluation_id, export_id):
    actor = actor_for(request)
    evaluation = selectors.evaluation_for(actor, evaluation_id)
    export = selectors.export_request_for(actor, evaluation, export_id)
    try:
        services.approve_export(export, by_user=request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("De export is goedgekeurd."))
    return redirect("evaluation:detail", evaluation_id)


@evaluators
def export_download(request, evaluation_id, export_id):
    actor = actor_for(request)
    evaluation = selectors.evaluation_for(actor, evaluation_id)
    export = selectors.export_request_for(actor, evaluation, export_id)
    if not export.is_approved:
        raise PermissionDenied
    body = services.export_csv(export, by_user=request.user)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="evaluatie-{evaluation.pk}-pseudoniem.csv"'
    return _private(response)
