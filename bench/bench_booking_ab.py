"""Before and after, in-process: the trivial view and a booking POST timed with the code of a checkout.

    DATABASE_URL=<the database bench_booking.py left seeded> REDIS_URL=redis://…/n \\
        .venv/bin/python bench/bench_booking_ab.py CHECKOUT [CHECKOUT …]

For each checkout in turn (run the list twice, alternating, so both see the same load): import
that checkout's code, reset the bookings, log 150 one-child guardians in with Django's test client,
time 150 GETs of the login page and then one booking POST each, and print the mean times, the
ratio of the rates and the statements per POST. The schema must be the same in every checkout
(no migration between them). One thread, no server: Python and SQL cost, not throughput.
"""

import os
import sys
import time

COUNT = 150


def main(root):
    sys.path[:0] = [os.path.join(root, "bench"), root]
    os.environ.setdefault("SITE_URL", "http://127.0.0.1")
    twilio = {"TWILIO_ACCOUNT_SID": "bench", "TWILIO_AUTH_TOKEN": "bench", "TWILIO_FROM": "+31600000000"}
    for name, value in {**twilio, "TWILIO_WHATSAPP_FROM": "whatsapp:+31600000000"}.items():
        os.environ.setdefault(name, value)
    import bench_booking

    bench_booking.configure()
    import django

    import conversations  # noqa: F401 - from this checkout, before django.setup() imports the apps

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from conversations.booking import family_load, free_slots_of
    from conversations.models import Round
    from ouderbetrokkenheid.school.models import Guardian

    round = Round.objects.get()
    bench_booking.reset(round)
    path, posts = bench_booking.reverse_book(round), []
    for n, guardian in enumerate(Guardian.objects.order_by("-pk")[:COUNT]):
        kids = [link.pupil for link in guardian.children_links.select_related("pupil")]
        free = free_slots_of(round=round, family=family_load(rounds=[round], guardian=guardian), pupils=kids)
        client = Client()
        client.force_login(guardian.user)
        posts.append((client, {f"slot_{kids[0].pk}": free[kids[0].pk][(n // 2) % len(free[kids[0].pk])].pk}))
    anonymous = Client()
    for _ in range(20):
        anonymous.get("/accounts/login/")
    began = time.perf_counter()
    for _ in range(COUNT):
        anonymous.get("/accounts/login/")
    trivial = (time.perf_counter() - began) / COUNT
    with CaptureQueriesContext(connection) as queries:
        began = time.perf_counter()
        for client, data in posts:
            client.post(path, data)
        booking = (time.perf_counter() - began) / COUNT
    print(f"{root}: trivial {1000 * trivial:.2f} ms, booking POST {1000 * booking:.2f} ms, ratio of rates "
          f"{trivial / booking:.3f}, statements per POST {len(queries) / COUNT:.1f}, "
          f"load {os.getloadavg()[0]:.1f}")  # fmt: skip
    bench_booking.reset(round)


if __name__ == "__main__":
    if len(sys.argv) == 2:
        main(os.path.abspath(sys.argv[1]))
    else:
        import subprocess

        for root in sys.argv[1:] * 2:
            subprocess.run([sys.executable, __file__, root], check=True)
