"""A contact arrangement per child: how teacher and parents keep in touch this year (agreed in
the start conversation), the next contact scheduled from it, each contact logged, and the
guardians' corrected contact details written back to the school's records.

Corrections are logged as a ContactMoment on the pupil's arrangement ("contact details corrected:
e-mail, mobile, by …"), naming the fields that changed, not the old values (AVG)."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.importing.fields import CellError
from ouderbetrokkenheid.school.importing.fields import email as clean_email
from ouderbetrokkenheid.school.importing.fields import mobile as clean_mobile
from ouderbetrokkenheid.school.models import Enrollment

from .models import ContactArrangement, ContactKind, ContactMoment
from .records import may_write


def _next_contact(arrangement, after: datetime.date):
    if arrangement.kind == ContactKind.REGULAR or not arrangement.every_weeks:
        return None
    return after + datetime.timedelta(weeks=arrangement.every_weeks)


@transaction.atomic
def contact_arrangement_save(
    *,
    pupil,
    school_year,
    kind,
    every_weeks=None,
    minutes=None,
    note="",
    info_sessions_wanted="",
    record=None,
    by,
    today=None,
) -> ContactArrangement:
    """Create or change the pupil's arrangement for the year and schedule the next contact."""
    if not may_write(by, pupil):
        raise ValidationError(_("U mag voor deze leerling geen contactafspraak maken."))
    if kind not in ContactKind.values:
        raise ValidationError({"kind": _("Kies een soort contact.")})
    if kind != ContactKind.REGULAR and not every_weeks:
        raise ValidationError({"every_weeks": _("Vul in om de hoeveel weken er contact is.")})
    arrangement, _created = ContactArrangement.objects.select_for_update().get_or_create(
        pupil=pupil, school_year=school_year
    )
    arrangement.kind, arrangement.minutes, arrangement.note = kind, minutes, note.strip()[:500]
    arrangement.info_sessions_wanted = (info_sessions_wanted or "").strip()[:500]
    arrangement.every_weeks = every_weeks if kind != ContactKind.REGULAR else None
    arrangement.agreed_in = record or arrangement.agreed_in
    arrangement.next_contact_on = _next_contact(arrangement, today or timezone.localdate())
    arrangement.updated_at = timezone.now()
    arrangement.save()
    return arrangement


@transaction.atomic
def contact_moment_log(*, arrangement, on: datetime.date, note="", by) -> ContactMoment:
    """Log a contact and move the next one `every_weeks` on."""
    if not may_write(by, arrangement.pupil):
        raise ValidationError(_("U mag voor deze leerling geen contact vastleggen."))
    moment = ContactMoment.objects.create(arrangement=arrangement, on=on, note=note.strip()[:500], by=by)
    next_on = _next_contact(arrangement, on)
    if next_on and (arrangement.next_contact_on is None or next_on > arrangement.next_contact_on):
        arrangement.next_contact_on = next_on
        arrangement.save(update_fields=["next_contact_on"])
    return moment


def contacts_due(*, staff, today, days=7):
    """Arrangements of the staff member's pupils with a contact due within `days` (or overdue)."""
    arrangements = ContactArrangement.objects.filter(
        pupil__school_id=staff.school_id, next_contact_on__lte=today + datetime.timedelta(days=days)
    )
    if not (staff.is_ib or staff.is_leadership):
        if not staff.is_teacher:
            return arrangements.none()
        current = Enrollment.objects.current(today).filter(group__teachers=staff).values("pupil_id")
        arrangements = arrangements.filter(pupil_id__in=current)
    return arrangements.select_related("pupil").order_by("next_contact_on")


def _cleaned(*, email, mobile, language):
    try:
        email, mobile = clean_email(email or ""), clean_mobile(mobile or "")
    except CellError as error:
        raise ValidationError(str(error)) from None
    language = (language or "").strip().lower()
    if not re.fullmatch(r"[a-z]{2,3}", language):
        raise ValidationError({"language": _("Kies een taal.")})
    return {"email": email, "mobile": mobile, "language": language}


@transaction.atomic
def contact_details_correct(*, guardian, pupil, email, mobile, language, by, today=None) -> list[str]:
    """Write the contact details the guardian confirmed or corrected in the conversation back to
    the Guardian, and log which fields changed on the pupil's arrangement. Returns the changed fields."""
    if not may_write(by, pupil) or not guardian.children_links.filter(pupil=pupil).exists():
        raise ValidationError(_("U mag de gegevens van deze ouder niet wijzigen."))
    values = _cleaned(email=email, mobile=mobile, language=language)
    changed = [name for name, value in values.items() if getattr(guardian, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(guardian, name, values[name])
    guardian.save(update_fields=changed)
    today = today or timezone.localdate()
    enrollment = Enrollment.objects.current(today).filter(pupil=pupil).select_related("group").first()
    if enrollment:
        arrangement, _created = ContactArrangement.objects.get_or_create(
            pupil=pupil, school_year_id=enrollment.group.school_year_id
        )
        labels = ", ".join(str(guardian._meta.get_field(name).verbose_name) for name in changed)
        note = _("Contactgegevens van %(guardian)s gecorrigeerd: %(fields)s.") % {
            "guardian": guardian.full_name, "fields": labels
        }  # fmt: skip
        ContactMoment.objects.create(arrangement=arrangement, on=today, note=note, by=by)
    return changed
