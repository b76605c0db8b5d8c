"""The status page: do the database, the broker and a Celery worker answer? For staff."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache

from ouderbetrokkenheid import health as checks
from ouderbetrokkenheid.accounts.access import staff_required


@staff_required
@never_cache
def health(request):
    results = checks.run_checks()
    return render(request, "staffpages/health.html", {"checks": results, "all_ok": all(r.ok for r in results)})
