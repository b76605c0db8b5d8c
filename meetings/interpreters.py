"""Interpreters at a session, as the presenter sees them: per language, how many invited
guardians need one (the need travels on their invitation) and who is arranged.

Bookings themselves are made in reach.interpreters (which also checks conversations)."""

from dataclasses import dataclass, field

from django.db.models import Count

from ouderbetrokkenheid.school.languages import language_name

from .models import Invitation, Response, SessionInterpreter


@dataclass
class LanguageNeed:
    language: str
    needed: int = 0
    arranged: list = field(default_factory=list)  # SessionInterpreter rows

    @property
    def label(self):
        """The language's name in the page's language ("Arabisch"), or its code if unknown."""
        return language_name(self.language)


def interpreter_needs(*, session) -> list[LanguageNeed]:
    """One row per language that is needed or arranged (two queries); guardians who said
    they will not come do not count."""
    rows = (
        Invitation.objects.filter(session=session)
        .exclude(interpreter_language="")
        .exclude(response=Response.NOT_COMING)
        .values_list("interpreter_language")
        .annotate(n=Count("pk"))
        .order_by()
    )
    needs = {language: LanguageNeed(language, n) for language, n in rows}
    booked = SessionInterpreter.objects.filter(session=session).select_related("interpreter")
    for row in booked:
        needs.setdefault(row.language, LanguageNeed(row.language)).arranged.append(row)
    return sorted(needs.values(), key=lambda need: need.language)
