"""`page_width` (tests/e2e/layout.py) measures a page after its stylesheet applies.

A local server holds the stylesheet of page /b until the test lets it go. Read at once after the
click, the page is wider than the phone (the table's scrolling wrapper has no style yet: what CI saw
once on the reach dashboard); `page_width` waits for the load event and reads the real width.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.e2e.conftest import PHONE, _page
from tests.e2e.layout import page_width

HEAD = b'<!doctype html><html lang="nl"><meta name="viewport" content="width=device-width"><title>t</title>'
PAGES = {
    "/a": HEAD + b'<a href="/b">verder</a>',
    "/b": HEAD + b'<link rel="stylesheet" href="/s.css"><div class="wrap"><table style="width:700px">'
    b"<tr><td>breed</td></tr></table></div>",
    "/s.css": b".wrap { overflow-x: auto }",
}


@pytest.fixture
def slow_stylesheet_server():
    release = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/s.css":
                release.wait(10)
            body = PAGES.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/css" if self.path.endswith(".css") else "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", release
    release.set()
    server.shutdown()
    server.server_close()


def test_page_width_waits_for_the_stylesheet_after_a_click(browser, slow_stylesheet_server):
    base, release = slow_stylesheet_server
    context, page = _page(browser, **PHONE)
    try:
        page.goto(base + "/a")
        page.click("a")
        assert page.url == base + "/b"
        assert page.evaluate("document.documentElement.scrollWidth") > 360, "read before the stylesheet"
        threading.Timer(0.3, release.set).start()
        assert page_width(page) == 360
    finally:
        context.close()
