"""Messaging URLs, by part: delivery (webhooks, unsubscribe, consent, history), library (the message
library editor), plans (weekly plans and overviews). The order is the resolution order: keep it."""

from django.urls import path

from .views.delivery import (
    mailgun_inbound,
    mailgun_tracking,
    preferences,
    twilio_inbound,
    twilio_status,
    unreachable,
    unsubscribe,
)
from .views.library import library_edit, library_index, library_install_view, readability_check, translations_review
from .views.plans import (
    group_overview,
    guardian_history,
    portal_messages,
    school_overview,
    send_settings,
    week_overview,
    week_plan,
)

app_name = "messaging"
urlpatterns = [
    # delivery
    path("twilio/status/", twilio_status, name="twilio_status"),
    path("mailgun/tracking/", mailgun_tracking, name="mailgun_tracking"),
    path("twilio/inbound/", twilio_inbound, name="twilio_inbound"),
    path("mailgun/inbound/", mailgun_inbound, name="mailgun_inbound"),
    path("afmelden/<str:token>/", unsubscribe, name="unsubscribe"),
    path("voorkeuren/", preferences, name="preferences"),
    path("onbereikbaar/", unreachable, name="unreachable"),
    # library
    path("bibliotheek/", library_index, name="library"),
    path("leesbaarheid/", readability_check, name="readability_check"),
    path("bibliotheek/installeren/", library_install_view, name="library_install"),
    path("bibliotheek/vertalingen/<str:language>/", translations_review, name="library_review"),
    path("bibliotheek/<int:entry_id>/", library_edit, name="library_edit"),
    # plans
    path("weekplannen/", week_overview, name="week_overview"),
    path("weekplannen/groep/<int:group_id>/", week_plan, name="week_plan"),
    path("instellingen/", send_settings, name="send_settings"),
    path("overzicht/", school_overview, name="school_overview"),
    path("overzicht/groep/<int:group_id>/", group_overview, name="group_overview"),
    path("ouders/<int:guardian_id>/", guardian_history, name="guardian_history"),
    path("mijn-berichten/", portal_messages, name="portal_messages"),
]
