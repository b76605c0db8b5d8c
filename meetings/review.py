"""Programme items' and handout texts' translations on the page that approves a language's
waiting translations in bulk (school.translations.ReviewKind; registered in MeetingsConfig.ready)."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.languages import SOURCE_LANGUAGE
from ouderbetrokkenheid.school.translations import ReviewKind, ReviewRow

from .handouts.defaults import default_text
from .handouts.texts import may_edit_handout_texts
from .models import HandoutText, ProgrammeItemTranslation


def _show_items(rows) -> list[ReviewRow]:
    return [
        ReviewRow(row.pk, row.item.title, "\n".join(filter(None, (row.item.title, row.item.topics))),
                  "\n".join(filter(None, (row.title, row.topics))),
                  reverse("meetings:programme_item", kwargs={"item_id": row.item_id}))
        for row in rows
    ]  # fmt: skip


def _handout_context(row) -> str:
    level = " · " + _("groep %(level)s") % {"level": row.year_level} if row.year_level else ""
    return f"{row.get_section_display()}{level}"


def _show_handouts(rows) -> list[ReviewRow]:
    """Beside each translation the school's Dutch text (one query), else the shipped one."""
    if not rows:
        return []
    dutch = HandoutText.objects.filter(school_id=rows[0].school_id, language=SOURCE_LANGUAGE)
    dutch = {(row.section, row.year_level): row.text for row in dutch}
    out = []
    for row in rows:
        where = (row.section, row.year_level)
        query = urlencode({"onderdeel": row.section, "leerjaar": row.year_level, "taal": row.language})
        out.append(ReviewRow(row.pk, _handout_context(row), dutch.get(where) or default_text(*where) or "", row.text,
                             reverse("meetings:handout_text_edit") + "?" + query))  # fmt: skip
    return out


REVIEW_KINDS = (
    ReviewKind(
        field="item",
        order=30,
        model=ProgrammeItemTranslation,
        school_path="item__school_id",
        # whoever edits the programme approves its translations (meetings.texts.may_translate)
        may_approve=lambda staff: staff.is_leadership or staff.is_admin,
        show=_show_items,
        related=("item",),
        ordering=("item__number", "item_id"),
    ),
    ReviewKind(
        field="handout",
        order=40,
        model=HandoutText,
        school_path="school_id",
        may_approve=may_edit_handout_texts,
        show=_show_handouts,
        ordering=("section", "year_level"),
    ),
)
