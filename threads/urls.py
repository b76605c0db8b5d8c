"""Threads URLs: the parents' portal pages, then the school's inbox. The order is the resolution order:
keep it."""

from django.urls import path

from .views import answer, close, inbox, notify_settings, portal, portal_request, request_handle, thread_view

app_name = "threads"
urlpatterns = [
    path("", portal, name="portal"),
    path("gesprek-vragen/", portal_request, name="portal_request"),
    path("school/", inbox, name="inbox"),
    path("school/meldingen/", notify_settings, name="notify_settings"),
    path("school/<int:thread_id>/", thread_view, name="thread"),
    path("school/<int:thread_id>/antwoord/", answer, name="answer"),
    path("school/<int:thread_id>/verzoek/", request_handle, name="request"),
    path("school/<int:thread_id>/sluiten/", close, name="close"),
]
