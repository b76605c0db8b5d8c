"""Why a guardian is invited in person too: the needs the school stores, never judgements.

Each rule is (label, test(guardian, pupils)). The labels are stored on the invitation as
they are (Dutch, the staff's language), so a report shows what was known when inviting.
A teacher's own mark (MANUAL) can be added to an invitation's reasons later.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_noop

INTERPRETER = gettext_noop("tolk nodig")
SIMPLE_DUTCH = gettext_noop("eenvoudig Nederlands")
HOME_LANGUAGE = gettext_noop("thuistaal niet Nederlands")
LATERAL_ENTRANT = gettext_noop("kind is zij-instromer (nieuw in het Nederlandse schoolsysteem)")
UNREACHABLE = gettext_noop("geen e-mail of mobiel")
MANUAL = gettext_noop("persoonlijk uitnodigen (leerkracht)")


@dataclass(frozen=True)
class Rule:
    label: str
    test: object  # (guardian, pupils) -> bool


RULES = [
    Rule(INTERPRETER, lambda g, pupils: g.needs_interpreter),
    Rule(SIMPLE_DUTCH, lambda g, pupils: g.prefers_simple_dutch),
    Rule(HOME_LANGUAGE, lambda g, pupils: (g.language or "nl") != "nl"),
    Rule(LATERAL_ENTRANT, lambda g, pupils: any(getattr(p, "is_lateral_entrant", False) for p in pupils)),
    Rule(UNREACHABLE, lambda g, pupils: not g.email and not g.mobile),
]


def priority_reasons(*, guardian, pupils) -> list[str]:
    """The needs that make this guardian a priority parent for a session (empty: none)."""
    return [rule.label for rule in RULES if rule.test(guardian, pupils)]
