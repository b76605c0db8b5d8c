"""The parent login's link or code goes out here, after the response (issue 17: no timing oracle).

The login request only enqueues this task, for every well-formed address, known or not; the task
looks the address up and does nothing when it is unknown. Only the address, the site's base URL and
the checked same-site page to return to travel through the broker, and only while the task waits.
"""

from celery import shared_task

from .services import magic_link_request


@shared_task(name="accounts.send_login_link", ignore_result=True)
def send_login_link(identity: str, base_url: str, next_path: str = ""):
    magic_link_request(identity=identity, request_base_url=base_url, next_path=next_path)
