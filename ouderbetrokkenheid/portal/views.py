from django.shortcuts import redirect

from django.http import Http404

from ouderbetrokkenheid.accounts.access import actor_for, guardian_required, public


@public
def home(request):
    """Send each person to their own start page."""
    actor = actor_for(request)
    if actor.staff or actor.board_admin:
        return redirect("staffpages:home")
    if actor.guardian:
        return redirect("portal:home")
    return redirect("accounts:login")


@guardian_required
def portal_home(request):
    raise Http404  # filled in by the portal pages
