"""Staff pages of the information sessions: the school's programme (leadership), planning a
school year (leadership), the sessions with their RSVP counts (teachers for the year levels of
their groups, IB and leadership for the school), adjusting, inviting and cancelling a session.
Views parse, authorise (the lookup is the check), call a service and render."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ouderbetrokkenheid.accounts.access import actor_for, roles_required, school_staff_required
from ouderbetrokkenheid.accounts.scoping import guardians_visible_to
from ouderbetrokkenheid.readability import HEADINGS, warning_message, warnings_for
from ouderbetrokkenheid.school.clock import at_local
from ouderbetrokkenheid.school.languages import language_name_lazy
from ouderbetrokkenheid.school.models import Language, SchoolYear, Staff

from .. import ical, planning, selectors
from ..interpreters import interpreter_needs
from ..invitations import invitations_send, session_cancel, session_update
from ..models import ProgrammeItem
from ..moves import (
    MoveNeedsProposal,
    may_decide,
    may_move,
    pending_proposals,
    session_move_decide,
    session_move_propose,
)
from ..notice import INVITE_DAYS_AHEAD, invite_too_late
from ..programme import ALL_YEAR_LEVELS, programme_install, programme_item_add, programme_item_update
from ..texts import item_translation_save, shipped_translation

leadership_required = roles_required("leadership", "admin")
LEVEL_CHOICES = [(level, str(level)) for level in ALL_YEAR_LEVELS]
INTERPRETER_CHOICES = [(code, language_name_lazy(code)) for code in Language.values if code != "nl"]


def _school(request):
    staff = actor_for(request).staff
    if staff is None:
        raise Http404
    return staff.school


# -- the programme --------------------------------------------------------------------------------


class ProgrammeItemForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Titel"), max_length=200)
    topics = forms.CharField(
        label=gettext_lazy("Onderwerpen (één per regel)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    outline = forms.CharField(label=gettext_lazy("Opzet"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    year_levels = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Voor ouders van groep"), choices=LEVEL_CHOICES, coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    lateral_entrants = forms.BooleanField(label=gettext_lazy("Ook ouders van zij-instromers"), required=False)
    pupils_welcome = forms.BooleanField(label=gettext_lazy("Leerlingen mogen mee"), required=False)
    duration_minutes = forms.IntegerField(label=gettext_lazy("Duur (minuten)"), min_value=15, max_value=240)
    active = forms.BooleanField(label=gettext_lazy("Actief"), required=False, initial=True)


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


TRANSLATION_NAMES = {code: language_name_lazy(code) for code in ("en", "ar", "tr", "pl", "uk")}


def _translations(item):
    """Per language: the stored translation (with its approval) and, for a default item whose
    Dutch is unchanged, the shipped one parents get while the school has approved none."""
    if item is None:
        return []
    stored = {t.language: t for t in item.translations.select_related("approved_by")}
    rows = []
    for code, name in TRANSLATION_NAMES.items():
        row, shipped = stored.get(code), shipped_translation(item, code)
        # The form starts from the school's translation, or else from the shipped one (to adopt or adapt).
        title, topics = (row.title, row.topics) if row else (shipped[0], "\n".join(shipped[1])) if shipped else ("", "")
        rows.append({"code": code, "name": name, "stored": row, "shipped": shipped, "rtl": code == "ar",
                     "title": title, "topics": topics})  # fmt: skip
    return rows


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


class PlanForm(forms.Form):
    time_of_day = forms.TimeField(label=gettext_lazy("Tijd"), initial=datetime.time(19, 30),
                                  widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))  # fmt: skip
    location = forms.CharField(label=gettext_lazy("Plaats"), max_length=200, required=False)
    childcare = forms.BooleanField(label=gettext_lazy("Kinderopvang"), required=False)
    interpreter_languages = forms.MultipleChoiceField(
        label=gettext_lazy("Tolken geregeld voor"), choices=INTERPRETER_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip


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
    year = selectors.school_year_for_user(actor_for(request), school_year_id)
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


class SessionAddForm(forms.Form):
    item = forms.ModelChoiceField(label=gettext_lazy("Bijeenkomst"), queryset=ProgrammeItem.objects.none())
    year_levels = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Voor de ouders van groep"), choices=LEVEL_CHOICES, coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    lateral_entrants = forms.BooleanField(label=gettext_lazy("Ook ouders van zij-instromers"), required=False)
    day = forms.DateField(
        label=gettext_lazy("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    time = forms.TimeField(label=gettext_lazy("Tijd"), initial=datetime.time(19, 30),
                           widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))  # fmt: skip
    location = forms.CharField(label=gettext_lazy("Plaats"), max_length=200, required=False)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = ProgrammeItem.objects.filter(school=school, active=True).order_by("number")


@leadership_required
def session_add(request, school_year_id):
    """One session on a school day the school chooses (mid-year, or an extra evening)."""
    year = selectors.school_year_for_user(actor_for(request), school_year_id)
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


@school_staff_required
def session_list(request):
    actor = actor_for(request)
    sessions = list(
        selectors.sessions_visible_to(actor)
        .filter(school_year__last_day__gte=timezone.localdate())
        .select_related("item")
        .order_by("starts_at")
    )
    counts = selectors.session_counts(sessions=sessions)
    rows = [(s, counts[s.pk]) for s in sessions]
    year = (
        SchoolYear.objects.running_or_next(actor.staff.school_id, timezone.localdate(), or_last=True)
        if actor.staff.is_leadership
        else None
    )
    return render(request, "meetings/sessions.html", {"rows": rows, "year": year})


@school_staff_required
def session_detail(request, session_id):
    actor = actor_for(request)
    session = selectors.session_for_user(actor, session_id)
    counts = selectors.session_counts(sessions=[session])[session.pk]
    invitations = selectors.session_invitations(session=session, guardians=guardians_visible_to(actor))
    proposals = list(pending_proposals(session))
    context = {"session": session, "counts": counts, "invitations": invitations, "presenters": session.presenters.all(),
               "proposals": proposals, "may_decide": bool(proposals) and may_decide(proposals[0], actor.staff),
               "interpreter_needs": interpreter_needs(session=session),
               "invite_too_late": invite_too_late(session), "invite_days": INVITE_DAYS_AHEAD}  # fmt: skip
    return render(request, "meetings/session_detail.html", context)


class SessionForm(forms.Form):
    day = forms.DateField(
        label=gettext_lazy("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    time = forms.TimeField(label=gettext_lazy("Tijd"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    duration_minutes = forms.IntegerField(label=gettext_lazy("Duur (minuten)"), min_value=15, max_value=240)
    location = forms.CharField(label=gettext_lazy("Plaats"), max_length=200, required=False)
    presenters = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Presentatoren"), queryset=Staff.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    guest_presenters = forms.CharField(
        label=gettext_lazy("Gastsprekers (bijvoorbeeld een pedagoog)"), max_length=200, required=False
    )
    childcare = forms.BooleanField(label=gettext_lazy("Kinderopvang"), required=False)
    interpreter_languages = forms.MultipleChoiceField(
        label=gettext_lazy("Tolken geregeld voor"), choices=INTERPRETER_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    fixed = forms.BooleanField(label=gettext_lazy("Vastzetten (een nieuw voorstel verplaatst deze niet)"),
                               required=False)  # fmt: skip
    organiser = forms.ModelChoiceField(
        label=gettext_lazy("Organisator (mag de bijeenkomst verplaatsen, net als de directie)"),
        queryset=Staff.objects.none(), required=False,
    )  # fmt: skip
    reason = forms.CharField(
        label=gettext_lazy("Waarom verplaatsen? (bij een voorstel aan de directie)"), max_length=300, required=False
    )

    def __init__(self, *args, school, may_set_organiser=False, **kwargs):
        super().__init__(*args, **kwargs)
        staff = Staff.objects.filter(school=school).order_by("last_name", "first_name")
        self.fields["presenters"].queryset = staff
        self.fields["organiser"].queryset = staff
        if not may_set_organiser:
            del self.fields["organiser"]


def _session_initial(session):
    local = timezone.localtime(session.starts_at)
    fields = ("duration_minutes", "location", "guest_presenters", "childcare", "interpreter_languages")
    return {"day": local.date(), "time": local.time(), "fixed": True, "presenters": list(session.presenters.all()),
            "organiser": session.organiser_id, **{name: getattr(session, name) for name in fields}}  # fmt: skip


@school_staff_required
def session_edit(request, session_id):
    staff = actor_for(request).staff
    session = selectors.session_for_user(actor_for(request), session_id)
    school = session.school_year.school
    form = SessionForm(request.POST or None, school=school, initial=_session_initial(session),
                       may_set_organiser=staff.is_leadership)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        starts_at = at_local(data.pop("day"), data.pop("time"))
        reason = data.pop("reason")
        try:
            session_update(session=session, by=staff, starts_at=starts_at,
                           presenters=list(data.pop("presenters")), **data)  # fmt: skip
        except MoveNeedsProposal:
            return _move_proposal(request, session, form, starts_at=starts_at, reason=reason, data=data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De bijeenkomst is aangepast."))
            return redirect("meetings:session", session_id=session.pk)
    context = {"session": session, "form": form, "may_move": may_move(session, staff)}
    return render(request, "meetings/session_form.html", context)


def _move_proposal(request, session, form, *, starts_at, reason, data):
    """A teacher may not move a session other groups share: the change becomes a proposal."""
    try:
        session_move_propose(session=session, by=actor_for(request).staff, starts_at=starts_at, reason=reason,
                             duration_minutes=data["duration_minutes"], location=data["location"])  # fmt: skip
    except ValidationError as error:
        form.add_error(None, error)
        return render(request, "meetings/session_form.html", {"session": session, "form": form, "may_move": False})
    messages.info(request, _("Deze bijeenkomst is ook voor andere groepen. Uw voorstel gaat naar de directie en de "
                             "organisator; de ouders horen pas iets als het voorstel is aangenomen."))  # fmt: skip
    return redirect("meetings:session", session_id=session.pk)


@school_staff_required
@require_POST
def session_move_decision(request, session_id, proposal_id):
    """Leadership or the organiser accepts (the session moves, families get the notice) or declines."""
    staff = actor_for(request).staff
    session = selectors.session_for_user(actor_for(request), session_id)
    proposal = pending_proposals(session).filter(pk=proposal_id).first()
    if proposal is None:
        raise Http404
    if not may_decide(proposal, staff):
        raise PermissionDenied
    accept = request.POST.get("decision") == "accept"
    try:
        session_move_decide(proposal=proposal, by=staff, accept=accept, base_url=request.build_absolute_uri("/"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Voorstel aangenomen: de bijeenkomst is verplaatst.") if accept
                         else _("Voorstel afgewezen. Er verandert niets."))  # fmt: skip
    return redirect("meetings:session", session_id=session.pk)


@leadership_required
@require_POST
def session_invite(request, session_id):
    session = selectors.session_for_user(actor_for(request), session_id)
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
    session = selectors.session_for_user(actor_for(request), session_id)
    year_id = session.school_year_id
    notices = session_cancel(session=session, by=actor_for(request).staff)
    messages.success(request, _("De bijeenkomst gaat niet door; %(n)s ouders krijgen bericht.") % {"n": notices})
    return redirect("meetings:plan", school_year_id=year_id)


@school_staff_required
def session_ics(request, session_id):
    session = selectors.session_for_user(actor_for(request), session_id)
    url = request.build_absolute_uri(reverse("meetings:session", kwargs={"session_id": session.pk}))
    response = HttpResponse(ical.session_ical(session, url=url), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{ical.ical_filename(session)}"'
    return response


urlpatterns = [
    path("", session_list, name="sessions"),
    path("programma/", programme, name="programme"),
    path("programma/standaard/", programme_defaults, name="programme_install"),
    path("programma/nieuw/", programme_item_new, name="programme_item_add"),
    path("programma/<int:item_id>/", programme_item, name="programme_item"),
    path("programma/<int:item_id>/vertaling/", programme_item_translation, name="programme_item_translation"),
    path("plannen/<int:school_year_id>/", plan, name="plan"),
    path("plannen/<int:school_year_id>/toevoegen/", session_add, name="session_add"),
    path("<int:session_id>/", session_detail, name="session"),
    path("<int:session_id>/wijzigen/", session_edit, name="session_edit"),
    path("<int:session_id>/voorstel/<int:proposal_id>/", session_move_decision, name="session_move_decision"),
    path("<int:session_id>/uitnodigen/", session_invite, name="session_invite"),
    path("<int:session_id>/annuleren/", session_remove, name="session_cancel"),
    path("<int:session_id>/agenda.ics", session_ics, name="session_ics"),
]
