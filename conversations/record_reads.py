"""The record-read log: every read of a conversation record, by staff and by guardians (who, which
record, when). Written by the pages that show a record or its agreements; read by leadership and
the IB of the school (conversations.views.records_overview.record_reads)."""

from .models import ReadWhat, Record, RecordRead


def record_reads_log(*, record_ids, school_id, what, staff=None, guardian=None) -> None:
    """One row per record read (one query for all of them)."""
    ids = sorted({pk for pk in record_ids if pk})
    if not ids:
        return
    RecordRead.objects.bulk_create(
        [RecordRead(record_id=pk, school_id=school_id, staff=staff, guardian=guardian, what=what) for pk in ids]
    )


def record_read_by_staff(*, record: Record, staff, what=ReadWhat.RECORD) -> None:
    record_reads_log(record_ids=[record.pk], school_id=staff.school_id, staff=staff, what=what)


def record_read_by_guardian(*, record: Record, guardian) -> None:
    record_reads_log(record_ids=[record.pk], school_id=guardian.school_id, guardian=guardian, what=ReadWhat.PARENT)


def record_reads_for_school(school_id):
    """The school's record reads, newest first, with what the log page shows."""
    return RecordRead.objects.filter(school_id=school_id).select_related(
        "staff", "guardian", "record__booking__pupil", "record__booking__slot", "record__booking__round"
    )
