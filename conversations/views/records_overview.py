"""Leadership's and the IB's overviews of the records: not reached, advice, who read which record."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from conversations.followup import families_not_reached
from conversations.models import Record
from conversations.record_reads import record_reads_for_school
from conversations.views.records import READS_PAGE_SIZE, _current_year, overview_staff
from ouderbetrokkenheid.accounts.access import actor_for


@overview_staff
def not_reached(request):
    staff = actor_for(request).staff
    today = timezone.localdate()
    year = _current_year(staff, today)
    groups = families_not_reached(school_year=year, today=today) if year else []
    return render(request, "conversations/records/not_reached.html", {"groups": groups, "year": year})


@overview_staff
def advice_overview(request):
    staff = actor_for(request).staff
    year = _current_year(staff, timezone.localdate())
    records = (
        Record.objects.filter(booking__pupil__school_id=staff.school_id, booking__round__school_year=year)
        .exclude(advice_track="")
        .select_related("booking__pupil", "booking__round", "second_staff", "author")
        .order_by("booking__pupil__last_name", "advice_date")
    )
    return render(request, "conversations/records/advice.html", {"records": records, "year": year})


@overview_staff
def record_reads(request):
    """The record-read log of the school: who read which conversation record, and when."""
    school_id = actor_for(request).staff.school_id
    page = Paginator(record_reads_for_school(school_id), READS_PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "conversations/records/reads.html", {"page": page})
