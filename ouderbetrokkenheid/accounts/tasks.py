"""The parent login's link or code goes out here, after the response (issue 17: no timing oracle).

The login request only enqueues this task, for every well-formed address, known or not; the task
looks the address up and does nothing when it is unknown. Only the address and the site's base
URL travel through the broker, and only for as long as the task waits.
"""

from celery import shared_task

from .services import magic_link_request


@shared_task(name="accounts.send_login_link", ignore_result=True)
def send_login_link(identity: str, base_url: str):
    magic_link_request(identity=identity, request_base_url=base_url)
