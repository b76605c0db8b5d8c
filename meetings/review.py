"""Programme items' and handout texts' translations on the page that approves a language's
waiting translations in bulk (school.translations.ReviewKind; registered in MeetingsConfig.ready)."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.languages import SOURCE_LANGUAGE
from ouderbetrokkenheid.school.translations import ReviewKind, ReviewRow

from .handouts.defaults import default_text
from .handouts.texts import may_edit_handout_texts
from .models import HandoutText, ProgrammeItemTranslation


def _may_translate_items(staff) -> bool:  # whoever edits the programme (meetings.texts.may_translate)
    return staff.is_leadership or staff.is_admin


def _waiting_items(staff, language):
    return ProgrammeItemTranslation.objects.filter(
        item__school_id=staff.school_id, language=language, approved_at__isnull=True
    )


def _item_rows(waiting) -> list[ReviewRow]:
    rows = waiting.select_related("item").order_by("item__number", "item_id")
    return [
        ReviewRow(
            pk=row.pk,
            context=row.item.title,
            dutch="\n".join(filter(None, (row.item.title, row.item.topics))),
            translation="\n".join(filter(None, (row.title, row.topics))),
            edit_url=reverse("meetings:programme_item", kwargs={"item_id": row.item_id}),
        )
        for row in rows
    ]


def _waiting_handouts(staff, language):
    return HandoutText.objects.filter(school_id=staff.school_id, language=language, approved_at__isnull=True)


def _handout_rows(waiting) -> list[ReviewRow]:
    rows = list(waiting.order_by("section", "year_level"))
    if not rows:
        return []
    dutch = {
        (row.section, row.year_level): row.text
        for row in HandoutText.objects.filter(school_id=rows[0].school_id, language=SOURCE_LANGUAGE)
    }
    out = []
    for row in rows:
        where = (row.section, row.year_level)
        context = row.get_section_display()
        if row.year_level:
            context += " · " + _("groep %(level)s") % {"level": row.year_level}
        query = urlencode({"onderdeel": row.section, "leerjaar": row.year_level, "taal": row.language})
        out.append(
            ReviewRow(
                pk=row.pk,
                context=context,
                dutch=dutch.get(where) or default_text(*where) or "",
                translation=row.text,
                edit_url=reverse("meetings:handout_text_edit") + "?" + query,
            )
        )
    return out


REVIEW_KINDS = (
    ReviewKind(
        field="item",
        label=capfirst(ProgrammeItemTranslation._meta.verbose_name_plural),
        order=30,
        may_approve=_may_translate_items,
        waiting=_waiting_items,
        rows=_item_rows,
    ),
    ReviewKind(
        field="handout",
        label=capfirst(HandoutText._meta.verbose_name_plural),
        order=40,
        may_approve=may_edit_handout_texts,
        waiting=_waiting_handouts,
        rows=_handout_rows,
    ),
)
