"""Parents' record pages: their children's conversation records."""

from django.shortcuts import render

from conversations.record_reads import record_read_by_guardian
from conversations.records import (
    published_records_for_guardian,
    record_for_guardian,
)
from ouderbetrokkenheid.accounts.access import actor_for, guardian_required


@guardian_required
def my_records(request):
    records = published_records_for_guardian(actor_for(request).guardian)
    return render(request, "conversations/records/my_records.html", {"records": records})


@guardian_required
def my_record(request, record_id):
    guardian = actor_for(request).guardian
    record = record_for_guardian(guardian, record_id)
    record_read_by_guardian(record=record, guardian=guardian)
    response = render(request, "conversations/records/my_record.html", {"record": record})
    response["Cache-Control"] = "private, no-store"
    return response
