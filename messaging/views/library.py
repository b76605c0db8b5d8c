"""The message library for the staff of a school: the list (with filters and which
translations still await approval), the edit page per entry and installing the starting library.

Who: every member of staff of the school (teacher, IB, leadership, school admin) may edit
and approve. Teachers send these texts every week and are often the ones who can have a
translation checked by a colleague or a parent who speaks the language; the approval records
who approved and when, and changing a text withdraws its approval. Staff of another school
get 404 for an entry of this school; parents and board admins have no access.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from messaging.forms import LANGUAGE_NAMES, MONTH_NAMES, EntryForm, FilterForm
from messaging.library.install import library_install
from messaging.library.placeholders import allowed_for, placeholders_in
from messaging.library.selectors import entry_for_user, library_list, waiting_translations
from messaging.library.services import (
    library_entry_update,
    library_text_save,
    library_texts_approve,
)
from messaging.library.shipped import LANGUAGES
from messaging.library.sms import sms_segments
from ouderbetrokkenheid.accounts.access import actor_for, roles_required
from ouderbetrokkenheid.readability import MAX_CHECK_LENGTH, check, warning_message, warnings_for

school_staff = roles_required("teacher", "ib", "leadership", "admin")
PER_PAGE = 50
PLACEHOLDER_HELP = {
    "child": gettext_lazy("voornaam van het kind"),
    "theme": gettext_lazy("thema van de week"),
    "teacher": gettext_lazy("naam van de leerkracht"),
    "date": gettext_lazy("datum"),
    "line": gettext_lazy("de regel van de leerkracht over het kind"),
}


def _month_label(entry):
    if entry.summer_reading:
        return _("zomervakantie")
    return MONTH_NAMES[entry.month - 1] if entry.month else _("elke maand")


def _row(entry):
    texts = {t.language: t for t in entry.texts.all()}
    dutch = texts.get("nl")
    return {
        "entry": entry,
        "month": _month_label(entry),
        "dutch": dutch.text if dutch else "",
        "sms": sms_segments(dutch.text) if dutch else None,
        "languages": [{"code": code, "name": LANGUAGE_NAMES[code], "text": texts.get(code)} for code in LANGUAGES[1:]],
    }


@school_staff
def library_index(request):
    form = FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = library_list(
        actor_for(request),
        kind=filters.get("kind", ""),
        year_level=filters.get("year_level") or None,
        month=filters.get("month") or None,
        language=filters.get("language", ""),
        state=filters.get("state", ""),
    )
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "messaging/library/list.html",
        {
            "form": form,
            "page": page,
            "rows": [_row(e) for e in page],
            "query": query.urlencode(),
            "review_languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES[1:]],
        },
    )


@require_POST
@school_staff
def library_install_view(request):
    created = library_install(school=actor_for(request).staff.school)
    messages.success(request, _("Startbibliotheek bijgewerkt: %(count)d teksten toegevoegd.") % {"count": created})
    return redirect("messaging:library")


def _initial(entry):
    texts = {t.language: t.text for t in entry.texts.all()}
    return {"theme": entry.theme, "active": entry.active} | {f"text_{c}": texts.get(c, "") for c in LANGUAGES}


@transaction.atomic
def _save(form, entry, staff):
    data, texts = form.cleaned_data, {t.language: t.text for t in entry.texts.all()}
    approve = form.data.get("approve", "")
    library_entry_update(entry=entry, active=data["active"], theme=data["theme"], by=staff)
    for code in LANGUAGES:
        text = data[f"text_{code}"].strip().replace("\r\n", "\n")
        if text != texts.get(code, "") or code == approve:
            library_text_save(entry=entry, language=code, text=text, by=staff, approve=code == approve)
    return approve


def _languages(form, entry):
    """Per language: its field, stored text (with approval), SMS count and placeholder warning."""
    texts = {t.language: t for t in entry.texts.all()}
    values = {c: (form[f"text_{c}"].value() or "").strip().replace("\r\n", "\n") for c in LANGUAGES}
    dutch_fields = placeholders_in(values["nl"])
    return [
        {
            "code": code,
            "name": LANGUAGE_NAMES[code],
            "field": form[f"text_{code}"],
            "stored": texts.get(code),
            "sms": sms_segments(values[code]),
            "rtl": code == "ar",
            "differs": code != "nl" and bool(values[code]) and placeholders_in(values[code]) != dutch_fields,
            # Parents without an approved translation get the Dutch text: it must be plain (B1).
            "readability": check(values[code]) if code == "nl" and values[code] else None,
        }
        for code in LANGUAGES
    ]


@school_staff
def library_edit(request, entry_id):
    staff = actor_for(request).staff
    entry = entry_for_user(actor_for(request), entry_id)
    form = EntryForm(request.POST or None, entry=entry, initial=_initial(entry))
    preview = "preview" in request.POST  # "Controleer de tekst": show the readability check, save nothing
    if request.method == "POST" and not preview and form.is_valid():
        approved = _save(form, entry, staff)
        if approved:
            messages.success(
                request,
                _("Opgeslagen; de vertaling (%(language)s) is goedgekeurd.") % {"language": LANGUAGE_NAMES[approved]},
            )
        else:
            messages.success(request, _("Opgeslagen."))
        warnings = warnings_for([(LANGUAGE_NAMES["nl"], form.cleaned_data["text_nl"])])
        if warnings:  # a warning, not a refusal: the edit page shows the hard words marked
            messages.warning(request, warning_message(warnings))
        return redirect("messaging:library_edit", entry_id=entry.pk)
    return render(
        request,
        "messaging/library/edit.html",
        {
            "entry": entry,
            "form": form,
            "month": _month_label(entry),
            "language_forms": _languages(form, entry),
            "placeholders": [(name, PLACEHOLDER_HELP[name]) for name in allowed_for(entry.kind)],
        },
    )


REVIEW_PAGE = 100


@school_staff
def translations_review(request, language):
    """A language's waiting translations beside the Dutch text: tick what you read, approve it all at once."""
    if language not in LANGUAGES[1:]:
        raise Http404
    actor = actor_for(request)
    if request.method == "POST":
        try:
            approved = library_texts_approve(school=actor.staff.school, language=language,
                                             text_ids=request.POST.getlist("text"), by=actor.staff)  # fmt: skip
        except (ValidationError, ValueError) as error:
            messages.error(
                request, " ".join(getattr(error, "messages", [_("Er ging iets mis. Er is niets goedgekeurd.")]))
            )
        else:
            messages.success(request, _("%(n)s vertalingen goedgekeurd.") % {"n": approved})
        return redirect("messaging:library_review", language=language)
    waiting = waiting_translations(actor, language)
    count = waiting.count()
    return render(request, "messaging/library/review.html", {
        "language": language, "language_name": LANGUAGE_NAMES[language], "count": count,
        "texts": list(waiting[:REVIEW_PAGE]), "languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES[1:]],
    })  # fmt: skip


@require_POST
@school_staff
def readability_check(request):
    """The plain-Dutch warning for a text being typed (static/js/readability-check.js): the warning
    fragment with the hard words marked, or nothing when the text is fine. Used by every editor of
    parent texts; saves nothing."""
    result = check(request.POST.get("text", "")[:MAX_CHECK_LENGTH])
    if result.ok:
        return HttpResponse("")
    return render(request, "readability/_warning.html", {"result": result, "label": ""})
