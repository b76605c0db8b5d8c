from celery import shared_task

from . import notify


@shared_task(acks_late=True)
def digests_send():
    return notify.digests_send()
