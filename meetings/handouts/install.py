"""Install the shipped handout texts for a school: idempotent, never touching the school's edits."""

from ..models import HandoutText
from .defaults import default_rows


def handout_texts_install(*, school):
    """Add the shipped texts the school does not have yet; returns how many were added.

    Translations arrive unapproved (approved_at empty): parents get them only after the school
    approves them. Existing rows, edited or not, are left as they are (ON CONFLICT DO NOTHING
    on the unique school/section/year level/language).
    """
    rows = [
        HandoutText(school=school, section=section, year_level=year_level, language=language, text=text)
        for section, year_level, language, text in default_rows()
    ]
    before = HandoutText.objects.filter(school=school).count()
    HandoutText.objects.bulk_create(rows, ignore_conflicts=True)
    return HandoutText.objects.filter(school=school).count() - before
