from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("", views.privacy_statement, name="statement"),
    path("toegankelijkheid/", views.accessibility_statement, name="accessibility"),
    path("mijn-gegevens/", views.my_data, name="my_data"),
    path("mijn-gegevens/gegevens.json", views.my_data_json, name="my_data_json"),
    path("mijn-gegevens/gegevens.pdf", views.my_data_pdf, name="my_data_pdf"),
    path("beheer/", views.overview, name="overview"),
    path("beheer/ouder/<int:guardian_id>/verwijderen/", views.erase_guardian, name="erase_guardian"),
    path("beheer/leerling/<int:pupil_id>/verwijderen/", views.erase_pupil, name="erase_pupil"),
    path("beheer/verwerkingsregister.csv", views.register_csv, name="register_csv"),
    path("beheer/verwerkingsregister.pdf", views.register_pdf, name="register_pdf"),
]
