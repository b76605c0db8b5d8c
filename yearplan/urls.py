app_name = "yearplan"
urlpatterns = []
