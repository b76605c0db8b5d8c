"""Rounds' translations on the page that approves a language's waiting translations in bulk
(school.translations.ReviewKind; registered in ConversationsConfig.ready)."""

from django.urls import reverse
from django.utils.text import capfirst

from ouderbetrokkenheid.school.translations import ReviewKind, ReviewRow

from .models import RoundTranslation
from .texts import FIELDS


def _may_approve(staff) -> bool:  # whoever edits a round approves its translations (conversations.texts)
    return staff.is_leadership or staff.is_admin


def _waiting(staff, language):
    return RoundTranslation.objects.filter(
        round__school_year__school_id=staff.school_id, language=language, approved_at__isnull=True
    )


def _rows(waiting) -> list[ReviewRow]:
    rows = waiting.select_related("round").order_by("round__first_day", "round_id")
    return [
        ReviewRow(
            pk=row.pk,
            context=row.round.title,
            dutch="\n".join(getattr(row.round, name) for name in FIELDS if getattr(row.round, name)),
            translation="\n".join(getattr(row, name) for name in FIELDS if getattr(row, name)),
            edit_url=reverse("conversations:round_edit", kwargs={"round_id": row.round_id}),
        )
        for row in rows
    ]


REVIEW_KIND = ReviewKind(
    field="round",
    label=capfirst(RoundTranslation._meta.verbose_name_plural),
    order=20,
    may_approve=_may_approve,
    waiting=_waiting,
    rows=_rows,
)
