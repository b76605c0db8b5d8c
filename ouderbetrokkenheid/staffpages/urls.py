from django.urls import path

from . import views

app_name = "staffpages"
urlpatterns = [
    path("", views.staff_home, name="home"),
    path("import/", views.import_upload, name="import"),
    path("status/", views.health, name="health"),
]
