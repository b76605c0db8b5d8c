"""Handout PDF downloads (staff: any session and year level of their school; guardians: the
sessions they were invited to, in their language) and the handout texts editor (IB, leadership)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings.forms import TextForm
from ouderbetrokkenheid.accounts.access import actor_for, guardian_required, roles_required, school_staff_required
from ouderbetrokkenheid.readability import check, warning_message, warnings_for
from ouderbetrokkenheid.school.models import Enrollment

from .. import reach
from ..models import HandoutText
from .install import handout_texts_install
from .labels import LABELS
from .render import handout_pdf
from .texts import handout_text_approve, handout_text_save

leadership_required = roles_required("leadership", "ib", "admin")


def _int(value, default, low, high):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if low <= number <= high else default


def _pdf_response(pdf, session, year_level, language):
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"hand-out-{timezone.localtime(session.starts_at):%Y-%m-%d}-groep-{year_level}-{language}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@school_staff_required
def handout_for_staff(request, session_id):
    session = reach.session_for_staff(actor_for(request), session_id)
    year_level = _int(request.GET.get("leerjaar"), min(session.year_levels or [1]), 1, 8)
    language = request.GET.get("taal") if request.GET.get("taal") in LABELS else "nl"
    return _pdf_response(handout_pdf(session=session, year_level=year_level, language=language), session,
                         year_level, language)  # fmt: skip


def _guardian_year_levels(session):
    """Year levels of the invited guardian's children on the session's day."""
    day = timezone.localdate(session.starts_at)
    pupils = session.invitation.pupils.values("pk")
    current = Enrollment.objects.current(day).filter(pupil__in=pupils, group__school_year=session.school_year_id)
    return sorted(set(current.values_list("year_level", flat=True)))


@guardian_required
def handout_for_guardian(request, session_id):
    guardian = actor_for(request).guardian
    session = reach.session_for_guardian(guardian, session_id)
    levels = _guardian_year_levels(session) or sorted(session.year_levels) or [1]
    year_level = _int(request.GET.get("leerjaar"), levels[0], 1, 8)
    if year_level not in levels:
        raise Http404
    language = guardian.page_language
    return _pdf_response(handout_pdf(session=session, year_level=year_level, language=language), session,
                         year_level, language)  # fmt: skip


def _selection(data):
    section, language = data.get("onderdeel", "reading"), data.get("taal", "nl")
    if section not in HandoutText.Section.values or language not in LABELS:
        raise Http404
    return section, _int(data.get("leerjaar"), 0, 0, 8), language


@leadership_required
def texts_list(request):
    staff = actor_for(request).staff
    if request.method == "POST":
        added = handout_texts_install(school=staff.school)
        messages.success(request, _("%(count)s standaardteksten klaargezet.") % {"count": added})
        return redirect("meetings:handout_texts")
    texts = HandoutText.objects.filter(school_id=staff.school_id).order_by("section", "year_level", "language")
    return render(request, "meetings/handout_texts.html", {"texts": texts, "sections": HandoutText.Section})


@leadership_required
def text_edit(request):
    staff = actor_for(request).staff
    section, year_level, language = _selection(request.GET)
    row = HandoutText.objects.filter(school_id=staff.school_id, section=section, year_level=year_level,
                                     language=language).first()  # fmt: skip
    form = TextForm(request.POST or None, initial={"text": row.text if row else ""})
    preview = "preview" in request.POST  # "Controleer de tekst": show the readability check, save nothing
    if request.method == "POST" and not preview and form.is_valid():
        try:
            handout_text_save(school=staff.school, section=section, year_level=year_level, language=language,
                              text=form.cleaned_data["text"], by=staff)  # fmt: skip
            messages.success(request, _("Tekst opgeslagen."))
            warnings = warnings_for([(HandoutText.Section(section).label, form.cleaned_data["text"])])
            if language == "nl" and warnings:  # a warning, not a refusal; the edit page marks the words
                messages.warning(request, warning_message(warnings))
            return redirect("meetings:handout_texts")
        except ValidationError as error:
            form.add_error("text", error)
    text = form["text"].value() or ""
    readability = check(text) if language == "nl" and text.strip() else None
    context = {"form": form, "row": row, "section": HandoutText.Section(section), "year_level": year_level,
               "language": language, "query": urlencode({"onderdeel": section, "leerjaar": year_level,
                                                         "taal": language}),
               "readability": readability}  # fmt: skip
    return render(request, "meetings/handout_text_edit.html", context)


@leadership_required
@require_POST
def text_approve(request):
    staff = actor_for(request).staff
    section, year_level, language = _selection(request.POST)
    row = HandoutText.objects.filter(school_id=staff.school_id, section=section, year_level=year_level,
                                     language=language).first()  # fmt: skip
    if row is None:
        raise Http404
    handout_text_approve(text=row, by=staff)
    messages.success(request, _("Vertaling goedgekeurd: ouders krijgen deze tekst nu in hun taal."))
    return redirect(reverse("meetings:handout_texts") + f"#text-{row.pk}")
