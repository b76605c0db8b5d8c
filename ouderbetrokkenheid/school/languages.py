"""Language codes as people read them."""

from django.utils import translation


def language_name(code) -> str:
    """The name of a language in the active interface language ("Arabisch"), else the code itself."""
    try:
        return str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return code
