"""Jaarplanning URLs: the leadership setup pages and the calendar views, one module each."""

from .views import calendar, setup

app_name = "yearplan"
urlpatterns = [*setup.urlpatterns, *calendar.urlpatterns]
