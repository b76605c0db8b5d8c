"""Copy the shipped starting library into a school.

Idempotent by key: it creates the entries the school lacks and, for every shipped entry,
the texts it lacks. It never changes an existing entry or text, so what a school edited or
approved stays as it is (and a school that wants a text gone deactivates its entry rather
than deleting it, or the next install brings it back). Shipped translations arrive
unapproved: parents get the Dutch text until a member of staff approves the translation.
"""

from django.db import transaction

from messaging.models import LibraryEntry, LibraryText
from ouderbetrokkenheid.school.models import School

from .shipped import shipped_entries


@transaction.atomic
def library_install(*, school) -> int:
    """Returns the number of texts created (a new entry counts through its texts)."""
    School.objects.select_for_update().filter(pk=school.pk).first()  # one install per school at a time
    shipped = shipped_entries()
    existing = {e.key: e for e in LibraryEntry.objects.filter(school=school, key__in=[s.key for s in shipped])}
    new_entries = [
        LibraryEntry(
            school=school,
            key=s.key,
            kind=s.kind,
            year_level=s.year_level,
            month=s.month,
            theme=s.theme,
            summer_reading=s.summer_reading,
        )
        for s in shipped
        if s.key not in existing
    ]
    existing |= {e.key: e for e in LibraryEntry.objects.bulk_create(new_entries)}
    present = set(
        LibraryText.objects.filter(entry__school=school, entry__key__in=existing).values_list("entry__key", "language")
    )
    texts = [
        LibraryText(entry=existing[s.key], language=language, text=text)
        for s in shipped
        for language, text in s.texts.items()
        if (s.key, language) not in present and text.strip()
    ]
    LibraryText.objects.bulk_create(texts)
    return len(texts)
