"""Celery tasks of the meetings app: thin wrappers that take ids and call the services."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from ouderbetrokkenheid.school.models import Staff

from .invitations import invitations_send
from .models import Session


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
    invitations_send(session=session, by=by, base_url=base_url)
