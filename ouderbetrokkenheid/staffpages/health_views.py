from django.http import Http404

from ouderbetrokkenheid.accounts.access import staff_required


@staff_required
def health(request):
    raise Http404
