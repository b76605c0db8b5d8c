"""The status page: do the database, the broker and a Celery worker answer? For staff, and in short
(JSON, 200 or 503) for uptime monitors."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ouderbetrokkenheid import health as checks
from ouderbetrokkenheid.accounts.access import public, staff_required


@staff_required
@never_cache
def health(request):
    results = checks.run_checks()
    return render(request, "staffpages/health.html", {"checks": results, "all_ok": all(r.ok for r in results)})


@public
@never_cache
@require_GET
def health_monitor(request):
    """For uptime monitors: no login, no personal data, no details. 200 when the database, the broker
    and a worker answer, 503 when one does not; the body names only which check failed."""
    results = {result.key: result.ok for result in checks.run_checks()}
    healthy = all(results.values())
    body = {
        "status": "ok" if healthy else "problem",
        "checks": {key: "ok" if ok else "problem" for key, ok in results.items()},
    }
    return JsonResponse(body, status=200 if healthy else 503)
