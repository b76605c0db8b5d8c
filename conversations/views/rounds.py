"""Rounds: leadership sets them up, teachers enter availability and generate slots, leadership
sees coverage and runs the planner; guardians give their preferences on a phone.
Views parse, authorise (the lookup is the check), call a service and render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from conversations.forms import AvailabilityForm, RoundForm, SecondStaffForm
from ouderbetrokkenheid.accounts.access import actor_for, roles_required, school_staff_required
from ouderbetrokkenheid.readability import warning_message, warnings_for
from ouderbetrokkenheid.school.clock import at_local
from ouderbetrokkenheid.school.languages import TRANSLATION_LANGUAGES, language_name_lazy
from ouderbetrokkenheid.school.models import SchoolYear
from ouderbetrokkenheid.school.translations import EditorField, translation_editor

from .. import invitations, planner, slots
from ..models import Availability, ConversationForm, Slot
from ..rounds import EDITABLE, round_create, round_update
from ..selectors import round_for, rounds_visible_to
from ..texts import round_translation_save

leadership_required = roles_required("leadership", "admin")
teacher_required = roles_required("teacher")
planning_staff_required = roles_required("teacher", "leadership", "admin")
overview_required = roles_required("leadership", "admin", "ib")


def _staff(request):
    staff = actor_for(request).staff
    if staff is None:
        raise Http404
    return staff


# -- rounds ---------------------------------------------------------------------------------------


@school_staff_required
def round_list(request):
    staff = _staff(request)
    rounds = list(rounds_visible_to(staff).annotate(slot_count=Count("slots")).order_by("-first_day"))
    return render(request, "conversations/rounds/list.html", {"rounds": rounds, "staff": staff})


def _parent_texts(form):
    """The round's words parents read in their invitation, for the readability check."""
    return [(form[name].label, form[name].value() or "") for name in ("title", "goal", "invitation_text")]


def _save_round(request, form, save):
    if "preview" in request.POST or not form.is_valid():  # "Controleer de tekst": check, save nothing
        return None
    try:
        round = save({name: form.cleaned_data[name] for name in EDITABLE if name in form.cleaned_data})
    except ValidationError as error:
        form.add_error(None, error)
        return None
    messages.success(request, _("De gespreksronde is opgeslagen."))
    warnings = warnings_for(_parent_texts(form))
    if warnings:  # a warning, not a refusal; the edit page marks the words
        messages.warning(request, warning_message(warnings))
    return redirect("conversations:round", round_id=round.pk)


def _round_page(request, form, context):
    context |= {"form": form, "readability": warnings_for(_parent_texts(form))}
    return render(request, "conversations/rounds/form.html", context)


@leadership_required
def round_new(request):
    year = SchoolYear.objects.running_or_next(_staff(request).school, timezone.localdate(), or_last=True)
    if year is None:
        raise Http404
    initial = {
        "slot_minutes": 15,
        "family_gap_minutes": 5,
        "forms": [ConversationForm.AT_SCHOOL],
        "booking_closes_hours_before": 24,
    }
    form = RoundForm(request.POST or None, initial=initial)
    done = request.method == "POST" and _save_round(request, form, lambda d: round_create(school_year=year, **d))
    return done or _round_page(request, form, {"round": None, "year": year})


TRANSLATION_NAMES = {code: language_name_lazy(code) for code in TRANSLATION_LANGUAGES}


TRANSLATION_FIELDS = (
    EditorField("title", gettext_lazy("Titel"), maxlength=200),
    EditorField("goal", gettext_lazy("Doel"), rows=2),
    EditorField("invitation_text", gettext_lazy("Uitnodigingstekst"), rows=3),
)


def _translations(round):
    """Per language: the stored translation with its approval state (templates/school/_translations.html)."""
    return translation_editor(round.translations.select_related("approved_by"), TRANSLATION_FIELDS)


@leadership_required
def round_edit(request, round_id):
    round = round_for(actor_for(request), round_id)
    initial = {name: getattr(round, name) for name in RoundForm.base_fields}
    form = RoundForm(request.POST or None, initial=initial)
    done = request.method == "POST" and _save_round(request, form, lambda d: round_update(round=round, **d))
    return done or _round_page(request, form, {"round": round, "translations": _translations(round)})


@leadership_required
@require_POST
def round_translation(request, round_id):
    """Save (and with "Goedkeuren" approve) the round's title, goal and invitation text in one language."""
    round = round_for(actor_for(request), round_id)
    language, approve = request.POST.get("language", ""), "approve" in request.POST
    try:
        round_translation_save(
            round=round, language=language, title=request.POST.get("title", ""), goal=request.POST.get("goal", ""),
            invitation_text=request.POST.get("invitation_text", ""), by=actor_for(request).staff, approve=approve,
        )  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        name = TRANSLATION_NAMES.get(language, language)
        if approve:
            messages.success(request, _("Opgeslagen; de vertaling (%(language)s) is goedgekeurd.") % {"language": name})
        else:
            messages.success(request, _("De vertaling (%(language)s) is opgeslagen.") % {"language": name})
    anchor = f"#vertaling-{language}" if language in TRANSLATION_NAMES else ""
    return redirect(reverse("conversations:round_edit", kwargs={"round_id": round.pk}) + anchor)


@school_staff_required
def round_detail(request, round_id):
    staff = _staff(request)
    round = round_for(actor_for(request), round_id)
    mine = Availability.objects.filter(round=round, staff=staff)
    context = {
        "round": round,
        "staff": staff,
        "availability": mine,
        "slot_count": Slot.objects.filter(round=round).count(),
        "missing_second": slots.slots_missing_second_staff(round=round).count(),
    }
    return render(request, "conversations/rounds/detail.html", context)


# -- availability and slots -----------------------------------------------------------------------


@teacher_required
def availability(request, round_id):
    staff = _staff(request)
    round = round_for(actor_for(request), round_id)
    form = AvailabilityForm(request.POST or None, initial={"day": round.first_day, "room": ""})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            slots.availability_add(
                round=round,
                staff=staff,
                starts_at=at_local(data["day"], data["start"]),
                ends_at=at_local(data["day"], data["end"]),
                room=data["room"],
                protect_for_working_parents=data["protect"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Uw beschikbaarheid is opgeslagen."))
            return redirect("conversations:availability", round_id=round.pk)
    context = {
        "round": round,
        "form": form,
        "spans": Availability.objects.filter(round=round, staff=staff),
        "second_form": SecondStaffForm(staff=staff) if round.needs_second_staff else None,
    }
    return render(request, "conversations/rounds/availability.html", context)


@teacher_required
@require_POST
def second_staff(request, round_id):
    staff = _staff(request)
    round = round_for(actor_for(request), round_id)
    form = SecondStaffForm(request.POST, staff=staff)
    if form.is_valid():
        try:
            slots.second_staff_set(round=round, staff=staff, second_staff=form.cleaned_data["second_staff"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("De tweede collega staat bij uw gesprekken."))
    return redirect("conversations:availability", round_id=round.pk)


@planning_staff_required
@require_POST
def generate(request, round_id):
    round = round_for(actor_for(request), round_id)
    try:
        changes = slots.slots_generate(round=round)
    except ValidationError as error:
        for line in error.messages:
            messages.error(request, line)
        return redirect("conversations:round", round_id=round.pk)
    messages.success(
        request,
        _("Gespreksplekken: %(new)s nieuw, %(gone)s vervallen, %(kept)s ongewijzigd.")
        % {"new": changes.created, "gone": changes.removed, "kept": changes.kept},
    )
    return redirect("conversations:round", round_id=round.pk)


@overview_required
def coverage(request, round_id):
    round = round_for(actor_for(request), round_id)
    return render(
        request, "conversations/rounds/coverage.html", {"round": round, "coverage": slots.coverage(round=round)}
    )


# -- the planner ----------------------------------------------------------------------------------


@leadership_required
def plan(request, round_id):
    round = round_for(actor_for(request), round_id)
    result = planner.plan_round(round=round)
    if request.method == "POST":
        outcome = planner.plan_apply(round=round, result=result, by_staff=_staff(request),
                                     base_url=request.build_absolute_uri("/"))  # fmt: skip
        messages.success(request, _("%(n)s voorstellen klaargezet.") % {"n": len(outcome.bookings)})
        for label, reason in outcome.refused:
            messages.warning(request, f"{label}: {reason}")
        return redirect("conversations:plan", round_id=round.pk)
    rows = planner.plan_rows(result)
    return render(request, "conversations/rounds/plan.html", {"round": round, "result": result, "rows": rows})


def _accepted_short(request) -> int:
    value = request.POST.get("accept_short", "")
    return int(value) if value.isdigit() else 0


@leadership_required
def invite(request, round_id):
    """POST sends the invitations. While groups are short of slots the send is refused and this
    page (GET) names them and by how many; leadership may then confirm sending all the same."""
    round = round_for(actor_for(request), round_id)
    if request.method != "POST":
        short = invitations.coverage_shortfall(round)
        if not short:
            return redirect("conversations:round", round_id=round.pk)
        context = {"round": round, "short": short, "missing": sum(row.short for row in short)}
        return render(request, "conversations/rounds/invite_confirm.html", context)
    try:
        count = invitations.round_invite(round=round, base_url=request.build_absolute_uri("/"),
                                         accept_short=_accepted_short(request))  # fmt: skip
    except invitations.CoverageShort:
        messages.warning(request, _("Nog niet verstuurd: niet elke leerling heeft een vrije plek."))
        return redirect("conversations:round_invite", round_id=round.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(n)s uitnodigingen klaargezet voor verzending.") % {"n": count})
    return redirect("conversations:round", round_id=round.pk)


# -- guardians' preferences -----------------------------------------------------------------------
