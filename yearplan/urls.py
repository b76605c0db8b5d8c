"""Jaarplanning URLs: the leadership setup pages, then the calendar views (staff, parents, feeds).
The order is the resolution order: keep it."""

from django.urls import path

from .views.calendar import (
    board,
    index,
    month_view,
    my_year,
    publish,
    staff_feed_page,
    week_view,
    year_overview,
    year_pdf,
)
from .views.calendar_parent import guardian_feed_page, parent_year
from .views.feeds import conversations_feed, feed
from .views.setup import conflicts, holidays_import, year_plan, year_setup
from .views.setup import index as setup_index

app_name = "yearplan"
urlpatterns = [
    # setup
    path("inrichten/", setup_index, name="setup"),
    path("inrichten/vakanties-inlezen/", holidays_import, name="holidays_import"),
    path("inrichten/<int:year_id>/", year_setup, name="setup_year"),
    path("inrichten/<int:year_id>/plannen/", year_plan, name="plan_year"),
    path("inrichten/<int:year_id>/knelpunten/", conflicts, name="conflicts"),
    # calendar
    path("kalender/", index, name="calendar"),
    path("kalender/<int:year_id>/", year_overview, name="calendar_year"),
    path("kalender/<int:year_id>/pdf/", year_pdf, name="calendar_pdf"),
    path("kalender/<int:year_id>/maand/", month_view, name="calendar_month"),
    path("kalender/<int:year_id>/week/", week_view, name="calendar_week"),
    path("kalender/<int:year_id>/publiceren/", publish, name="publish"),
    path("mijn-jaar/", my_year, name="my_year"),
    path("mijn-jaar/agenda-link/", staff_feed_page, name="staff_feed_page"),
    path("bestuur/", board, name="board"),
    path("ouders/", parent_year, name="parent_year"),
    path("ouders/agenda-link/", guardian_feed_page, name="guardian_feed_page"),
    path("agenda/<str:token>.ics", feed, name="feed"),
    path("agenda/<str:token>/gesprekken.ics", conversations_feed, name="conversations_feed"),
]
