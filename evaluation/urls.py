"""Evaluation URLs ("Werkt het bij ons?"): a school's evaluations and the board's pooled view."""

from .views import board, school

app_name = "evaluation"
urlpatterns = [*board.urlpatterns, *school.urlpatterns]
