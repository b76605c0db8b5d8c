"""Delivery views: Twilio's status callback and inbound-SMS webhook, Mailgun's inbound route, the e-mail unsubscribe
page, the guardian's consent page and the teacher's list of guardians without a working
channel. Webhooks are public but refuse (403) any request without a valid Twilio signature."""

from xml.sax.saxutils import escape

from anymail.webhooks.mailgun import MailgunInboundWebhookView, MailgunTrackingWebhookView
from django.contrib import messages
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from messaging.forms import PreferencesForm
from ouderbetrokkenheid.accounts.access import actor_for, guardian_required, public, staff_required

from .. import consent, engine, inbound
from ..channels.reachability import unreachable_guardians
from ..channels.render import callback_url
from ..channels.twilio import signature_valid
from ..models import Topic


def _twilio_verified(request):
    pairs = [(name, value) for name, values in request.POST.lists() for value in values]
    urls = {callback_url(request.resolver_match.view_name).split("?")[0], request.build_absolute_uri()}
    return signature_valid(urls=urls, params=pairs, header=request.headers.get("X-Twilio-Signature", ""))


@public
@csrf_exempt
@require_POST
def twilio_status(request):
    if not _twilio_verified(request):
        return HttpResponseForbidden()
    engine.delivery_update(
        provider_id=request.POST.get("MessageSid", ""),
        provider_status=request.POST.get("MessageStatus", ""),
        error_code=request.POST.get("ErrorCode", ""),
    )
    return HttpResponse(status=204)


STOPPED_ALL = gettext_lazy(
    "U krijgt geen berichten meer van school, ook geen herinneringen. Stuur %(start)s om weer te beginnen."
)
STOPPED_TIPS = gettext_lazy(
    "U krijgt geen tips en nieuws meer. Herinneringen blijven komen. Stuur %(stop_all)s om die ook te stoppen."
)


def _keyword_reply(result):
    verb, topics, guardians = result
    language = guardians[0].page_language
    with translation.override(language):
        if verb == "start":
            return _("U krijgt weer berichten van school.")
        if Topic.REMINDER in topics:
            return str(STOPPED_ALL) % consent.words_for(language)
        return str(STOPPED_TIPS) % consent.words_for(language)


@public
@csrf_exempt
@require_POST
def twilio_inbound(request):
    if not _twilio_verified(request):
        return HttpResponseForbidden()
    number, body = request.POST.get("From", ""), request.POST.get("Body", "")
    result = consent.sms_keyword(number=number, body=body)  # STOP and START first, always
    if result:
        answers = [_keyword_reply(result)]
    else:  # any other reply lands in the family's thread (messaging.inbound)
        answers = inbound.phone_reply(number=number, body=body, reference=request.POST.get("MessageSid", ""))
    reply = "".join(f"<Message>{escape(text)}</Message>" for text in answers)
    return HttpResponse(f'<?xml version="1.0" encoding="UTF-8"?><Response>{reply}</Response>', content_type="text/xml")


@public
@csrf_exempt  # the signed token is the credential; mail clients POST one-click unsubscribes (RFC 8058)
def unsubscribe(request, token):
    try:
        guardian, topic = consent.unsubscribe_check(token)
        if request.method == "POST":
            consent.unsubscribe_confirm(token=token)
    except consent.InvalidToken:
        return render(request, "messaging/delivery/unsubscribe.html", {"state": "invalid"}, status=400)
    with translation.override(guardian.page_language):
        context = {"state": "done" if request.method == "POST" else "confirm", "topic": Topic(topic).label}
        return render(request, "messaging/delivery/unsubscribe.html", context)


@guardian_required
def preferences(request):
    guardian = actor_for(request).guardian
    form = PreferencesForm(request.POST or None, guardian=guardian)
    if request.method == "POST" and form.is_valid():
        consent.preferences_update(
            guardian=guardian,
            active_topics=[t for t in consent.ALL_TOPICS if form.cleaned_data[t]],
            channel=form.cleaned_data["channel"] or guardian.channel,
        )
        messages.success(request, _("Uw keuzes zijn opgeslagen."))
        return redirect("messaging:preferences")
    return render(request, "messaging/delivery/preferences.html", {"form": form, "guardian": guardian})


@staff_required
def unreachable(request):
    guardians = unreachable_guardians(request.user)
    return render(request, "messaging/delivery/unreachable.html", {"guardians": guardians})


# The ESP's tracking webhook (bounces, complaints): anymail's view checks the ESP's signature.
mailgun_tracking = public(MailgunTrackingWebhookView.as_view())
# Parents' e-mail replies (a Mailgun route forwarding to this URL): signature checked by anymail.
mailgun_inbound = public(MailgunInboundWebhookView.as_view())
