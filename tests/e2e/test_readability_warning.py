"""A teacher writes a library tip that is too hard for parents: "Controleer de tekst" shows the
warning with the long sentence and the hard words marked; saving still works (a warning, not a refusal)."""

from playwright.sync_api import expect

from messaging.library.install import library_install
from messaging.models import LibraryEntry, LibraryText
from tests.e2e.staff_login import log_in_staff

PASSWORD = "geheim-wachtwoord-42"
HARD = (
    "Omdat wij het als school ontzettend belangrijk vinden dat alle ouders op de hoogte zijn van de "
    "ontwikkelingen binnen het onderwijsprogramma, vragen wij {child} dagelijks te oefenen."
)


def test_teacher_sees_hard_words_marked_and_can_still_save(world, desktop_page, url):
    library_install(school=world.school_a)
    entry = LibraryEntry.objects.get(school=world.school_a, key="tip-g3-m10-1")
    page = desktop_page
    page.goto(url("accounts:login"))
    page.locator("input[name=username]").fill(world.tess.user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.goto(url("messaging:library_edit", entry.pk))
    page.locator("textarea[name=text_nl]").fill(HARD)
    page.get_by_role("button", name="Controleer de tekst").click()

    warning = page.locator("[data-readability-warning]")
    expect(warning).to_contain_text("Deze tekst is misschien te moeilijk voor ouders.")
    expect(warning).to_contain_text("1 zin is langer dan 15 woorden")
    expect(warning.locator("mark.readability-long-sentence")).to_have_count(1)
    expect(warning.locator("mark.readability-hard-word", has_text="onderwijsprogramma")).to_have_count(2)
    warning.scroll_into_view_if_needed()
    page.screenshot(path="/tmp/shots/readability-warning.png", full_page=False)
    assert LibraryText.objects.get(entry=entry, language="nl").text != HARD  # a check saves nothing

    page.get_by_role("button", name="Opslaan", exact=True).last.click()
    expect(page.locator(".alert-warning").first).to_contain_text("Let op: de tekst (Nederlands)")
    assert LibraryText.objects.get(entry=entry, language="nl").text == HARD


def test_the_warning_follows_the_typing_in_the_handout_editor(world, desktop_page, url):
    from meetings.handouts.install import handout_texts_install

    handout_texts_install(school=world.school_a)
    page = desktop_page
    log_in_staff(page, url, world.lea, password=PASSWORD)
    page.goto(url("meetings:handout_text_edit") + "?onderdeel=home_tips&leerjaar=3&taal=nl")
    warning = page.locator("#readability-text [data-readability-warning]")
    expect(warning).to_have_count(0)  # the shipped text is plain
    page.locator("textarea[name=text]").fill("- " + HARD)
    expect(warning).to_be_visible()
    expect(warning.locator("mark.readability-hard-word", has_text="onderwijsprogramma")).to_have_count(2)
    page.locator("textarea[name=text]").fill("- Lees samen een boek.")
    expect(warning).to_have_count(0)
