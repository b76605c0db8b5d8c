"""Guardians of one school, matched on verzorgernummer, else e-mail, else mobile number.

Matching never crosses schools. A guardian with another verzorgernummer is never matched
on e-mail or mobile; one without a number is, and then gets the number from the file.
The first row naming a guardian gives its data; a later row naming the same guardian with
different data is rejected, with its pupil (see pupil_rows.py), so the export can be corrected.

A guardian with only a name (no number, e-mail or mobile) has nothing to be recognised by
across families, so it is matched only among the guardians already linked to the same
pupil, on the name (two siblings get one such guardian each: merging two families' "J.
Jansen" would show one family's child to the other). A row whose keys match no one also
falls back to that: the pupil's linked guardian with the same name and no keys of its own
gets the number, e-mail or mobile from the file.
"""

from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.models import Channel, Guardian

from .changes import apply, describe, diff
from .pupil_rows import FILE, GUARDIAN_FIELDS
from .report import GUARDIAN, Entry, Rejection

KEYS = ("external_id", "email", "mobile")


class GuardianIndex:
    def __init__(self, *, school, report):
        self.school = school
        self.report = report
        self.by_number, self.by_email, self.by_mobile = {}, {}, {}
        self.first_seen = {}  # id(guardian) -> (line, values)
        self.by_pk = {}
        self.new, self.changed, self.changed_fields = [], [], set()
        for guardian in Guardian.objects.filter(school=school).order_by("pk"):
            self._index(guardian)

    def _index(self, guardian):
        if guardian.pk:
            self.by_pk[guardian.pk] = guardian
        for table, key in (
            (self.by_number, guardian.external_id),
            (self.by_email, guardian.email),
            (self.by_mobile, guardian.mobile),
        ):
            if key:
                table.setdefault(key, guardian)

    def find(self, values, linked=()):
        """The known guardian a row names; `linked` are the ids of the guardians linked to its pupil."""
        number = values.get("external_id")
        if number and number in self.by_number:
            return self.by_number[number]
        for table, key in ((self.by_email, values.get("email")), (self.by_mobile, values.get("mobile"))):
            candidate = table.get(key) if key else None
            if candidate is not None and not (number and candidate.external_id):
                return candidate
        return self._by_name(values, linked)

    def _by_name(self, values, linked):
        name = name_key(values)
        for guardian_id in linked:
            guardian = self.by_pk.get(guardian_id)
            if guardian is not None and not has_key(guardian) and name_key(vars(guardian)) == name:
                return guardian
        return None

    def conflict(self, record, linked=()):
        """The Rejection for the first row of `record` naming a guardian with other data than an
        earlier row did, or None; changes nothing, so a rejected pupil leaves no trace."""
        seen = {}  # (field, value) -> (line, values) of this record's earlier rows
        for row in record.guardians:
            keys = [(name, row.guardian[name]) for name in KEYS if row.guardian.get(name)]
            guardian = self.find(row.guardian, linked)
            first = self.first_seen.get(id(guardian)) if guardian is not None else None
            first = first or next((seen[key] for key in keys if key in seen), None)
            column = _first_difference(first[1], row.guardian) if first else None
            if column is not None:
                name = guardian.full_name if guardian is not None else _full_name(first[1])
                reason = _("verzorger %(name)s staat op regel %(line)d met andere gegevens") % {
                    "name": name,
                    "line": first[0],
                }
                return Rejection(row.line, column, reason, FILE)
            for key in keys:
                seen.setdefault(key, (row.line, row.guardian))
        return None

    def resolve(self, row, linked=()):
        """The guardian for a file row (new or updated in memory); call conflict() first."""
        guardian = self.find(row.guardian, linked)
        if guardian is None:
            guardian = Guardian(school=self.school, **row.guardian)
            if not guardian.email and guardian.mobile:
                guardian.channel = Channel.SMS  # no e-mail address: text messages are the way in
            self.new.append(guardian)
        elif id(guardian) in self.first_seen:
            return guardian
        else:
            self._update(guardian, row.guardian)
        self.first_seen[id(guardian)] = (row.line, row.guardian)
        self._index(guardian)
        return guardian

    def _update(self, guardian, values):
        changes = diff(guardian, values)
        if changes:
            apply(guardian, changes)
            self.changed.append(guardian)
            self.changed_fields |= set(changes)
            self.report.changed.append(Entry(GUARDIAN, describe_guardian(guardian), tuple(describe(Guardian, changes))))

    def save(self):
        Guardian.objects.bulk_create(self.new)
        for guardian in self.new:
            details = () if has_key(guardian) else (_unreachable(),)
            self.report.new.append(Entry(GUARDIAN, describe_guardian(guardian), details))
        if self.changed:
            Guardian.objects.bulk_update(self.changed, sorted(self.changed_fields))


def _unreachable():
    return _("niet bereikbaar: geen e-mailadres of mobiel nummer; staat op de lijst niet bereikbare ouders")


def has_key(guardian) -> bool:
    return bool(guardian.external_id or guardian.email or guardian.mobile)


def name_key(values) -> tuple:
    return tuple(values.get(name, "").lower() for name in ("first_name", "infix", "last_name"))


def _full_name(values):
    return " ".join(values.get(name, "") for name in ("first_name", "infix", "last_name") if values.get(name))


def _first_difference(first, values):
    for column, name, _parser in GUARDIAN_FIELDS:
        if name != "external_id" and name in first and name in values and first[name] != values[name]:
            return column
    return None


def describe_guardian(guardian):
    contact = guardian.email or guardian.mobile
    return f"{guardian.full_name} ({contact})" if contact else guardian.full_name
