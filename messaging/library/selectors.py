"""Reads for the library pages, scoped to the school of the member of staff asking."""

from django.db.models import Prefetch
from django.http import Http404

from messaging.models import LibraryEntry, LibraryText
from ouderbetrokkenheid.accounts.access import Actor


def entries_visible_to(user):
    staff = (user if isinstance(user, Actor) else Actor(user)).staff
    if staff is None:
        return LibraryEntry.objects.none()
    return LibraryEntry.objects.filter(school_id=staff.school_id)


def entry_for(user, entry_id):
    """The entry with its texts (and their approvers); 404 for "does not exist" and "not yours"."""
    texts = LibraryText.objects.select_related("approved_by").order_by("language")
    try:
        return entries_visible_to(user).prefetch_related(Prefetch("texts", queryset=texts)).get(pk=entry_id)
    except (LibraryEntry.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def library_list(user, *, kind="", year_level=None, month=None, language="", state=""):
    """The entries for the list page, filtered; `state` is "waiting" (a translation awaits
    approval, in `language` if given) or "approved" (none does)."""
    entries = entries_visible_to(user)
    if kind:
        entries = entries.filter(kind=kind)
    if year_level:
        entries = entries.filter(year_level=year_level)
    if month == "summer":
        entries = entries.filter(summer_reading=True)
    elif month == "any":
        entries = entries.filter(month__isnull=True, summer_reading=False)
    elif month:
        entries = entries.filter(month=month)
    waiting = LibraryText.objects.exclude(language="nl").filter(approved_at__isnull=True)
    if language:
        entries = entries.filter(texts__language=language)
        waiting = waiting.filter(language=language)
    if state == "waiting":
        entries = entries.filter(pk__in=waiting.values("entry_id"))
    elif state == "approved":
        entries = entries.exclude(pk__in=waiting.values("entry_id"))
    return entries.prefetch_related("texts").order_by("year_level", "summer_reading", "month", "kind", "key", "pk")


def waiting_translations(user, language):
    """The translations into `language` of the user's school that wait for approval, with their Dutch text."""
    dutch = LibraryText.objects.filter(language="nl")
    return (
        LibraryText.objects.filter(entry__in=entries_visible_to(user), language=language, approved_at__isnull=True)
        .select_related("entry")
        .prefetch_related(Prefetch("entry__texts", queryset=dutch, to_attr="dutch"))
        .order_by("entry__year_level", "entry__kind", "entry__month", "entry_id")
    )
