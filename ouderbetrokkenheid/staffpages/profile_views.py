"""A member of staff's own profile: the language of the staff screens (Dutch unless chosen)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _

from ouderbetrokkenheid.accounts.access import actor_for, school_staff_required
from ouderbetrokkenheid.school.models import Staff


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Staff
        fields = ["language"]
        widgets = {"language": forms.Select(attrs={"class": "form-select"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Nederlands (standaard)"))] + [
            choice for choice in self.fields["language"].choices if choice[0] not in ("", "nl")
        ]


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


urlpatterns = [path("profiel/", profile, name="profile")]
