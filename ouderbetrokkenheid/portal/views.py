from django.shortcuts import redirect, render
from django.utils import timezone

from ouderbetrokkenheid.accounts.access import actor_for, guardian_required, public

from .selectors import children_of
from .tasks import open_tasks


@public
def home(request):
    """Send each person to their own start page."""
    actor = actor_for(request)
    if actor.staff or actor.board_admin or actor.memberships:  # staff of several schools choose one there
        return redirect("staffpages:home")
    if actor.guardian:
        return redirect("portal:home")
    return redirect("accounts:login")


@guardian_required
def portal_home(request):
    """The portal home: what the guardian still has to do (most urgent first), then their
    children, their group and teachers."""
    guardian = actor_for(request).guardian
    children = children_of(guardian, day=timezone.localdate())
    context = {"guardian": guardian, "children": children, "tasks": open_tasks(guardian)}
    return render(request, "portal/home.html", context)
