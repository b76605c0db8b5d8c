"""Reach tests: the browser fixtures of tests/e2e are used for the dashboard's browser test."""

from tests.e2e.conftest import (  # noqa: F401
    browser,
    desktop_page,
    fresh_login_throttle,
    no_csp_violations,
    phone_page,
    url,
)
