"""Staff pages of the information sessions: the school's programme (leadership), planning a
school year (leadership), the sessions with their RSVP counts (teachers for the year levels of
their groups, IB and leadership for the school), adjusting, inviting and cancelling a session.
Views parse, authorise (the lookup is the check), call a service and render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from meetings.forms import PlanForm, ProgrammeItemForm, SessionAddForm
from ouderbetrokkenheid.accounts.access import actor_for, roles_required
from ouderbetrokkenheid.readability import HEADINGS, warning_message, warnings_for
from ouderbetrokkenheid.school.clock import at_local
from ouderbetrokkenheid.school.languages import TRANSLATION_LANGUAGES, language_name_lazy
from ouderbetrokkenheid.school.models import SchoolYear
from ouderbetrokkenheid.school.translations import EditorField, translation_editor

from .. import planning, selectors
from ..invitations import invitations_send, session_cancel
from ..models import ProgrammeItem
from ..programme import programme_install, programme_item_add, programme_item_update
from ..texts import item_translation_save, shipped_translation

leadership_required = roles_required("leadership", "admin")


def _school(request):
    staff = actor_for(request).staff
    if staff is None:
        raise Http404
    return staff.school


# -- the programme --------------------------------------------------------------------------------


def _item_for(request, item_id):
    try:
        return ProgrammeItem.objects.get(pk=item_id, school=_school(request))
    except (ProgrammeItem.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@leadership_required
def programme(request):
    school = _school(request)
    items = ProgrammeItem.objects.filter(school=school).order_by("number")
    year = SchoolYear.objects.running_or_next(school, timezone.localdate(), or_last=True)
    return render(request, "meetings/programme.html", {"items": items, "school": school, "year": year})


@leadership_required
@require_POST
def programme_defaults(request):
    programme_install(school=_school(request))
    messages.success(request, _("Het standaardprogramma staat klaar."))
    return redirect("meetings:programme")


def _parent_texts(form):
    """The fields parents read (in the invitation and on the handout), for the readability check;
    the topics are a list of headings, one per line."""
    return [(form["title"].label, form["title"].value() or ""),
            (form["topics"].label, form["topics"].value() or "", HEADINGS)]  # fmt: skip


def _save_item(request, form, save):
    if "preview" in request.POST:  # "Controleer de tekst": show the readability check, save nothing
        return None
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De bijeenkomst is opgeslagen."))
            warnings = warnings_for(_parent_texts(form))
            if warnings:  # a warning, not a refusal; the edit page marks the words
                messages.warning(request, warning_message(warnings))
            return redirect("meetings:programme")
    return None


TRANSLATION_NAMES = {code: language_name_lazy(code) for code in TRANSLATION_LANGUAGES}


TRANSLATION_FIELDS = (
    EditorField("title", gettext_lazy("Titel"), maxlength=200),
    EditorField("topics", gettext_lazy("Onderwerpen (één per regel)"), rows=3),
)


def _translations(item):
    """Per language: the stored translation (with its approval) and, for a default item whose
    Dutch is unchanged, the shipped one parents get while the school has approved none; the form
    starts from the school's translation, or else from the shipped one (to adopt or adapt)."""
    if item is None:
        return []

    def shipped(code):
        found = shipped_translation(item, code)
        return (found[0], "\n".join(found[1])) if found else None

    return translation_editor(item.translations.select_related("approved_by"), TRANSLATION_FIELDS, shipped=shipped)


def _item_page(request, form, item):
    context = {"form": form, "item": item, "readability": warnings_for(_parent_texts(form)),
               "translations": _translations(item)}  # fmt: skip
    return render(request, "meetings/programme_item_form.html", context)


@leadership_required
def programme_item(request, item_id):
    item = _item_for(request, item_id)
    initial = {name: getattr(item, name) for name in ProgrammeItemForm.base_fields}
    form = ProgrammeItemForm(request.POST or None, initial=initial)
    done = request.method == "POST" and _save_item(request, form, lambda data: programme_item_update(item=item, **data))
    return done or _item_page(request, form, item)


@leadership_required
@require_POST
def programme_item_translation(request, item_id):
    """Save (and with "Goedkeuren" approve) the item's title and topics in one language."""
    item = _item_for(request, item_id)
    language = request.POST.get("language", "")
    approve = "approve" in request.POST
    try:
        item_translation_save(
            item=item, language=language, title=request.POST.get("title", ""), topics=request.POST.get("topics", ""),
            by=actor_for(request).staff, approve=approve,
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
    return redirect(reverse("meetings:programme_item", kwargs={"item_id": item.pk}) + anchor)


@leadership_required
def programme_item_new(request):
    school = _school(request)
    form = ProgrammeItemForm(request.POST or None, initial={"duration_minutes": 60, "active": True})
    done = request.method == "POST" and _save_item(
        request, form, lambda data: programme_item_add(school=school, **data)
    )
    return done or _item_page(request, form, None)


# -- planning a school year -----------------------------------------------------------------------


def _propose(year, data):
    return planning.programme_propose(
        school_year=year,
        time_of_day=data["time_of_day"],
        location=data["location"],
        childcare=data["childcare"],
        interpreter_languages=data["interpreter_languages"],
        today=timezone.localdate(),
    )


@leadership_required
def plan(request, school_year_id):
    year = selectors.school_year_for(actor_for(request), school_year_id)
    if request.method == "POST":
        form = PlanForm(request.POST)
        if form.is_valid():
            sessions = planning.programme_apply(school_year=year, proposal=_propose(year, form.cleaned_data))
            messages.success(request, _("De planning is opgeslagen: %(n)s bijeenkomsten.") % {"n": len(sessions)})
            return redirect("meetings:plan", school_year_id=year.pk)
    else:
        form = PlanForm(request.GET if "time_of_day" in request.GET else None)
    proposal = _propose(year, form.cleaned_data) if form.is_bound and form.is_valid() else None
    sessions = list(year.sessions.select_related("item").order_by("starts_at"))
    context = {
        "year": year,
        "form": form,
        "proposal": proposal,
        "sessions": sessions,
        "conflicts": planning.session_conflicts(school_year=year),
        "has_programme": ProgrammeItem.objects.filter(school_id=year.school_id, active=True).exists(),
    }
    return render(request, "meetings/plan.html", context)


@leadership_required
def session_add(request, school_year_id):
    """One session on a school day the school chooses (mid-year, or an extra evening)."""
    year = selectors.school_year_for(actor_for(request), school_year_id)
    form = SessionAddForm(request.POST or None, school=year.school)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            added = planning.session_add(
                school_year=year, item=data["item"], year_levels=data["year_levels"],
                lateral_entrants=data["lateral_entrants"], starts_at=at_local(data["day"], data["time"]),
                location=data["location"],
            )  # fmt: skip
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
        else:
            messages.success(request, _("De bijeenkomst staat gepland."))
            for text in added.warnings:
                messages.warning(request, text)
            return redirect("meetings:session", session_id=added.session.pk)
    return render(request, "meetings/session_add.html", {"year": year, "form": form})


# -- sessions -------------------------------------------------------------------------------------


@leadership_required
@require_POST
def session_invite(request, session_id):
    session = selectors.session_for(actor_for(request), session_id)
    try:
        result = invitations_send(
            session=session, by=actor_for(request).staff, base_url=request.build_absolute_uri("/")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("meetings:session", session_id=session.pk)
    messages.success(
        request,
        _("%(new)s ouders uitgenodigd (%(old)s waren al uitgenodigd); %(none)s zonder e-mail of mobiel.")
        % {"new": len(result.invited), "old": result.already_invited, "none": len(result.unreachable)},
    )
    return redirect("meetings:session", session_id=session.pk)


@leadership_required
@require_POST
def session_remove(request, session_id):
    session = selectors.session_for(actor_for(request), session_id)
    year_id = session.school_year_id
    notices = session_cancel(session=session, by=actor_for(request).staff)
    messages.success(request, _("De bijeenkomst gaat niet door; %(n)s ouders krijgen bericht.") % {"n": notices})
    return redirect("meetings:plan", school_year_id=year_id)
