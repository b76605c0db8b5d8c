"""Meetings URLs, by part: programme (leadership's planning; staff's session pages), invitations
(RSVP, calendar), attendance (presenters' checklist, reach), handouts. The order is the resolution
order: keep it."""

from django.urls import path

from .handouts.views import handout_for_guardian, handout_for_staff, text_approve, text_edit, texts_list
from .views.attendance import (
    attendance_toggle,
    attended_none,
    checklist,
    followup_add,
    followup_page,
    reach_overview,
    reach_session,
    walk_in,
)
from .views.invitations import my_invitations, my_rsvp, my_session_ics, rsvp, rsvp_ics
from .views.programme import (
    plan,
    programme,
    programme_defaults,
    programme_item,
    programme_item_new,
    programme_item_translation,
    session_add,
    session_invite,
    session_remove,
)
from .views.sessions import session_detail, session_edit, session_ics, session_list, session_move_decision

app_name = "meetings"
urlpatterns = [
    # programme
    path("", session_list, name="sessions"),
    path("programma/", programme, name="programme"),
    path("programma/standaard/", programme_defaults, name="programme_install"),
    path("programma/nieuw/", programme_item_new, name="programme_item_add"),
    path("programma/<int:item_id>/", programme_item, name="programme_item"),
    path("programma/<int:item_id>/vertaling/", programme_item_translation, name="programme_item_translation"),
    path("plannen/<int:school_year_id>/", plan, name="plan"),
    path("plannen/<int:school_year_id>/toevoegen/", session_add, name="session_add"),
    path("<int:session_id>/", session_detail, name="session"),
    path("<int:session_id>/wijzigen/", session_edit, name="session_edit"),
    path("<int:session_id>/voorstel/<int:proposal_id>/", session_move_decision, name="session_move_decision"),
    path("<int:session_id>/uitnodigen/", session_invite, name="session_invite"),
    path("<int:session_id>/annuleren/", session_remove, name="session_cancel"),
    path("<int:session_id>/agenda.ics", session_ics, name="session_ics"),
    # invitations
    path("antwoord/<str:token>/", rsvp, name="rsvp"),
    path("antwoord/<str:token>/agenda.ics", rsvp_ics, name="rsvp_ics"),
    path("mijn/", my_invitations, name="my_invitations"),
    path("mijn/<int:session_id>/", my_rsvp, name="my_rsvp"),
    path("mijn/<int:session_id>/agenda.ics", my_session_ics, name="my_session_ics"),
    # attendance
    path("<int:session_id>/aanwezigheid/", checklist, name="attendance"),
    path("<int:session_id>/aanwezigheid/<int:invitation_id>/", attendance_toggle, name="attendance_toggle"),
    path("<int:session_id>/binnenlopers/", walk_in, name="walk_in"),
    path("bereik/", reach_overview, name="reach"),
    path("bereik/niemand-geweest/", attended_none, name="attended_none"),
    path("<int:session_id>/bereik/", reach_session, name="reach_session"),
    path("<int:session_id>/opvolging/", followup_page, name="followup"),
    path("<int:session_id>/opvolging/<int:invitation_id>/", followup_add, name="followup_add"),
    # views
    path("<int:session_id>/hand-out.pdf", handout_for_staff, name="handout"),
    path("<int:session_id>/mijn-hand-out.pdf", handout_for_guardian, name="handout_guardian"),
    path("hand-outteksten/", texts_list, name="handout_texts"),
    path("hand-outteksten/bewerken/", text_edit, name="handout_text_edit"),
    path("hand-outteksten/goedkeuren/", text_approve, name="handout_text_approve"),
]
