from .views import data, view

app_name = "development"
urlpatterns = [*data.urlpatterns, *view.urlpatterns]
