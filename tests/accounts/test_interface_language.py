"""The interface language (issue 13, point 12): staff screens are Dutch whatever the browser says,
unless a member of staff chose another language in their profile; a parent gets the language they
chose, else their preferred language, else the browser's."""

import re

from django.urls import reverse

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def page_language(response) -> str:
    return re.search(r'<html lang="([a-z-]+)"', response.content.decode()).group(1)


def test_staff_screens_are_dutch_in_an_english_browser(world, login_as):
    response = login_as(world.tess).get(reverse("staffpages:home"), **ENGLISH_BROWSER)
    assert page_language(response) == "nl"
    assert "Mijn groepen" in response.content.decode()


def test_the_staff_login_page_is_dutch_in_an_english_browser(client):
    response = client.get(reverse("accounts:login"), **ENGLISH_BROWSER)
    assert page_language(response) == "nl"


def test_a_teacher_who_chooses_english_in_the_profile_gets_english(world, login_as):
    client = login_as(world.tess)
    response = client.post(reverse("staffpages:profile"), {"language": "en"})
    assert response.status_code == 302
    world.tess.refresh_from_db()
    assert world.tess.language == "en"
    assert page_language(client.get(reverse("staffpages:home"))) == "en"
    client.post(reverse("staffpages:profile"), {"language": ""})
    assert page_language(client.get(reverse("staffpages:home"), **ENGLISH_BROWSER)) == "nl"


def test_an_unknown_language_is_refused_in_dutch_and_nothing_changes(world, login_as):
    client = login_as(world.tess)
    response = client.post(reverse("staffpages:profile"), {"language": "xx"})
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    world.tess.refresh_from_db()
    assert world.tess.language == ""


def test_parents_get_their_preferred_language_before_the_browsers(world, login_as):
    world.anna.language = "ar"
    world.anna.save(update_fields=["language"])
    response = login_as(world.anna).get(reverse("portal:home"), **ENGLISH_BROWSER)
    assert page_language(response) == "ar"


def test_a_parent_whose_language_is_not_offered_gets_the_browsers(world, login_as):
    world.anna.language = "so"  # Somali: no parent pages in it yet
    world.anna.save(update_fields=["language"])
    response = login_as(world.anna).get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="tr")
    assert page_language(response) == "tr"


def test_a_parents_own_choice_in_the_switcher_wins(world, login_as, settings):
    world.anna.language = "ar"
    world.anna.save(update_fields=["language"])
    client = login_as(world.anna)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
    assert page_language(client.get(reverse("portal:home"), **ENGLISH_BROWSER)) == "pl"


def test_the_profile_is_for_staff_only(world, login_as, client):
    assert login_as(world.anna).get(reverse("staffpages:profile")).status_code == 403
