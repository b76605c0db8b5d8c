from celery import shared_task

from . import services


@shared_task(acks_late=True)
def apply_retention():
    """Nightly (beat): remove what is past its retention period; returns the run's id."""
    return services.retention_run().pk
