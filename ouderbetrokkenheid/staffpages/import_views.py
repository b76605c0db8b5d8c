from django.http import Http404
from django.urls import path

from ouderbetrokkenheid.accounts.access import roles_required


@roles_required("leadership", "admin")
def import_upload(request):
    raise Http404


urlpatterns = [path("import/", import_upload, name="import")]
