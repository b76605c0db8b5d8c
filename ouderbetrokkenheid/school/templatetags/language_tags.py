"""`{{ code|language_name }}` and `{{ codes|language_names }}`: a language's name, never its code."""

from django import template

from ouderbetrokkenheid.school import languages

register = template.Library()


@register.filter
def language_name(code):
    return languages.language_name(code)


@register.filter
def language_names(codes):
    return languages.language_names(codes)


@register.filter
def text_dir(code):
    """`dir="{{ code|text_dir }}"`: "rtl" for Arabic, else "ltr" (school.languages)."""
    return languages.text_direction(code)


@register.simple_tag
def parent_languages():
    """`{% parent_languages as languages %}`: the one list (code, name, dir), Dutch first."""
    return languages.PARENT_LANGUAGES
