"""Publishing the development view to a pupil's guardians, and withdrawing it (teacher or IB).

One Publication row per pupil: present = the guardians see the view in the portal. Both changes
are logged (development.access.log_access).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from messaging.services import notice_send
from ouderbetrokkenheid.school.models import GuardianOf

from . import access
from .models import AccessAction, Publication

NOTE_MAX = 1000


def may_publish(staff, pupil) -> bool:
    """The pupil's teacher or the school's IB (leadership reads, but does not publish)."""
    if staff is None or not (staff.is_teacher or staff.is_ib):
        return False
    if staff.is_ib and staff.school_id == pupil.school_id:
        return True
    return staff.is_teacher and access.pupils_changeable_by(staff).filter(pk=pupil.pk).exists()


def view_publish(*, pupil, by, note: str = "") -> Publication:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(_("De toelichting is te lang: hooguit %(max)s tekens.") % {"max": NOTE_MAX})
    if not may_publish(by, pupil):
        raise ValidationError(_("Alleen de leerkracht van de leerling of de IB kan dit delen."))
    with transaction.atomic():
        publication, created = Publication.objects.update_or_create(
            pupil=pupil, defaults={"published_by": by, "published_at": timezone.now(), "note": note}
        )
        access.log_access(actor=by, pupil=pupil, action=AccessAction.PUBLISH, what="ontwikkeling gedeeld met ouders")
        if created:  # a changed note does not message the guardians again
            _inform_guardians(pupil, publication)
    return publication


def _text(pupil, guardian):
    with translation.override(guardian.page_language):
        return _("U kunt nu in de app zien hoe %(child)s groeit in lezen, spelling en rekenen.") % {
            "child": pupil.first_name
        }


def _inform_guardians(pupil, publication):
    """Every guardian with parental authority hears it at the same moment (messaging is the only way)."""
    links = GuardianOf.objects.filter(pupil=pupil, has_parental_authority=True).select_related("guardian")
    guardians = [link.guardian for link in links.order_by("guardian_id")]
    notice_send(
        guardians=guardians,
        source=f"development.publication:{publication.pk}",
        text_for=lambda guardian: _text(pupil, guardian),
        scheduled_at=publication.published_at,
    )


def view_unpublish(*, pupil, by) -> bool:
    if not may_publish(by, pupil):
        raise ValidationError(_("Alleen de leerkracht van de leerling of de IB kan dit stoppen."))
    with transaction.atomic():
        deleted, _rows = Publication.objects.filter(pupil=pupil).delete()
        if deleted:
            access.log_access(actor=by, pupil=pupil, action=AccessAction.UNPUBLISH, what="delen gestopt")
    return bool(deleted)
