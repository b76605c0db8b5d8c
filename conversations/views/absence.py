"""A teacher drops out: mark a teacher absent for (part of) a conversation day of a round, and undo
it when they are back (leadership for any teacher of the school, a teacher for themself)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conversations.forms import AbsenceForm
from ouderbetrokkenheid.accounts.access import actor_for, roles_required
from ouderbetrokkenheid.school.clock import at_local

from ..absence import absence_end, absence_start, absences_for_round
from ..models import Absence
from ..selectors import round_for

absence_staff_required = roles_required("teacher", "leadership", "admin")


@absence_staff_required
def absences(request, round_id):
    me = actor_for(request).staff
    round = round_for(actor_for(request), round_id)
    form = AbsenceForm(request.POST or None, me=me, initial={"day": round.first_day})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            absence = absence_start(
                round=round, staff=data["staff"], starts_at=at_local(data["day"], data["start"]),
                ends_at=at_local(data["day"], data["end"]), by=me, base_url=request.build_absolute_uri("/"),
            )  # fmt: skip
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
        except PermissionDenied:
            form.add_error("staff", _("U kunt alleen uzelf afwezig melden."))
        else:
            messages.success(
                request,
                _("%(name)s staat als afwezig. %(n)s gesprekken gaan niet door; de ouders krijgen bericht.")
                % {"name": absence.staff.full_name, "n": absence.cancelled.count()},
            )
            return redirect("conversations:absences", round_id=round.pk)
    return render(request, "conversations/rounds/absences.html", {
        "round": round, "form": form, "absences": absences_for_round(round), "me": me,
    })  # fmt: skip


@absence_staff_required
@require_POST
def absence_back(request, absence_id):
    me = actor_for(request).staff
    try:
        absence = Absence.objects.select_related("round", "staff").get(pk=absence_id, staff__school_id=me.school_id)
    except (Absence.DoesNotExist, ValueError):
        raise Http404 from None
    try:
        restored, lost = absence_end(absence=absence, by=me, base_url=request.build_absolute_uri("/"))
    except PermissionDenied:
        raise Http404 from None
    messages.success(
        request,
        _(
            "%(name)s is terug. %(restored)s gesprekken staan weer; "
            "%(lost)s niet (die tijd of dat gezin is al anders ingepland)."
        )
        % {"name": absence.staff.full_name, "restored": len(restored), "lost": len(lost)},
    )
    return redirect("conversations:absences", round_id=absence.round_id)
