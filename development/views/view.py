"""The development view (OPP-trap): per pupil for staff, per group for teachers and IB,
publishing to the guardians, the guardian's portal page and the PDF for the conversation.

Every object comes through an access-checked getter (development.access; 404 for "not yours")
and every read is logged.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ouderbetrokkenheid.accounts.access import actor_for, guardian_required, roles_required
from ouderbetrokkenheid.school.models import Group, Pupil, running_or_next_q

from .. import access, explain, selectors
from ..models import AccessAction, AccessLogEntry
from ..present import view_context
from ..publishing import may_publish, view_publish, view_unpublish

readers = roles_required("teacher", "ib", "leadership")
publishers = roles_required("teacher", "ib")

SORTS = {
    "naam": lambda row: (row.pupil.last_name, row.pupil.first_name),
    "koers": lambda row: (not row.off_course, not row.pro_delay_criterion, row.pupil.last_name),
    "tempo": lambda row: (min((d.rate for d in row.with_data if d.rate is not None), default=9), row.pupil.last_name),
}


@readers
def pupil_page(request, pupil_id):
    actor = actor_for(request)
    pupil = access.pupil_for_staff(actor, pupil_id)
    view = selectors.pupil_view(pupil)
    focus = request.GET.get("domein", "")
    context = view_context(view, focus=focus)
    context |= {
        "rows": explain.staff_rows(view),
        "focus": selectors.focus_domain(view, focus),
        "may_publish": may_publish(actor.staff, pupil),
    }
    access.log_access(actor=actor, pupil=pupil, action=AccessAction.VIEW, what="ontwikkeling (grafiek)")
    response = render(request, "development/view/pupil.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


def pdf_html(view, record) -> str:
    context = view_context(view) | {"rows": explain.staff_rows(view), "record": record, "now": timezone.now()}
    return render_to_string("development/view/pdf.html", context)


@readers
def pupil_pdf(request, pupil_id):
    from weasyprint import HTML  # heavy import: only where a PDF is made

    actor = actor_for(request)
    pupil = access.pupil_for_staff(actor, pupil_id)
    html = pdf_html(selectors.pupil_view(pupil), selectors.latest_record(pupil))
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    access.log_access(actor=actor, pupil=pupil, action=AccessAction.PDF, what="ontwikkeling (pdf)")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ontwikkeling-{pupil.pk}-{timezone.localdate():%Y-%m-%d}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@publishers
def publish(request, pupil_id):
    actor = actor_for(request)
    pupil = access.pupil_for_staff(actor, pupil_id)
    try:
        if request.POST.get("action") == "unpublish":
            view_unpublish(pupil=pupil, by=actor.staff)
            messages.success(request, _("De ouders zien de ontwikkeling niet meer in de app."))
        else:
            view_publish(pupil=pupil, by=actor.staff, note=request.POST.get("note", ""))
            messages.success(request, _("Gedeeld: de ouders zien de ontwikkeling nu in de app."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("development:view", pupil_id=pupil.pk)


def _group_for_reader(staff, group_id):
    """A current group the staff member may read: their own (teacher), any of the school (IB, leadership)."""
    groups = Group.objects.none()
    today = timezone.localdate()
    current = Group.objects.filter(running_or_next_q(today, "school_year__"))
    if access.is_reader_staff(staff):
        groups = current.filter(school_year__school_id=staff.school_id)
    elif staff is not None and staff.is_teacher:
        groups = current.filter(teachers=staff)
    try:
        return groups.select_related("school_year__school").get(pk=group_id)
    except (Group.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _log_many(staff, pupils, what):
    """One log row per pupil shown, in one query (the table reads every pupil's data)."""
    now = timezone.now()
    AccessLogEntry.objects.bulk_create(
        [AccessLogEntry(school_id=p.school_id, pupil=p, staff=staff, action=AccessAction.VIEW, what=what, at=now)
         for p in pupils]
    )  # fmt: skip


@readers
def group_page(request, group_id):
    staff = actor_for(request).staff
    group = _group_for_reader(staff, group_id)
    rows = selectors.group_table(group)
    sort = request.GET.get("sorteer", "naam")
    rows.sort(key=SORTS.get(sort, SORTS["naam"]))
    _log_many(staff, [row.pupil for row in rows], f"groepsoverzicht ontwikkeling {group.name}"[:200])
    context = {"group": group, "rows": rows, "sort": sort if sort in SORTS else "naam",
               "routes": rows[0].routes if rows else selectors.routes_for(group.school_year.school_id)}  # fmt: skip
    response = render(request, "development/view/group.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@guardian_required
def portal_page(request, published_pupil_id):
    actor = actor_for(request)
    guardian = actor.guardian
    try:
        readable = access.pupils_readable_by(actor).filter(
            guardian_links__guardian=guardian, development_publication__isnull=False
        )
        pupil = readable.select_related("development_publication").get(pk=published_pupil_id)
    except (Pupil.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    view = selectors.pupil_view(pupil)
    context = view_context(view, size="narrow", expectations=False)
    access.log_access(actor=guardian, pupil=pupil, action=AccessAction.VIEW, what="ontwikkeling (portaal)")
    response = render(request, "development/view/portal.html", context)
    response["Cache-Control"] = "private, no-store"
    return response
