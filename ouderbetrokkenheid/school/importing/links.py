"""Guardian × pupil links: made, changed and removed (a pupil's rows are all accepted or all rejected)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.models import GuardianOf

from .changes import apply, describe, diff


@dataclass
class LinkWrites:
    create: list = field(default_factory=list)
    update: list = field(default_factory=list)
    remove: list = field(default_factory=list)
    fields: set = field(default_factory=set)

    def save(self):
        if self.remove:
            GuardianOf.objects.filter(pk__in=[link.pk for link in self.remove]).delete()
        if self.update:
            GuardianOf.objects.bulk_update(self.update, sorted(self.fields))
        GuardianOf.objects.bulk_create(self.create)


def link_guardians(*, pupil, record, existing, guardians, writes) -> list:
    """Make the pupil's links match the file; returns Dutch descriptions of what changed."""
    wanted, details = {}, []
    for row in record.guardians:
        guardian = guardians.resolve(row, existing.keys())
        if id(guardian) not in wanted:
            wanted[id(guardian)] = guardian
            details += _link_one(pupil, guardian, row.link, existing.get(guardian.pk), writes)
    details += _unlink_others(existing, {g.pk for g in wanted.values()}, guardians, writes)
    return details


def _link_one(pupil, guardian, values, link, writes):
    if link is None:
        writes.create.append(GuardianOf(pupil=pupil, guardian=guardian, **values))
        return [_("verzorger %(name)s gekoppeld") % {"name": guardian.full_name}]
    changes = diff(link, values)
    if not changes:
        return []
    apply(link, changes)
    writes.update.append(link)
    writes.fields |= set(changes)
    return [f"{guardian.full_name}, {text}" for text in describe(GuardianOf, changes)]


def _unlink_others(existing, kept, guardians, writes):
    details = []
    for guardian_id, link in existing.items():
        if guardian_id not in kept:
            writes.remove.append(link)
            guardian = guardians.by_pk.get(guardian_id)
            details.append(_("verzorger %(name)s ontkoppeld") % {"name": guardian.full_name if guardian else "?"})
    return details
