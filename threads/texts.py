"""What a parent reads of a teacher's answer, in the parent's language; short and plain."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.models import Channel

from .models import QuickAnswer


def site_url(path: str) -> str:
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/") + path


def subject(guardian) -> str:
    with translation.override(guardian.page_language):
        return _("Antwoord van school")


def numbered_options() -> str:
    """The quick answers as SMS digits, one a line: "Antwoord met een cijfer:\n1 Gelezen\n2 Dank u…"."""
    options = "\n".join(f"{n} {label}" for n, label in enumerate(QuickAnswer.labels, start=1))
    return "\n".join([_("Antwoord met een cijfer:"), options])


def answer_text(*, post, guardian, channel, extra=None) -> str:
    """`extra(guardian)`: the text in the guardian's language when the post is one the app wrote."""
    with translation.override(guardian.page_language):
        body = extra(guardian) if extra else post.body
        lines = [_("%(name)s schrijft:") % {"name": post.author.full_name if post.author else _("De school")}, body]
        if channel == Channel.SMS:
            lines.append(numbered_options())
        lines.append(_("Lees en antwoord in de app: %(link)s") % {"link": site_url(reverse("threads:portal"))})
        return "\n".join(lines)


def offer_text(*, booking, other_time=False, guardian=None) -> str:
    """The teacher's offer of a time, in the guardian's language (Dutch for the staff's view)."""
    language = guardian.page_language if guardian else "nl"
    with translation.override(language):
        start = timezone.localtime(booking.slot.starts_at)
        words = {
            "child": booking.pupil.first_name,
            "day": date_format(start, "l j F"),
            "time": f"{start:%H:%M}",
            "form": booking.get_form_display(),
        }
        first = (
            _("Die tijden passen niet. Ik stel een andere tijd voor.")
            if other_time
            else _("Graag! Ik maak een afspraak met u.")
        )
        when = _("Gesprek over %(child)s: %(day)s om %(time)s (%(form)s).") % words
        how = _("Zeg in de app of deze tijd past: %(link)s") % {"link": site_url(reverse("conversations:my_bookings"))}
        return "\n".join([first, when, how])
