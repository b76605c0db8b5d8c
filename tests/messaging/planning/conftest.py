"""Fixtures for the weekly plan tests: a frozen "now", a small message library, helpers."""

import datetime

import pytest

from messaging.models import Kind, LibraryEntry, LibraryText
from tests import factories as f

# Friday 20 November 2026, 11:00 in Amsterdam: the weeks below are all still to come.
NOW = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC)
WEEK = datetime.date(2026, 11, 30)  # an ordinary school week
WINTER = datetime.date(2027, 1, 11)
SPRING_DST = datetime.date(2027, 3, 22)  # summer time starts on Sunday 28 March 2027
D = datetime.date.fromisoformat


@pytest.fixture(autouse=True)
def frozen_now(clock):
    """These tests plan the weeks after NOW, whatever day the suite runs on (the world is made after)."""
    clock.move_to(NOW, tick=False)
    return NOW


def entry(school, kind, year_level, texts, *, summer=False, approved=("ar",), key=""):
    item = LibraryEntry.objects.create(school=school, kind=kind, year_level=year_level, summer_reading=summer, key=key)
    for language, text in texts.items():
        LibraryText.objects.create(
            entry=item, language=language, text=text,
            approved_at=NOW if language in approved else None,
        )  # fmt: skip
    return item


@pytest.fixture
def library(world):
    """Tips, encouragements and progress frames for year levels 3 and 6 of school A."""
    school = world.school_a
    made = {}
    for level in (3, 6):
        made[(Kind.TIP, level)] = entry(school, Kind.TIP, level, {
            "nl": "Tip: lees elke dag tien minuten samen met {child}.",
            "ar": "نصيحة: اقرأ مع {child} عشر دقائق كل يوم.",
            "tr": "İpucu: {child} ile her gün on dakika okuyun.",
        })  # fmt: skip
        made[(Kind.ENCOURAGEMENT, level)] = entry(school, Kind.ENCOURAGEMENT, level, {
            "nl": "Goed bezig! Vraag {child} eens wat er deze week leuk was.",
            "ar": "أحسنت! اسأل {child} عما كان ممتعًا هذا الأسبوع.",
        })  # fmt: skip
        made[(Kind.PROGRESS, level)] = entry(school, Kind.PROGRESS, level, {
            "nl": "Nieuws over {child}: {line}",
            "ar": "أخبار عن {child}: {line}",
        })  # fmt: skip
        made[("summer", level)] = entry(school, Kind.TIP, level, {
            "nl": "Zomerlezen: zoek samen met {child} een boek in de bibliotheek.",
            "ar": "القراءة الصيفية: ابحث مع {child} عن كتاب في المكتبة.",
        }, summer=True)  # fmt: skip
    return made


@pytest.fixture
def sibling(world):
    """Sara, Anna's second child, in Otto's groep 5/6."""
    sara = f.PupilFactory(school=world.school_a, first_name="Sara", last_name="Prins")
    f.EnrollmentFactory(pupil=sara, group=world.group_56, year_level=6)
    f.GuardianOfFactory(guardian=world.anna, pupil=sara)
    return sara
