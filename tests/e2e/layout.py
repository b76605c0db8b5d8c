"""Page width as a phone shows it, measured once the page has finished loading.

A click that follows a link returns when the new page is committed, not when it is loaded: read
too early, `scrollWidth` measures the document before its stylesheet applies (a 360 px page then
measured 715 px in CI, with no element to blame). `page_width` waits for the load event first.
"""


def page_width(page):
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth")
