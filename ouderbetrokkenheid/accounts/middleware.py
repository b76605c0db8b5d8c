from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from . import acting
from .access import policy_of

# Django's admin guards itself (is_staff, superusers only); everything else must carry a policy.
EXEMPT_PREFIXES = ("/admin/",)


class AccessPolicyMiddleware:
    """Default deny: a view without an access policy is never served."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(EXEMPT_PREFIXES) or (settings.DEBUG and request.path.startswith("/static/")):
            return None
        policy = policy_of(view_func)
        if policy is None:
            raise ImproperlyConfigured(f"View {view_func!r} has no access policy (see accounts/access.py).")
        return policy.check(request)


class ActingSchoolMiddleware:
    """The school a member of staff acts for, from the session, on request.user (accounts/acting.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        acting.attach(request)
        return self.get_response(request)
