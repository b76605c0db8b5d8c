"""Celery tasks of the meetings app: thin wrappers that take ids and call the services."""

import logging

from celery import shared_task
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError

from ouderbetrokkenheid.school.models import Staff

from .invitations import invitations_send
from .models import Session

logger = logging.getLogger(__name__)


@shared_task(
    name="meetings.tasks.send_invitations",
    ignore_result=True,
    acks_late=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=5,
)
def send_invitations(session_id, by_id=None, base_url=None):
    """Invite the session's audience; safe to run twice (invitations are once per guardian)."""

    session = Session.objects.filter(pk=session_id).first()
    if session is None:  # cancelled in the meantime
        return
    by = Staff.objects.filter(pk=by_id).first() if by_id else None
    try:
        invitations_send(session=session, by=by, base_url=base_url)
    except ValidationError as error:  # too close to the session: retrying will not help
        logger.warning("session %s not invited: %s", session_id, " ".join(error.messages))
