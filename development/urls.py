"""Development URLs: the data pages (results, tables, settings, goals, advice, log), then the views of
a child's development. The order is the resolution order: keep it."""

from django.urls import path

from .views.data import (
    access_log,
    advice_register,
    hub,
    import_apply,
    import_upload,
    level_tables,
    route_table,
    settings_page,
)
from .views.pupil_data import advice, perspective, result_detail, results
from .views.view import group_page, portal_page, publish, pupil_page, pupil_pdf

app_name = "development"
urlpatterns = [
    # data
    path("gegevens/", hub, name="data_hub"),
    path("gegevens/leerling/<int:pupil_id>/toetsen/", results, name="data_results"),
    path("gegevens/leerling/<int:pupil_id>/toetsen/<int:result_id>/", result_detail, name="data_result"),
    path("gegevens/leerling/<int:pupil_id>/perspectief/", perspective, name="data_perspective"),
    path("gegevens/leerling/<int:pupil_id>/advies/", advice, name="data_advice"),
    path("gegevens/import/", import_upload, name="data_import"),
    path("gegevens/import/doorvoeren/", import_apply, name="data_import_apply"),
    path("gegevens/omrekentabellen/", level_tables, name="data_tables"),
    path("gegevens/routetabel/", route_table, name="data_routes"),
    path("gegevens/instellingen/", settings_page, name="data_settings"),
    path("gegevens/adviezen/", advice_register, name="data_advices"),
    path("gegevens/inzage-log/", access_log, name="data_log"),
    # view
    path("leerling/<int:pupil_id>/", pupil_page, name="view"),
    path("leerling/<int:pupil_id>/ontwikkeling.pdf", pupil_pdf, name="view_pdf"),
    path("leerling/<int:pupil_id>/delen/", publish, name="view_publish"),
    path("groep/<int:group_id>/", group_page, name="view_group"),
    path("mijn-kind/<int:published_pupil_id>/", portal_page, name="portal_view"),
]
