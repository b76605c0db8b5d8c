"""What an import did (or, in a dry run, would do): new, changed, ended and rejected, in Dutch."""

import hashlib
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

PUPIL, GUARDIAN, STAFF, GROUP, ENROLLMENT = "pupil", "guardian", "staff", "group", "enrollment"


@dataclass(frozen=True)
class Entry:
    """One pupil, guardian, staff member or group, with what is new or changed about it."""

    kind: str
    subject: str
    details: tuple = ()

    def __str__(self):
        return f"{self.subject}: {'; '.join(self.details)}" if self.details else self.subject


@dataclass(frozen=True)
class Rejection:
    """A cell that could not be used: the file line (header = 1), the column and the reason."""

    line: int
    column: str
    reason: str
    file: str = ""

    def __str__(self):
        return _("regel %(line)d, %(column)s: %(reason)s") % {
            "line": self.line,
            "column": self.column,
            "reason": self.reason,
        }


@dataclass
class ImportReport:
    dry_run: bool
    new: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    ended: list = field(default_factory=list)
    rejected: list = field(default_factory=list)
    not_in_file: list = field(default_factory=list)
    leavers_to_confirm: int = 0  # the number of ended enrollments the person must confirm (leavers.py)
    leavers_warning: str = ""

    @property
    def change_count(self):
        return len(self.new) + len(self.changed) + len(self.ended)

    @property
    def has_changes(self):
        return self.change_count > 0

    def sort(self):
        """Groups, pupils, guardians, staff; rejections by file and line."""
        order = {kind: i for i, kind in enumerate((GROUP, PUPIL, GUARDIAN, STAFF, ENROLLMENT))}
        for entries in (self.new, self.changed, self.ended):
            entries.sort(key=lambda entry: order[entry.kind])
        self.rejected.sort(key=lambda r: (r.file, r.line))

    def count(self, entries, kind):
        return sum(1 for entry in entries if entry.kind == kind)

    def rejected_in(self, file):
        return [r for r in self.rejected if r.file == file]

    def summary(self) -> str:
        total = self.change_count
        first = ngettext("%(count)d wijziging", "%(count)d wijzigingen", total) % {"count": total}
        return ", ".join([first] + [text % {"count": n} for n, text in self._counted_parts() if n])

    def _counted_parts(self):
        pupils, guardians = self.count(self.new, PUPIL), self.count(self.new, GUARDIAN)
        staff, groups = self.count(self.new, STAFF), self.count(self.new, GROUP)
        changed, ended, rejected = len(self.changed), len(self.ended), len(self.rejected)
        return [
            (pupils, ngettext("%(count)d nieuwe leerling", "%(count)d nieuwe leerlingen", pupils)),
            (guardians, ngettext("%(count)d nieuwe verzorger", "%(count)d nieuwe verzorgers", guardians)),
            (staff, ngettext("%(count)d nieuwe medewerker", "%(count)d nieuwe medewerkers", staff)),
            (groups, ngettext("%(count)d nieuwe groep", "%(count)d nieuwe groepen", groups)),
            (changed, ngettext("%(count)d gewijzigd", "%(count)d gewijzigd", changed)),
            (ended, ngettext("%(count)d inschrijving beëindigd", "%(count)d inschrijvingen beëindigd", ended)),
            (rejected, ngettext("%(count)d afgewezen", "%(count)d afgewezen", rejected)),
        ]

    def sections(self):
        """(heading, lines) for every list that has entries, in reading order."""
        return [
            (heading, [str(item) for item in items])
            for heading, items in (
                (_("Nieuw"), self.new),
                (_("Gewijzigd"), self.changed),
                (_("Uitgeschreven"), self.ended),
                (_("Afgewezen (deze regels zijn niet ingelezen; de leerling blijft zoals hij was)"), self.rejected),
                (_("Niet meer in het bestand (blijven bestaan)"), self.not_in_file),
            )
            if items
        ]

    def grouped(self):
        """(heading, [(kind label, entries)]) for new, changed and ended, each kind apart, for the preview."""
        labels = {
            GROUP: _("Groepen"),
            PUPIL: _("Leerlingen"),
            GUARDIAN: _("Ouders/verzorgers"),
            STAFF: _("Medewerkers"),
            ENROLLMENT: _("Inschrijvingen"),
        }
        result = []
        lists = ((_("Nieuw"), self.new), (_("Gewijzigd"), self.changed), (_("Uitgeschreven"), self.ended))
        for heading, entries in lists:
            kinds = [(labels[kind], [e for e in entries if e.kind == kind]) for kind in labels]
            kinds = [(label, items) for label, items in kinds if items]
            if kinds:
                result.append((heading, kinds))
        return result

    def as_text(self) -> str:
        lines = [self.summary()]
        if self.dry_run:
            lines.append(_("Proefimport: er is niets opgeslagen."))
        if self.leavers_warning:
            lines.append(self.leavers_warning)
        for heading, items in self.sections():
            lines += ["", f"{heading}:"] + [f"  {item}" for item in items]
        return "\n".join(lines)

    def fingerprint(self) -> str:
        """Identifies the outcome, so an apply can check it equals the preview."""
        text = "\n".join(f"{h}\n" + "\n".join(items) for h, items in self.sections())
        return hashlib.sha256(text.encode()).hexdigest()
