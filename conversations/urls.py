"""Conversation URLs, by part: rounds (setup, availability, slots, coverage, planner; parents'
preferences), booking (parents' booking, proposals, calendar; staff booking for a family), records (the
day, the record, follow-up, contact arrangements; leadership's overviews; parents' records), absence.
The order is the resolution order: keep it."""

from django.urls import path

from .views.absence import absence_back, absences
from .views.booking import (
    accept,
    book,
    booking_ics,
    cancel,
    feed,
    move,
    my_bookings,
    my_feed,
    opening_reminder,
    waiting_list,
)
from .views.booking_staff import staff_book
from .views.new_pupils import contact, intake
from .views.records import conversation, day, experts, followup_book, followup_list
from .views.records_overview import advice_overview, not_reached, record_reads
from .views.records_parent import my_record, my_records
from .views.rounds import (
    availability,
    coverage,
    generate,
    invite,
    plan,
    round_detail,
    round_edit,
    round_list,
    round_new,
    round_translation,
    second_staff,
)
from .views.rounds_parent import preference, preference_list

app_name = "conversations"
urlpatterns = [
    # rounds
    path("rondes/", round_list, name="rounds"),
    path("rondes/nieuw/", round_new, name="round_add"),
    path("rondes/<int:round_id>/", round_detail, name="round"),
    path("rondes/<int:round_id>/wijzigen/", round_edit, name="round_edit"),
    path("rondes/<int:round_id>/vertaling/", round_translation, name="round_translation"),
    path("rondes/<int:round_id>/beschikbaarheid/", availability, name="availability"),
    path("rondes/<int:round_id>/tweede-collega/", second_staff, name="second_staff"),
    path("rondes/<int:round_id>/plekken/", generate, name="slots_generate"),
    path("rondes/<int:round_id>/dekking/", coverage, name="coverage"),
    path("rondes/<int:round_id>/planner/", plan, name="plan"),
    path("rondes/<int:round_id>/uitnodigen/", invite, name="round_invite"),
    path("voorkeuren/", preference_list, name="preferences"),
    path("voorkeuren/<int:round_id>/", preference, name="preference"),
    # booking
    path("mijn/", my_bookings, name="my_bookings"),
    path("ronde/<int:round_id>/kiezen/", book, name="book"),
    path("ronde/<int:round_id>/bevestigen/", accept, name="accept"),
    path("ronde/<int:round_id>/wachtlijst/", waiting_list, name="waiting_list"),
    path("ronde/<int:round_id>/herinnering/", opening_reminder, name="opening_reminder"),
    path("afspraak/<int:booking_id>/afzeggen/", cancel, name="cancel"),
    path("afspraak/<int:booking_id>/verplaatsen/", move, name="move"),
    path("afspraak/<int:booking_id>/agenda.ics", booking_ics, name="booking_ics"),
    path("mijn/agenda.ics", my_feed, name="my_feed"),
    path("agenda/<str:token>/gesprekken.ics", feed, name="feed"),
    path("ronde/<int:round_id>/leerling/<int:pupil_id>/boeken/", staff_book, name="staff_book"),
    # records
    path("dag/", day, name="day"),
    path("gesprek/<int:conversation_id>/", conversation, name="conversation"),
    path("gesprek/<int:conversation_id>/vervolg/", followup_book, name="followup_book"),
    path("gesprek/<int:conversation_id>/deskundigen/", experts, name="booking_experts"),
    path("opvolgen/<int:round_id>/", followup_list, name="followup"),
    path("niet-bereikt/", not_reached, name="not_reached"),
    path("adviezen/", advice_overview, name="advice"),
    path("nieuwe-leerlingen/", intake, name="intake"),
    path("leerling/<int:pupil_id>/contact/", contact, name="contact"),
    path("verslagen/", my_records, name="my_records"),
    path("verslagen/inzage/", record_reads, name="record_reads"),
    path("verslagen/<int:record_id>/", my_record, name="my_record"),
    # absence
    path("rondes/<int:round_id>/afwezig/", absences, name="absences"),
    path("afwezig/<int:absence_id>/terug/", absence_back, name="absence_back"),
]
