"""Meetings URLs, one module per part: programme (planning), invitations (RSVP, calendar),
attendance (presenters' checklist, handouts, reach)."""

from .views import attendance, invitations, programme

app_name = "meetings"
urlpatterns = [*programme.urlpatterns, *invitations.urlpatterns, *attendance.urlpatterns]
