"""Builders shared by the reach tests and the access walk (tests/test_access_walk.py)."""

from ouderbetrokkenheid.school.models import Interpreter, InterpreterKind
from reach.models import BuddyPair


def walk_interpreter(world):
    """Samira, a volunteer interpreter (Arabic, Turkish) of school A."""
    return Interpreter.objects.get_or_create(
        school=world.school_a, name="Samira", defaults={"kind": InterpreterKind.VOLUNTEER, "languages": ["ar", "tr"]}
    )[0]


def walk_pair(world):
    """Bert is Anna's buddy (school A, both consented)."""
    from django.utils import timezone

    existing = BuddyPair.objects.filter(guardian=world.anna, buddy=world.bert).first()
    if existing:
        return existing
    now = timezone.now()
    return BuddyPair.objects.create(
        school=world.school_a, guardian=world.anna, buddy=world.bert, created_by=world.iris,
        guardian_consent_at=now, guardian_consent_how="mondeling", guardian_consent_by=world.iris,
        buddy_consent_at=now, buddy_consent_how="schriftelijk", buddy_consent_by=world.iris,
    )  # fmt: skip
