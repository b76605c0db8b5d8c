"""Guardians of one school, matched on verzorgernummer, else e-mail, else mobile number.

Matching never crosses schools. A guardian with another verzorgernummer is never matched
on e-mail or mobile; one without a number is, and then gets the number from the file.
The first row naming a guardian gives its data; a later row naming the same guardian with
different data is rejected (its link is not made), so the export can be corrected.
"""

from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.models import Channel, Guardian

from .changes import apply, describe, diff
from .pupil_rows import FILE, GUARDIAN_FIELDS
from .report import GUARDIAN, Entry, Rejection


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

    def find(self, values):
        number = values.get("external_id")
        if number and number in self.by_number:
            return self.by_number[number]
        for table, key in ((self.by_email, values.get("email")), (self.by_mobile, values.get("mobile"))):
            candidate = table.get(key) if key else None
            if candidate is not None and not (number and candidate.external_id):
                return candidate
        return None

    def resolve(self, row):
        """The guardian for a file row (new or updated in memory), or a Rejection when it conflicts."""
        guardian = self.find(row.guardian)
        if guardian is None:
            guardian = Guardian(school=self.school, **row.guardian)
            if not guardian.email and guardian.mobile:
                guardian.channel = Channel.SMS  # no e-mail address: text messages are the way in
            self.new.append(guardian)
        elif id(guardian) in self.first_seen:
            return self._check_same(guardian, row)
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

    def _check_same(self, guardian, row):
        line, first = self.first_seen[id(guardian)]
        column = _first_difference(first, row.guardian)
        if column is None:
            return guardian
        reason = _("verzorger %(name)s staat op regel %(line)d met andere gegevens; niet gekoppeld") % {
            "name": guardian.full_name,
            "line": line,
        }
        return Rejection(row.line, column, reason, FILE)

    def save(self):
        Guardian.objects.bulk_create(self.new)
        for guardian in self.new:
            self.report.new.append(Entry(GUARDIAN, describe_guardian(guardian)))
        if self.changed:
            Guardian.objects.bulk_update(self.changed, sorted(self.changed_fields))


def _first_difference(first, values):
    for column, name, _parser in GUARDIAN_FIELDS:
        if name != "external_id" and name in first and name in values and first[name] != values[name]:
            return column
    return None


def describe_guardian(guardian):
    contact = guardian.email or guardian.mobile
    return f"{guardian.full_name} ({contact})" if contact else guardian.full_name
