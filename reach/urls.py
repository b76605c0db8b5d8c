"""Reach URLs. The order is the resolution order: keep it."""

from django.urls import path

from .staff_views import (
    booking_interpreter_cancel,
    booking_interpreters,
    session_interpreter_change,
    session_interpreters,
)
from .views import (
    buddy_detail,
    buddy_list,
    dashboard,
    dashboard_csv,
    followup_add,
    interpreter_deactivate,
    interpreter_edit,
    interpreter_list,
    not_reached_csv,
)

app_name = "reach"
urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("jaar/<int:year_id>/", dashboard, name="dashboard_year"),
    path("jaar/<int:year_id>/bereik.csv", dashboard_csv, name="dashboard_csv"),
    path("jaar/<int:year_id>/niet-bereikt.csv", not_reached_csv, name="not_reached_csv"),
    path("jaar/<int:year_id>/opvolging/<int:guardian_id>/", followup_add, name="followup_add"),
    path("tolken/", interpreter_list, name="interpreters"),
    path("tolken/<int:interpreter_id>/", interpreter_edit, name="interpreter"),
    path("tolken/<int:interpreter_id>/deactiveren/", interpreter_deactivate, name="interpreter_deactivate"),
    path("bijeenkomst/<int:session_id>/tolken/", session_interpreters, name="session_interpreters"),
    path(
        "bijeenkomst/<int:session_id>/tolken/<int:interpreter_id>/",
        session_interpreter_change,
        name="session_interpreter_change",
    ),
    path("gesprek/<int:booking_id>/tolken/", booking_interpreters, name="booking_interpreters"),
    path(
        "gesprek/<int:booking_id>/tolken/<int:interpreter_id>/",
        booking_interpreter_cancel,
        name="booking_interpreter_cancel",
    ),
    path("maatjes/", buddy_list, name="buddies"),
    path("maatjes/<int:pair_id>/", buddy_detail, name="buddy"),
]
