"""Content-Security-Policy and Cache-Control (issue 17, point 8; docs/security.md).

- every page carries the CSP header: no inline script or style, no framing, forms post here;
- no rendered page holds an inline <script> (without src), a <style> block, a style attribute, an
  event-handler attribute (onclick …) or a javascript: link: every page of the project (the URL
  resolver, as the access walk walks it) is rendered for each persona who may see it;
- pages with personal data are `Cache-Control: private, no-store`.
"""

import json
import logging
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from ouderbetrokkenheid.nostore import PrivateNoStoreMiddleware
from tests.test_access_walk import NON_PUBLIC, ROUTES, build_url, expectation, user_of

# Script types the browser does not run (data for a script file): allowed inline.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
WALKERS = ["anna", "tess", "iris", "lea", "bea"]


class InlineFinder(HTMLParser):
    """What the policy would block in a page: inline scripts, styles, handlers, javascript: URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        where = f"<{tag}{' id=' + attrs['id'] if attrs.get('id') else ''}>"
        if tag == "script" and not attrs.get("src") and (attrs.get("type") or "").lower() not in DATA_SCRIPT_TYPES:
            self._script = where
        if tag == "style":
            self.found.append(f"{where} block")
        for name, value in attrs.items():
            if name == "style":
                self.found.append(f"{where} style={value!r}")
            elif name.startswith("on"):
                self.found.append(f"{where} {name}={value!r}")
            elif name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"{where} {name}={value!r}")

    def handle_data(self, data):
        if self._script and data.strip():
            self.found.append(f"inline script {self._script}: {data.strip()[:60]!r}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def inline_code(html):
    finder = InlineFinder()
    finder.feed(html)
    return finder.found


def test_the_finder_finds_what_the_policy_blocks():
    page = (
        '<script src="/static/js/app.js"></script><script type="application/json">{"a": 1}</script>'
        '<script>alert(1)</script><div style="color: red"></div><style>p {}</style>'
        '<select onchange="this.form.submit()"></select><a href="javascript:void(0)">x</a>'
    )
    found = inline_code(page)
    assert len(found) == 5, found


def test_every_page_carries_the_policy(world, login_as, client):
    for response in (
        client.get(reverse("accounts:login")),
        login_as(world.anna).get(reverse("portal:home")),
        login_as(world.tess).get(reverse("staffpages:home")),
    ):
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy and "form-action 'self'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def _walk(world, client, persona):
    """(url, route name, response) of every GET page that answers `persona` with an HTML page."""
    from django.test import Client

    # Walk objects made for one page (a library entry without text) can upset another page of the
    # same walk; that page's own tests cover it: here only the pages that render count.
    client = Client(raise_request_exception=False)
    if persona != "anonymous":
        client.force_login(user_of(world, persona))
    routes = [r for r in ROUTES if r not in NON_PUBLIC] if persona == "anonymous" else NON_PUBLIC
    for route in routes:
        if persona != "anonymous" and expectation(world, route, persona) == "denied":
            continue
        url = build_url(route, world)
        response = client.get(url)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            yield url, route.name, response


@pytest.mark.parametrize("persona", ["anonymous", *WALKERS])
def test_no_rendered_page_holds_inline_script_or_style(persona, world, client):
    seen, wrong = 0, []
    for url, name, response in _walk(world, client, persona):
        seen += 1
        if "Content-Security-Policy" not in response:
            wrong.append(f"{url} ({name}): no Content-Security-Policy header")
        wrong += [f"{url} ({name}): {what}" for what in inline_code(response.content.decode())]
    assert seen >= 5, f"only {seen} pages rendered as {persona}"
    assert not wrong, f"as {persona}:\n" + "\n".join(wrong)


# --- Cache-Control -------------------------------------------------------------------------------


def no_store(response):
    value = response.get("Cache-Control", "")
    return "no-store" in value and "private" in value and "public" not in value


def test_pages_of_logged_in_staff_and_parents_are_not_stored(world, login_as):
    assert no_store(login_as(world.tess).get(reverse("staffpages:home")))
    assert no_store(login_as(world.anna).get(reverse("portal:home")))


def test_tokenised_links_and_public_pages_are_not_stored(world, client):
    assert no_store(client.get(reverse("accounts:magic_link", args=["dummy-token-0123456789"])))
    assert no_store(client.get(reverse("accounts:login")))
    assert no_store(client.get(reverse("accounts:parent_login")))


def _through_middleware(*, user, cache_control, token=False):
    request = RequestFactory().get("/iets/")
    request.user = user
    request.resolver_match = type("Match", (), {"kwargs": {"token": "x"} if token else {}})()

    def view(_request):
        response = HttpResponse("ok")
        response["Cache-Control"] = cache_control
        return response

    return PrivateNoStoreMiddleware(view)(request)


def test_a_public_page_may_say_it_can_be_cached_but_not_to_a_logged_in_user_or_on_a_token(world):
    public = "public, max-age=3600"
    assert _through_middleware(user=AnonymousUser(), cache_control=public)["Cache-Control"] == public
    assert no_store(_through_middleware(user=world.tess.user, cache_control=public))
    assert no_store(_through_middleware(user=AnonymousUser(), cache_control=public, token=True))


# --- the report endpoint -------------------------------------------------------------------------


def test_violation_reports_are_logged(client, caplog):
    report = {"csp-report": {"document-uri": "https://school.example/staff/", "violated-directive": "script-src"}}
    with caplog.at_level(logging.WARNING, logger="ouderbetrokkenheid.csp"):
        response = client.post(reverse("csp_report"), json.dumps(report), content_type="application/csp-report")
    assert response.status_code == 204
    assert "script-src" in caplog.text and "/staff/" in caplog.text
    assert client.get(reverse("csp_report")).status_code == 405
    too_big = client.post(reverse("csp_report"), "x" * 9000, content_type="application/csp-report")
    assert too_big.status_code == 413


def test_the_admin_pages_hold_no_inline_script_or_style(world, client, django_user_model):
    root = django_user_model.objects.create_superuser("root@example.nl", "geheim-wachtwoord-42")
    client.force_login(root)
    wrong = []
    for url in (
        "/admin/",
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        f"/admin/accounts/user/{root.pk}/change/",
        f"/admin/school/school/{world.school_a.pk}/change/",
        "/admin/otp_totp/totpdevice/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        wrong += [f"{url}: {what}" for what in inline_code(response.content.decode())]
    assert not wrong, "\n".join(wrong)
