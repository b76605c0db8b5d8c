from django.urls import path

from . import health_views, views
from .import_views import import_apply, import_history, import_undo, import_upload
from .profile_views import profile

app_name = "staffpages"
urlpatterns = [
    path("", views.staff_home, name="home"),
    path("aan-de-slag/", views.getting_started_page, name="getting_started"),
    path("groups/<int:group_id>/", views.group_detail, name="group"),
    path("pupils/<int:pupil_id>/", views.pupil_detail, name="pupil"),
    path("status/", health_views.health, name="health"),
    path("import/", import_upload, name="import"),
    path("import/apply/", import_apply, name="import_apply"),
    path("import/geschiedenis/", import_history, name="import_history"),
    path("import/terugdraaien/", import_undo, name="import_undo"),
    path("profiel/", profile, name="profile"),
]
