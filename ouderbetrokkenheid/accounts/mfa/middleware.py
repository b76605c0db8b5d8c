from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from ..access import policy_of
from .rules import has_app, is_verified, must_verify

ADMIN_PREFIX = "/admin/"
PARENT_ROLES = {"guardian"}


def unverified_allowed(view):
    """For the views of the two-step login itself: reachable before the second step."""
    view.mfa_exempt = True
    return view


def mfa_redirect(request):
    """To the verify step, or to enrolment when no app is linked yet; back to this page after."""
    name = "accounts:mfa_verify" if has_app(request.user) else "accounts:mfa_setup"
    target = request.get_full_path() if request.method == "GET" else reverse("home")
    return redirect(f"{reverse(name)}?{urlencode({'next': target})}")


class MFARequiredMiddleware:
    """A session that must verify a second factor and has not sees no staff page and no admin page:
    only public pages and parent pages (which show nothing but a guardian's own family)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "mfa_exempt", False):
            return None
        if not request.path.startswith(ADMIN_PREFIX):
            policy = policy_of(view_func)
            if policy is not None and set(policy.roles) <= PARENT_ROLES:
                return None  # public, or a parent page (a guardian's own family; parents log in by link)
        if not request.user.is_authenticated or is_verified(request.user) or not must_verify(request):
            return None
        return mfa_redirect(request)
