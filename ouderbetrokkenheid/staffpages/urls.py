from django.urls import path

from . import health_views, import_views, profile_views, views

app_name = "staffpages"
urlpatterns = [
    path("", views.staff_home, name="home"),
    path("aan-de-slag/", views.getting_started_page, name="getting_started"),
    path("groups/<int:group_id>/", views.group_detail, name="group"),
    path("pupils/<int:pupil_id>/", views.pupil_detail, name="pupil"),
    path("status/", health_views.health, name="health"),
    *import_views.urlpatterns,
    *profile_views.urlpatterns,
]
