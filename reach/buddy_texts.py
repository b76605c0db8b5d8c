"""What the buddy receives (parent-facing: plain, short, in the buddy's language)."""

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def reminder_text(*, pair, session) -> str:
    """The buddy's reminder, plain and in the buddy's language."""
    start = timezone.localtime(session.starts_at)
    with translation.override(pair.buddy.page_language):
        text = _("Neemt u %(name)s mee naar de bijeenkomst van %(day)s om %(time)s?") % {
            "name": pair.guardian.first_name or pair.guardian.full_name,
            "day": date_format(start, "l j F"),
            "time": f"{start:%H:%M}",
        }
        if session.location:
            text += " " + _("Waar: %(place)s") % {"place": session.location} + "."
        return text + " " + _("Dank u wel voor uw hulp!")


def reminder_subject(pair) -> str:
    with translation.override(pair.buddy.page_language):
        return _("Samen naar school")
