"""Helpers for the development data tests (import files, results)."""

import datetime

from development.models import TestResult

HEADER = "leerlingnummer;domein;toetsmoment;datum;toets;vaardigheidsscore;functioneringsniveau;niveau;DLE"


def csv_file(*lines, header=HEADER, encoding="utf-8", sep=";"):
    text = "\n".join([header, *lines]) + "\n"
    if sep != ";":
        text = text.replace(";", sep)
    return text.encode(encoding)


def result(pupil, *, domain="maths", moment="M5", test_name="Cito LOVS", score=None, level="M5", **extra):
    phase, year_level = moment[0], int(moment[1:])
    return TestResult.objects.create(
        pupil=pupil,
        domain=domain,
        year_level=year_level,
        phase=phase,
        taken_on=extra.pop("taken_on", datetime.date(2024, 1, 20)),
        test_name=test_name,
        ability_score=score,
        level_reported=level,
        **extra,
    )


def walk_result(world):
    """A test result of Pim (family A / groep 3) for the access walk."""
    return TestResult.objects.get_or_create(
        pupil=world.pim,
        domain="maths",
        year_level=3,
        phase="M",
        test_name="Walk",
        defaults={"taken_on": datetime.date(2025, 1, 20), "level_reported": "M3"},
    )[0]
