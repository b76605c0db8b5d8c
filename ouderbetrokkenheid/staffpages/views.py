from django.http import Http404

from ouderbetrokkenheid.accounts.access import roles_required, staff_required


@staff_required
def staff_home(request):
    raise Http404


@roles_required("leadership", "admin")
def import_upload(request):
    raise Http404


@staff_required
def health(request):
    raise Http404
