"""Conversation URLs, one module per part: rounds (setup, availability, slots, coverage, planner),
booking (preferences, proposals, open booking, portal, calendar), records (the day, the record,
follow-up, advice, contact arrangements)."""

from .views import absence, booking, records, rounds

app_name = "conversations"
urlpatterns = [*rounds.urlpatterns, *booking.urlpatterns, *records.urlpatterns, *absence.urlpatterns]
