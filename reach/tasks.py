"""Celery tasks of reach: thin wrappers around the services."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from .buddies import buddy_reminders_schedule


@shared_task(name="reach.tasks.buddy_reminders", ignore_result=True, acks_late=True,
             autoretry_for=(OperationalError, InterfaceError), retry_backoff=True, max_retries=5)  # fmt: skip
def buddy_reminders():
    """Schedule the buddies' reminders for sessions their parent is (newly) invited to; idempotent."""
    buddy_reminders_schedule()
