"""`Cache-Control: private, no-store` on every page that may hold personal data.

The rule (docs/security.md):
- every response to a logged-in request (staff, parent, admin) and every response on a URL that
  carries a token (a parent's RSVP, unsubscribe, login or feed link) is `private, no-store`,
  whatever the view set;
- any other response (an anonymous visitor on a public page) is `private, no-store` too, unless
  its view set a Cache-Control of its own: a public page that may be cached says so itself
  (`@cache_control(public=True, max_age=…)`).
Static files never reach this middleware (WhiteNoise serves them first, cached for a long time).
"""

from django.utils.cache import patch_cache_control

NO_STORE = "private, no-store"


def _has_token(request):
    match = getattr(request, "resolver_match", None)
    return bool(match) and any("token" in name for name in match.kwargs)


def _logged_in(request):
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class PrivateNoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _logged_in(request) or _has_token(request) or not response.has_header("Cache-Control"):
            del response["Cache-Control"]
            patch_cache_control(response, private=True, no_store=True)
        return response
