"""The guard against an export that would end (almost) every enrollment by accident.

A header-only file, a file cut off halfway or the export of one group would otherwise end
the enrollment of every pupil missing from it. An import that would end more than a share
of the running enrollments (setting IMPORT_MAX_LEAVERS_SHARE, default 10 %) or more than a number
of them (IMPORT_MAX_LEAVERS, default 20) stops, unless the person confirms that exact
number: in the browser with a checkbox naming it, on the command line with
--confirm-leavers N. A dry run does not stop: its report carries the number to confirm.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .errors import LeaversNotConfirmed


def needs_confirmation(*, leaving: int, running: int) -> bool:
    return leaving > settings.IMPORT_MAX_LEAVERS or leaving > settings.IMPORT_MAX_LEAVERS_SHARE * running


def explanation(*, leaving: int, running: int) -> str:
    return ngettext(
        "Deze import schrijft %(count)d van de %(running)d ingeschreven leerlingen uit, omdat die niet in het "
        "bestand staat. Is het bestand compleet? Een afgebroken of onvolledige export schrijft anders ten "
        "onrechte leerlingen uit. Bevestig het aantal (%(count)d) om door te gaan.",
        "Deze import schrijft %(count)d van de %(running)d ingeschreven leerlingen uit, omdat die niet in het "
        "bestand staan. Is het bestand compleet? Een afgebroken of onvolledige export schrijft anders ten "
        "onrechte leerlingen uit. Bevestig het aantal (%(count)d) om door te gaan.",
        leaving,
    ) % {"count": leaving, "running": running}


def check(*, report, leaving: int, running: int, confirmed: int | None):
    """Record the number to confirm on the report; stop a real import that was not confirmed."""
    if not needs_confirmation(leaving=leaving, running=running):
        return
    report.leavers_to_confirm = leaving
    report.leavers_warning = explanation(leaving=leaving, running=running)
    if report.dry_run or confirmed == leaving:
        return
    message = report.leavers_warning
    if confirmed is not None:
        message += " " + _("U bevestigde %(confirmed)d; dat is niet hetzelfde aantal. Er is niets opgeslagen.") % {
            "confirmed": confirmed
        }
    else:
        message += " " + _("Er is niets opgeslagen.")
    raise LeaversNotConfirmed(message, count=leaving)
