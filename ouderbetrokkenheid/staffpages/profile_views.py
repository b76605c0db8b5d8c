"""A member of staff's own profile: the language of the staff screens (Dutch unless chosen)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from ouderbetrokkenheid.accounts.access import actor_for, school_staff_required
from ouderbetrokkenheid.staffpages.forms import ProfileForm


@school_staff_required
def profile(request):
    staff = actor_for(request).staff
    form = ProfileForm(request.POST or None, instance=staff)
    if request.method == "POST" and form.is_valid():
        staff.save(update_fields=["language"])  # the form set it on the instance
        translation.activate(staff.language or "nl")
        messages.success(request, _("Uw profiel is opgeslagen."))
        return redirect("staffpages:profile")
    return render(request, "staffpages/profile.html", {"form": form, "staff": staff})
