"""Rounds' translations on the page that approves a language's waiting translations in bulk
(school.translations.ReviewKind; registered in ConversationsConfig.ready)."""

from django.urls import reverse

from ouderbetrokkenheid.school.translations import ReviewKind, ReviewRow

from .models import RoundTranslation
from .texts import FIELDS


def _lines(obj) -> str:
    return "\n".join(filter(None, (getattr(obj, name) for name in FIELDS)))


def _show(rows) -> list[ReviewRow]:
    return [
        ReviewRow(row.pk, row.round.title, _lines(row.round), _lines(row),
                  reverse("conversations:round_edit", kwargs={"round_id": row.round_id}))
        for row in rows
    ]  # fmt: skip


REVIEW_KIND = ReviewKind(
    field="round",
    order=20,
    model=RoundTranslation,
    school_path="round__school_year__school_id",
    # whoever edits a round approves its translations (conversations.texts.may_translate)
    may_approve=lambda staff: staff.is_leadership or staff.is_admin,
    show=_show,
    related=("round",),
    ordering=("round__first_day", "round_id"),
)
