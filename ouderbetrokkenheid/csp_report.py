"""Where browsers report Content-Security-Policy violations (the policy's report-uri): logged as
warnings, nothing stored. Public (browsers send no cookies with reports), POST only, small."""

import json
import logging

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ouderbetrokkenheid.accounts.access import public

logger = logging.getLogger("ouderbetrokkenheid.csp")
MAX_BYTES = 8 * 1024
FIELDS = ("document-uri", "violated-directive", "effective-directive", "blocked-uri", "source-file", "line-number")


@public
@csrf_exempt
@require_POST
def csp_report(request):
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BYTES:
        return HttpResponse(status=413)
    try:
        report = json.loads(request.body or b"{}").get("csp-report") or {}
    except (ValueError, AttributeError):
        return HttpResponse(status=400)
    if isinstance(report, dict):
        logger.warning("CSP violation: %s", {key: str(report.get(key, ""))[:200] for key in FIELDS})
    return HttpResponse(status=204)
