"""The handout PDF (WeasyPrint), rendered on request and cached by content.

Rendering the HTML is cheap (one query); the PDF is not. The PDF is cached under a hash of the
HTML, so any change to the session or the texts makes a new key and stale PDFs age out. See
bench/bench_handouts.py for how long a render takes.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string

from .content import handout_content

CACHE_SECONDS = 24 * 3600


def handout_html(*, session, year_level: int, language: str) -> str:
    handout = handout_content(session=session, year_level=year_level, language=language)
    return render_to_string("meetings/handout.html", {"handout": handout})


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # heavy import: only where a PDF is made

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def handout_pdf(*, session, year_level: int, language: str, use_cache: bool = True) -> bytes:
    html = handout_html(session=session, year_level=year_level, language=language)
    if not use_cache:
        return html_to_pdf(html)
    key = "handout-pdf:" + hashlib.sha256(html.encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = html_to_pdf(html)
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf
