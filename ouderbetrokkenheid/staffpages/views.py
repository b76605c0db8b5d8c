from django.http import Http404

from ouderbetrokkenheid.accounts.access import staff_required


@staff_required
def staff_home(request):
    raise Http404


@staff_required
def group_detail(request, group_id):
    raise Http404


@staff_required
def pupil_detail(request, pupil_id):
    raise Http404
