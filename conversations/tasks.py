"""Background work for conversations: announcing bookings made on the booking page.

The booking row carries `announce_pending` (written in the booking's own INSERT, so it exists
exactly when the booking does). Right after the commit the page asks for `bookings_announce_task`
(at most one a second, announcing every pending booking); the beat's
`conversations.tasks.bookings_announce_sweep` finds any whose hand-over was lost (broker away,
worker killed). Both lock the rows with SKIP LOCKED and clear the flag in the transaction that
writes the messages, so each booking is announced exactly once.
"""

from celery import shared_task

from .booking import bookings_announce


@shared_task(name="conversations.tasks.bookings_announce", ignore_result=True, acks_late=True)
def bookings_announce_task(ids=None, base_url=None):
    done = bookings_announce(ids=ids, base_url=base_url)
    while ids is None and done:  # a rush: keep going until nothing is pending
        done = bookings_announce(base_url=base_url)
    return done


@shared_task(name="conversations.tasks.bookings_announce_sweep", ignore_result=True, acks_late=True)
def bookings_announce_sweep():
    return bookings_announce()
