"""Where a parent goes after logging in: the page a link in an e-mail or text message pointed at,
kept through the login steps as `next`. Only a path on this site is kept (never another host,
scheme or a protocol-relative `//host`); anything else means the portal home."""

from django.utils.http import url_has_allowed_host_and_scheme

SESSION_NEXT = "accounts_parent_next"


def safe_next(request, value) -> str:
    """`value` when it is a same-site path, else ""."""
    value = (value or "").strip()
    if not value.startswith("/") or value.startswith(("//", "/\\")) or any(c in value for c in "\r\n\t"):
        return ""
    if not url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}, require_https=False):
        return ""
    return value


def next_of(request) -> str:
    """The destination asked for on this request (query string or form), checked."""
    return safe_next(request, request.POST.get("next") or request.GET.get("next"))
