"""Staff's pages for one pupil's data (the pupil's own staff): results, the perspective, the advice."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from development import access, rules, services
from development.forms import (
    AdviceForm,
    CorrectionForm,
    GoalForm,
    PerspectiveForm,
    ResultForm,
    ReviewForm,
)
from development.models import (
    AccessAction,
    Advice,
    ExitPerspective,
    ShortTermGoal,
    TestResult,
)
from development.views.data import _apply_errors, _staff, pupil_staff
from ouderbetrokkenheid.accounts.access import actor_for
from ouderbetrokkenheid.school.models import SchoolYear


def _pupil(request, pupil_id):
    return access.changeable_pupil_for(actor_for(request), pupil_id)


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
