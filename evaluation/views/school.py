"""A school's evaluations, for its leadership and for a board admin of its board: set up, freeze, the
plan and the result (page and one-page PDF), the researchers' export. Views parse, authorise (the
lookup is the check: another school's evaluation is a 404), call a service and render."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ouderbetrokkenheid.accounts.access import actor_for, roles_required
from ouderbetrokkenheid.school.interventions import Intervention

from .. import present, selectors, services
from ..forms import EvaluationForm, ExportRequestForm
from ..models import Arm, Design, Evaluation

evaluators = roles_required("leadership", "board_admin")
leadership_only = roles_required("leadership")


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


def _next_monday(today):
    return today + datetime.timedelta(days=7 - today.weekday())


@evaluators
def evaluation_list(request):
    actor = actor_for(request)
    evaluations = list(selectors.evaluations_visible_to(actor).order_by("-created_at", "-pk"))
    rows = [(e, present.intervention_label(e.intervention), present.outcome_label(e.outcome, e.domain))
            for e in evaluations]  # fmt: skip
    return _private(render(request, "evaluation/list.html", {"rows": rows, "board": actor.board_admin}))


def _power_table(school, start, min_effect=0.2):
    """For each design: the smallest detectable effect with this school's numbers on `start`."""
    rows = []
    for design in Design:
        draft = Evaluation(school=school, design=design, start=start, min_effect=min_effect)
        pw = services.power(draft)
        rows.append({"design": design.label, "power": pw, "sentence": present.power_sentence(pw.mde, min_effect),
                     "mde": present.nl(pw.mde)})  # fmt: skip
    return rows


def _form_kwargs(actor):
    return {"schools": selectors.evaluation_schools_visible_to(actor)} if actor.board_admin is not None else {}


@evaluators
def evaluation_new(request):
    actor = actor_for(request)
    today = timezone.localdate()
    start = _next_monday(today)
    initial = {"start": start, "outcome_start": start, "outcome_end": start + datetime.timedelta(weeks=10),
               "weeks_later": 12, "min_effect": "0.20", "design": Design.FAMILY}  # fmt: skip
    form = EvaluationForm(request.POST or None, initial=initial, **_form_kwargs(actor))
    if request.method == "POST" and form.is_valid():
        evaluation = form.save(commit=False)
        evaluation.school = form.cleaned_data["school"] if actor.board_admin is not None else actor.staff.school
        evaluation.created_by = request.user
        evaluation.save()
        messages.success(request, _("Het plan is opgeslagen. Controleer het en leg het vast vóór de start."))
        return redirect("evaluation:detail", evaluation.pk)
    school = actor.staff.school if actor.staff is not None else selectors.evaluation_schools_visible_to(actor).first()
    power_rows = _power_table(school, start) if school is not None else []
    return _private(render(request, "evaluation/form.html", {"form": form, "power_rows": power_rows,
                                                            "power_school": school, "power_day": start}))  # fmt: skip


@evaluators
def evaluation_edit(request, evaluation_id):
    actor = actor_for(request)
    evaluation = selectors.evaluation_for(actor, evaluation_id)
    if evaluation.is_frozen:  # nothing to edit: the page says why (a posted change is ignored)
        return _private(render(request, "evaluation/form.html", {"evaluation": evaluation, "frozen": True}))
    form = EvaluationForm(request.POST or None, instance=evaluation)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect("evaluation:detail", evaluation_id)
    power_rows = _power_table(evaluation.school, evaluation.start, evaluation.min_effect)
    return _private(render(request, "evaluation/form.html", {"form": form, "evaluation": evaluation,
                                                            "power_rows": power_rows, "power_school": evaluation.school,
                                                            "power_day": evaluation.start}))  # fmt: skip


def detail_context(evaluation, *, actor=None, today=None):
    """Everything the plan/result page and its PDF show."""
    today = today or timezone.localdate()
    context = {
        "evaluation": evaluation,
        "intervention": present.intervention_label(evaluation.intervention),
        "outcome": present.outcome_label(evaluation.outcome, evaluation.domain),
        "design": Design(evaluation.design).label,
        "evidence": present.evidence(evaluation.design),
        "weaker": evaluation.design == Design.LAST_YEAR,
        "analysis": services.ANALYSIS[evaluation.design],
        "min_effect": present.nl(float(evaluation.min_effect)),
    }
    if evaluation.is_frozen:
        plan_power = evaluation.plan.get("power") or {}
        mde = float(plan_power["mde"]) if plan_power.get("mde") else None
        counts = {}
        for arm in evaluation.assignments.values_list("arm", flat=True):
            counts[arm] = counts.get(arm, 0) + 1
        context |= {
            "canonical": services.canonical_json(evaluation.plan),
            "fingerprint_ok": services.fingerprint_holds(evaluation),
            "arm_counts": [(present.arm_label(arm), counts[arm]) for arm in Arm.values if arm in counts],
            "unit_count": len(evaluation.plan["units"]),
            "power": plan_power,
        }
    else:
        pw = services.power(evaluation)
        mde = pw.mde
        context["power"] = {"n_treated": pw.n_treated, "n_control": pw.n_control, "icc_assumed": pw.icc,
                            "cluster_size": pw.cluster_size}  # fmt: skip
    context["mde"] = present.nl(mde)
    context["power_sentence"] = present.power_sentence(mde, evaluation.min_effect)
    context["power_too_small"] = mde is None or mde > float(evaluation.min_effect)
    context["result_due"] = services.result_due(evaluation, today)
    context["may_withdraw"] = (
        evaluation.is_frozen and not evaluation.is_withdrawn and today < evaluation.start
        and actor is not None and actor.staff is not None and actor.staff.is_leadership
    )  # fmt: skip
    result = getattr(evaluation, "result", None) if evaluation.is_frozen else None
    if context["result_due"] and result is None:
        result = services.compute_result(evaluation, today=today)
    if result is not None:
        context |= _result_context(evaluation, result)
    return context


def _result_context(evaluation, result):
    effect = result.effect
    arms = [
        {"label": present.arm_label(arm), "n": s["n"], "mean": present.nl(s["mean"]), "sd": present.nl(s["sd"])}
        for arm, s in result.arms.items()
    ]
    context = {"result": result, "arms": arms, "effect": effect}
    if effect is not None:
        context |= {
            "d": present.nl(effect["d"]),
            "ci_low": present.nl(effect["ci_low"]),
            "ci_high": present.nl(effect["ci_high"]),
            "diff": present.nl(effect["diff"]),
            "unit": present.outcome_unit(evaluation.outcome),
            "p": "< 0,001" if effect["p"] < 0.001 else "= " + present.nl(effect["p"], 3),
            "words": present.size_words(effect),
            "direction": present.direction_words(effect, evaluation.outcome),
            "clustered": "cluster" in effect["method"],
            "chart": present.forest_svg(
                [present.effect_row(evaluation.school.name, effect)],
                title=_("Effect van de aanpak"),
                description=_("Cohen's d = %(d)s, 95 %%-betrouwbaarheidsinterval %(low)s tot %(high)s.")
                % {
                    "d": present.nl(effect["d"]),
                    "low": present.nl(effect["ci_low"]),
                    "high": present.nl(effect["ci_high"]),
                },
            ),  # fmt: skip
        }
    return context


def _extra_sessions(evaluation):
    """The school's coming sessions marked as the extra one (meetings' session form, leadership): the
    sessions whose invitations skip the "later" families."""
    from meetings.models import Session

    return list(
        Session.objects.filter(school_year__school=evaluation.school, is_extra=True, starts_at__gte=timezone.now())
        .select_related("item")
        .order_by("starts_at")
    )


@evaluators
def evaluation_detail(request, evaluation_id):
    actor = actor_for(request)
    evaluation = selectors.evaluation_for(actor, evaluation_id)
    context = detail_context(evaluation, actor=actor)
    if evaluation.intervention == Intervention.EXTRA_SESSION and not evaluation.is_withdrawn:
        context["extra_sessions"] = _extra_sessions(evaluation)
        context["may_open_sessions"] = actor.staff is not None
    if evaluation.is_frozen:
        context["export_requests"] = list(evaluation.export_requests.select_related("requested_by"))
        context["export_form"] = ExportRequestForm()
        context["may_request_export"] = actor.staff is not None
    return _private(render(request, "evaluation/detail.html", context))


@require_POST
@evaluators
def evaluation_freeze(request, evaluation_id):
    actor = actor_for(request)
    evaluation = selectors.evaluation_for(actor, evaluation_id)
    try:
        services.freeze(evaluation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Het plan is vastgelegd en de loting is getrokken."))
    return redirect("evaluation:detail", evaluation_id)


@require_POST
@leadership_only
def evaluation_withdraw(request, evaluation_id):
    """Leadership withdraws a frozen evaluation before its start (the plan stays; the wait-list is released)."""
    evaluation = selectors.evaluation_for(actor_for(request), evaluation_id)
    try:
        services.withdraw(evaluation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Het onderzoek is ingetrokken. Alle gezinnen krijgen de aanpak gewoon."))
    return redirect("evaluation:detail", evaluation_id)


@require_POST
@evaluators
def evaluation_recompute(request, evaluation_id):
    """After corrected test results: analyse again (the plan stays as frozen)."""
    evaluation = selectors.evaluation_for(actor_for(request), evaluation_id)
    try:
        services.compute_result(evaluation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("evaluation:detail", evaluation_id)


@evaluators
def evaluation_plan_json(request, evaluation_id):
    evaluation = selectors.evaluation_for(actor_for(request), evaluation_id)
    if not evaluation.is_frozen:
        return redirect("evaluation:detail", evaluation_id)
    response = HttpResponse(services.canonical_json(evaluation.plan), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="onderzoeksplan-{evaluation.pk}-{evaluation.fingerprint[:12]}.json"'
    )
    return _private(response)


@evaluators
def evaluation_pdf(request, evaluation_id):
    from weasyprint import HTML  # heavy import: only where a PDF is made

    evaluation = selectors.evaluation_for(actor_for(request), evaluation_id)
    context = detail_context(evaluation) | {"now": timezone.now()}
    html = render_to_string("evaluation/pdf.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="evaluatie-{evaluation.pk}.pdf"'
    return _private(response)
