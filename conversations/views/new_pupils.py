"""New pupils' first contact: the intake list and a pupil's contact arrangement (record staff)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from conversations.contact import contact_arrangement_save, contact_details_correct, contact_moment_log
from conversations.forms import ArrangementForm, GuardianDetailsForm
from conversations.intake import intake_candidates, intake_offer
from conversations.models import ContactArrangement
from conversations.records import may_write
from conversations.views.records import _current_year, record_staff
from ouderbetrokkenheid.accounts.access import actor_for
from ouderbetrokkenheid.accounts.scoping import guardian_for_user, pupil_for_user


@record_staff
def intake(request):
    staff = actor_for(request).staff
    today = timezone.localdate()
    year = _current_year(staff, today)
    candidates = (
        [e for e in intake_candidates(school_year=year, today=today) if may_write(staff, e.pupil)] if year else []
    )
    if request.method == "POST":
        pupil = next((e.pupil for e in candidates if str(e.pupil_id) == request.POST.get("pupil")), None)
        starts_at = parse_datetime(request.POST.get("starts_at", ""))
        if pupil is None or starts_at is None:
            messages.error(request, _("Kies een leerling en een datum en tijd."))
        else:
            try:
                intake_offer(pupil=pupil, by=staff, starts_at=timezone.make_aware(starts_at))
                messages.success(request, _("De ouders krijgen een voorstel voor het kennismakingsgesprek."))
                return redirect("conversations:intake")
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
    return render(request, "conversations/records/intake.html", {"candidates": candidates})


def _contact_post(request, pupil, year, arrangement):
    staff = actor_for(request).staff
    action = request.POST.get("action")
    if action == "arrangement":
        form = ArrangementForm(request.POST, instance=arrangement)
        if not form.is_valid():
            raise ValidationError(_("Controleer de contactafspraak."))
        contact_arrangement_save(pupil=pupil, school_year=year, by=staff, **form.cleaned_data)
    elif action == "moment" and arrangement:
        on = parse_date(request.POST.get("on", "")) or timezone.localdate()
        contact_moment_log(arrangement=arrangement, on=on, note=request.POST.get("note", ""), by=staff)
    elif action == "details":
        form = GuardianDetailsForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Controleer de contactgegevens."))
        data = form.cleaned_data
        guardian = guardian_for_user(request.user, data.pop("guardian"))
        contact_details_correct(guardian=guardian, pupil=pupil, by=staff, **data)


@record_staff
def contact(request, pupil_id):
    staff = actor_for(request).staff
    pupil = pupil_for_user(request.user, pupil_id)
    today = timezone.localdate()
    year = _current_year(staff, today)
    if year is None or not may_write(staff, pupil):
        raise Http404
    arrangement = ContactArrangement.objects.filter(pupil=pupil, school_year=year).first()
    if request.method == "POST":
        try:
            _contact_post(request, pupil, year, arrangement)
            messages.success(request, _("Opgeslagen."))
            return redirect("conversations:contact", pupil_id=pupil.pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    context = {
        "pupil": pupil,
        "arrangement": arrangement,
        "form": ArrangementForm(instance=arrangement),
        "moments": arrangement.moments.select_related("by")[:20] if arrangement else [],
        "guardians": [link.guardian for link in pupil.guardian_links.select_related("guardian")],
    }
    return render(request, "conversations/records/contact.html", context)
