"""Which language a request is answered in.

Django's LocaleMiddleware picks the language cookie, else the browser's Accept-Language. That is
right for parents and visitors, not for staff: the staff interface is Dutch unless a member of
staff chose another language in their profile (`Staff.language`), whatever the browser says. A
parent gets the language they chose with the switcher (the cookie), else their preferred language
when it is offered, else the browser's. The staff login pages are Dutch unless chosen otherwise.
"""

from django.conf import settings
from django.utils import translation

from .access import actor_for

STAFF_PAGES = ("/accounts/login/", "/accounts/password-reset/")
OFFERED = {code for code, _name in settings.LANGUAGES}


def language_for(request) -> str | None:
    """The language to use, or None to keep the one LocaleMiddleware chose."""
    actor = actor_for(request)
    if actor.is_authenticated and actor.staff is not None:
        return actor.staff.language or settings.LANGUAGE_CODE
    guardian = actor.guardian if actor.is_authenticated else None  # the views of a parent need it anyway
    if guardian is not None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        return None if chosen in OFFERED or guardian.language not in OFFERED else guardian.language
    if actor.is_authenticated and actor.board_admin is not None:
        return settings.LANGUAGE_CODE
    if request.path.startswith(STAFF_PAGES) and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) not in OFFERED:
        return settings.LANGUAGE_CODE
    return None


class UserLanguageMiddleware:
    """After authentication: put the language `language_for` names in force for this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_for(request)
        if language is not None:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
