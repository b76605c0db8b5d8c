"""Reach tests: the browser fixtures of tests/e2e are used for the dashboard's browser test."""

from tests.e2e.conftest import browser, desktop_page, fresh_login_throttle, phone_page, url  # noqa: F401
