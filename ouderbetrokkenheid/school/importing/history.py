"""What an applied import changed, kept so that the school's last import can be undone.

Before and after an import the rows an import can touch (groups, staff logins and
staff, teaching, pupils, guardians, enrollments, guardian links of the school) are read
as plain values; the difference is stored on the ImportRun: rows created (with their
values after the import), updated (the changed fields, old and new) and removed (their
values before). Undo reverses exactly that, in one transaction, but only when those rows
still hold the values the import left, and when removing the created rows takes nothing
else along (a booking on a new pupil, a link made by hand): otherwise it refuses with a
Dutch reason and changes nothing.
"""

import json

from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.models import Enrollment, Group, Guardian, GuardianOf, ImportRun, Pupil, School, Staff

from .errors import ImportFailed

Teaching = Group.teachers.through
SECRET_FIELDS = {"password"}


def tracked(school):
    """(kind, model, the school's rows), parents before children."""
    return [
        ("group", Group, Group.objects.filter(school_year__school=school)),
        ("user", get_user_model(), _own_logins(school)),
        ("staff", Staff, Staff.objects.filter(school=school)),
        ("teaching", Teaching, Teaching.objects.filter(group__school_year__school=school)),
        ("pupil", Pupil, Pupil.objects.filter(school=school)),
        ("guardian", Guardian, Guardian.objects.filter(school=school)),
        ("enrollment", Enrollment, Enrollment.objects.filter(pupil__school=school)),
        ("link", GuardianOf, GuardianOf.objects.filter(pupil__school=school)),
    ]


def _own_logins(school):
    """The logins that are staff of this school only: an import may create them, and undo remove
    them. A login that is also staff elsewhere in the board is not this school's to remove: undoing
    the import that gave it a membership here removes that membership (a Staff row), not the login."""
    elsewhere = Staff.objects.filter(user=OuterRef("pk")).exclude(school=school)
    return get_user_model().objects.filter(staff__school=school).filter(~Exists(elsewhere))


def _columns(model):
    return [f.attname for f in model._meta.concrete_fields if f.attname not in SECRET_FIELDS]


def _plain(rows):
    return json.loads(json.dumps(rows, cls=DjangoJSONEncoder))


def snapshot(school) -> dict:
    """{kind: {pk as text: {column: JSON value}}} of every row an import can touch."""
    return {
        kind: _plain({str(row[model._meta.pk.attname]): row for row in rows.values(*_columns(model))})
        for kind, model, rows in tracked(school)
    }


def difference(before: dict, after: dict) -> dict:
    changes = {}
    for kind in after:
        old, new = before[kind], after[kind]
        updated = {}
        for pk in old.keys() & new.keys():
            fields = [name for name in new[pk] if new[pk][name] != old[pk][name]]
            if fields:
                updated[pk] = {"old": {n: old[pk][n] for n in fields}, "new": {n: new[pk][n] for n in fields}}
        entry = {
            "created": {pk: new[pk] for pk in new.keys() - old.keys()},
            "updated": updated,
            "deleted": {pk: old[pk] for pk in old.keys() - new.keys()},
        }
        if any(entry.values()):
            changes[kind] = entry
    return changes


def record(*, school, report, changes, user=None, source) -> ImportRun:
    return ImportRun.objects.create(
        school=school,
        started_by=user,
        source=source,
        summary=report.summary()[:500],
        report=report.as_text(),
        changes=changes,
    )


def last_import(school):
    return ImportRun.objects.filter(school=school).order_by("-started_at", "-pk").first()


def undo_import(*, run: ImportRun, user) -> None:
    """Undo the school's last import; raise ImportFailed with a Dutch reason when it cannot."""
    with transaction.atomic():
        school = School.objects.select_for_update().get(pk=run.school_id)
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.undone_at is not None:
            raise ImportFailed(_("Deze import is al teruggedraaid."))
        if last_import(school).pk != run.pk:
            raise ImportFailed(_("Alleen de laatste import kan worden teruggedraaid."))
        models = {kind: model for kind, model, _rows in tracked(school)}
        _check_unchanged(school, run.changes)
        _reverse(models, run.changes)
        run.undone_at, run.undone_by = timezone.now(), user
        run.save(update_fields=["undone_at", "undone_by"])


def _check_unchanged(school, changes):
    now = snapshot(school)
    for kind, entry in changes.items():
        current = now[kind]
        expected = entry["created"] | {pk: change["new"] for pk, change in entry["updated"].items()}
        moved = [pk for pk, values in expected.items() if _differs(current.get(pk), values)]
        if moved or entry["deleted"].keys() & current.keys():
            raise ImportFailed(
                _(
                    "Sinds deze import zijn gegevens die de import veranderde weer gewijzigd. Terugdraaien zou "
                    "die wijzigingen ongedaan maken; daarom gebeurt het niet. Pas de gegevens zo nodig met een "
                    "nieuwe import aan."
                )
            )


def _differs(current, values):
    return current is None or any(current.get(name) != value for name, value in values.items())


def _refuse_linked():
    raise ImportFailed(
        _(
            "Deze import kan niet meer worden teruggedraaid: aan leerlingen, ouders of medewerkers die de "
            "import toevoegde is sindsdien iets gekoppeld (bijvoorbeeld een gesprek, een bericht of een login)."
        )
    )


def _delete_alone(model, pks):
    """Delete rows the import created (children were deleted before); refuse when that would take
    other rows along or is blocked by them. The caller's transaction then writes nothing."""
    try:
        _count, deleted = model.objects.filter(pk__in=pks).delete()
    except (ProtectedError, RestrictedError):
        _refuse_linked()
    if any(count for label, count in deleted.items() if label != model._meta.label):
        _refuse_linked()


def _python(model, values):
    fields = {f.attname: f for f in model._meta.concrete_fields}
    return {name: None if value is None else fields[name].to_python(value) for name, value in values.items()}


def _reverse(models, changes):
    order = [kind for kind in models if kind in changes]
    for kind in reversed(order):
        _delete_alone(models[kind], [int(pk) for pk in changes[kind]["created"]])
    for kind in order:
        model = models[kind]
        for pk, change in changes[kind]["updated"].items():
            model.objects.filter(pk=int(pk)).update(**_python(model, change["old"]))
    for kind in order:
        model = models[kind]
        rows = [model(**_python(model, values)) for values in changes[kind]["deleted"].values()]
        model.objects.bulk_create(rows)
