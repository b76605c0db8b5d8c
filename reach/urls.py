app_name = "reach"
urlpatterns = []
