"""Anna's thread about Pim, for the access walk's `thread_id` (tests/test_access_walk.py)."""


def walk_thread(world):
    from threads.models import Thread
    from threads.services import reply_file

    existing = Thread.objects.filter(guardian=world.anna).first()
    return existing or reply_file(guardian=world.anna, via="portal", body="Vraag over Pim", pupils=[world.pim]).thread
