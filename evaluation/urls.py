"""Evaluation URLs ("Werkt het bij ons?"): a school's evaluations, their export and the board's pooled view."""

from django.urls import path

from .views import board, export, school

app_name = "evaluation"
urlpatterns = [
    path("bestuur/", board.pooled, name="board"),
    path("", school.evaluation_list, name="list"),
    path("nieuw/", school.evaluation_new, name="new"),
    path("<int:evaluation_id>/", school.evaluation_detail, name="detail"),
    path("<int:evaluation_id>/wijzigen/", school.evaluation_edit, name="edit"),
    path("<int:evaluation_id>/vastleggen/", school.evaluation_freeze, name="freeze"),
    path("<int:evaluation_id>/intrekken/", school.evaluation_withdraw, name="withdraw"),
    path("<int:evaluation_id>/herberekenen/", school.evaluation_recompute, name="recompute"),
    path("<int:evaluation_id>/plan.json", school.evaluation_plan_json, name="plan_json"),
    path("<int:evaluation_id>/pdf/", school.evaluation_pdf, name="pdf"),
    path("<int:evaluation_id>/export/", export.export_request, name="export_request"),
    path("<int:evaluation_id>/export/<int:export_id>/goedkeuren/", export.export_approve, name="export_approve"),
    path("<int:evaluation_id>/export/<int:export_id>/csv/", export.export_download, name="export_download"),
]
