"""Parent pages of the information sessions: the RSVP page from the link in the invitation (no
login: the token is the key), the portal list of my invitations with the same answer form, and
the calendar files. Pages are shown in the guardian's language unless they picked another one."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from meetings.forms import RsvpForm
from ouderbetrokkenheid.accounts.access import actor_for, guardian_required, public

from .. import ical, selectors
from ..invitations import invitation_respond
from ..models import Response
from ..texts import item_texts

ANSWERS = [
    (Response.COMING, "✓"),
    (Response.NOT_COMING, "✗"),
    (Response.MAYBE, "?"),
]


def _language(request, invitation):
    """The guardian's language, unless they chose one with the language menu."""
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return translation.get_language()
    return invitation.guardian.page_language


def _initial(invitation):
    return {
        "response": invitation.response or None,
        "childcare_children": invitation.childcare_children,
        "interpreter_language": invitation.interpreter_language,
        "question": invitation.question,
    }


def _answer(request, invitation, *, link, template_context):
    """GET: the form; POST: record the answer and come back to the same page."""
    session = invitation.session
    form = RsvpForm(request.POST or None, session=session, initial=_initial(invitation))
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data}
        data["childcare_children"] = data.get("childcare_children") or 0
        try:
            invitation_respond(invitation=invitation, link=link, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Dank u wel! Uw antwoord is opgeslagen."))
            return redirect(request.path)
    context = {"invitation": invitation, "session": session, "form": form, "answers": ANSWERS,
               "words": item_texts(session.item, translation.get_language()), **template_context}  # fmt: skip
    return render(request, "meetings/rsvp.html", context)


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = (
        "same-origin"  # keeps the token from other sites; no-referrer makes Chromium post Origin: null (CSRF fails)
    )
    return response


def _over(request):
    """The session of this link is over: a short page, 410 (the link did its job)."""
    return _private(render(request, "meetings/rsvp_over.html", status=410))


@public
def rsvp(request, token):
    try:
        invitation = selectors.invitation_for_token(token)
    except selectors.InvitationOver:
        return _over(request)
    with translation.override(_language(request, invitation)):
        link = request.build_absolute_uri(reverse("meetings:rsvp", kwargs={"token": token}))
        ics_url = reverse("meetings:rsvp_ics", kwargs={"token": token})
        return _private(_answer(request, invitation, link=link, template_context={"ics_url": ics_url}))


@public
def rsvp_ics(request, token):
    try:
        invitation = selectors.invitation_for_token(token)
    except selectors.InvitationOver:
        return _over(request)
    return _private(_ics(invitation.session, language=_language(request, invitation)))


@guardian_required
def my_invitations(request):
    guardian = actor_for(request).guardian
    language, invitations = translation.get_language(), selectors.invitations_of(guardian)
    if language != "nl":  # the items' translations in one query
        invitations = invitations.prefetch_related("session__item__translations")
    now = timezone.now()  # the coming session first, then the ones that have been (latest first)
    invitations = sorted(invitations, key=lambda i: (i.session.starts_at < now, abs(i.session.starts_at - now)))
    for invitation in invitations:  # each card says which children it is for
        invitation.child_names = ", ".join(pupil.first_name for pupil in invitation.pupils.all())
    rows = [(invitation, item_texts(invitation.session.item, language)) for invitation in invitations]
    context = {"rows": rows, "invitations": [invitation for invitation, _words in rows]}
    return render(request, "meetings/my_invitations.html", context)


@guardian_required
def my_rsvp(request, session_id):
    invitation = selectors.invitation_of_guardian(actor_for(request).guardian, session_id)
    link = request.build_absolute_uri(reverse("meetings:my_invitations"))
    ics_url = reverse("meetings:my_session_ics", kwargs={"session_id": session_id})
    return _private(_answer(request, invitation, link=link, template_context={"ics_url": ics_url, "portal": True}))


@guardian_required
def my_session_ics(request, session_id):
    invitation = selectors.invitation_of_guardian(actor_for(request).guardian, session_id)
    return _private(_ics(invitation.session, language=translation.get_language()))


def _ics(session, *, language):
    response = HttpResponse(ical.session_ical(session, language=language), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{ical.ical_filename(session)}"'
    return response
