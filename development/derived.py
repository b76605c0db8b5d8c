"""Levels derived from a school's own score → level tables (LevelTable). Only `level_derived` is
ever written from a table; the level the pupil monitoring system reported stays as it was."""

from .models import LevelTable


class LevelIndex:
    """The school's tables in memory: (test name, domain) → [(score_min, score_max, level)]."""

    def __init__(self, tables):
        self.ranges = {}
        for table in tables:
            rows = [(row.score_min, row.score_max, row.level) for row in table.rows.all()]
            self.ranges[(table.test_name.lower(), table.domain)] = rows

    @classmethod
    def for_school(cls, school):
        return cls(LevelTable.objects.filter(school=school).prefetch_related("rows"))

    def derive(self, result) -> str:
        """The table's level for this result's score, or "" (no table, no score, score not in table)."""
        if result.ability_score is None:
            return ""
        for low, high, level in self.ranges.get((result.test_name.lower(), result.domain), ()):
            if low <= result.ability_score <= high:
                return level
        return ""
