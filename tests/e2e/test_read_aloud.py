"""“Lees voor” (static/js/read-aloud.js): the browser's own speech synthesis reads a page, a
message or an invitation aloud in the page's language.

Headless Chromium here has no speech engine and no audio, so the page gets a recording stand-in
for window.speechSynthesis and SpeechSynthesisUtterance (add_init_script, before the page's own
scripts): the tests check what the script asks the browser to say, in which language and with
which voice; not the sound itself. The stand-in offers a Dutch and an Arabic voice and none for
the other languages, so both "a matching voice" and "no voice: the browser's default" are used.
"""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from meetings.texts import item_texts
from tests.e2e.parent_scene import Scene
from tests.e2e.test_accessibility import A11yPage, open_page

ALL_LANGUAGES = ("nl", "en", "ar", "tr", "pl", "uk")
VOICES = {"nl": "Dutch (Netherlands)", "ar": "Arabic (Saudi Arabia)"}

RECORDER = """
(() => {
  const calls = [];
  window.__speech = {calls, cancelled: 0};
  class Utterance {
    constructor(text) { this.text = text; this.lang = ""; this.voice = null; this.onend = null; this.onerror = null; }
  }
  const voices = [
    {name: "Dutch (Netherlands)", lang: "nl-NL", default: false, localService: true, voiceURI: "nl"},
    {name: "Arabic (Saudi Arabia)", lang: "ar-SA", default: false, localService: true, voiceURI: "ar"},
  ];
  const synth = {
    speaking: false, pending: false, paused: false,
    speak(u) {
      this.speaking = true;
      calls.push({text: u.text, lang: u.lang, voice: u.voice ? u.voice.name : null, utterance: u});
    },
    cancel() { this.speaking = false; window.__speech.cancelled += 1; },
    getVoices() { return voices; },
    pause() {}, resume() {},
    addEventListener() {}, removeEventListener() {},
  };
  Object.defineProperty(window, "speechSynthesis", {value: synth, configurable: true});
  Object.defineProperty(window, "SpeechSynthesisUtterance", {value: Utterance, configurable: true});
})();
"""
NO_SPEECH = """
Object.defineProperty(window, "speechSynthesis", {value: undefined, configurable: true});
Object.defineProperty(window, "SpeechSynthesisUtterance", {value: undefined, configurable: true});
"""
SPOKEN = "window.__speech.calls.map(c => ({text: c.text, lang: c.lang, voice: c.voice}))"


def tr(lang, msgid):
    with translation.override(lang):
        return translation.gettext(msgid)


@pytest.fixture
def scene(world, live_server):
    return Scene.build(world)


def spoken(page):
    return page.evaluate(SPOKEN)


@pytest.mark.parametrize("lang", ALL_LANGUAGES)
def test_read_aloud_reads_the_page_in_its_language_and_toggles_to_stop(lang, scene, browser, live_server):
    spec = A11yPage("portal-home", "portal:home")
    context, page = open_page(browser, live_server, scene, spec, lang, init_script=RECORDER)
    try:
        assert page.evaluate("document.documentElement.lang") == lang
        button = page.get_by_role("button", name=tr(lang, "Lees voor"), exact=True)
        expect(button).to_be_visible()
        if lang != "nl":
            assert tr(lang, "Lees voor") != "Lees voor", "the label is translated"
        button.click()

        calls = spoken(page)
        assert calls, "speechSynthesis.speak was not called"
        # The task list names the school's own titles (a session, a round); without an approved
        # translation they are Dutch, marked lang="nl", and read in Dutch; all else in the page's language.
        dutch = {c["text"] for c in calls if c["lang"] == "nl" and lang != "nl"}
        assert {c["lang"] for c in calls} <= {lang, "nl"} and calls[0]["lang"] == lang, calls
        from conversations.models import Round

        assert dutch <= {scene.session.item.title, *Round.objects.values_list("title", flat=True)}, dutch
        mine = [c for c in calls if c["lang"] == lang]
        assert {c["voice"] for c in mine} == {VOICES.get(lang)}, "a matching voice, or the browser's default"
        text = " ".join(c["text"] for c in calls)
        for expected in (tr(lang, "Mijn kinderen"), "Pim Prins", "Sara Prins", scene.world.tess.full_name):
            assert expected in text, (expected, text)
        assert tr(lang, "Lees voor") not in text, "the button does not read itself"
        assert "🔊" not in text and "Ouderbetrokkenheid" not in text, "only the main content, no icons"

        stop = page.get_by_role("button", name=tr(lang, "Stop"), exact=True)
        expect(stop).to_be_visible()
        stop.click()
        assert page.evaluate("window.__speech.cancelled") >= 1
        expect(page.get_by_role("button", name=tr(lang, "Lees voor"), exact=True)).to_be_visible()
        assert len(spoken(page)) == len(calls), "Stop does not start reading again"
    finally:
        context.close()


def test_the_button_returns_to_lees_voor_when_reading_ends(scene, browser, live_server):
    context, page = open_page(browser, live_server, scene, A11yPage("home", "portal:home"), "nl", init_script=RECORDER)
    try:
        page.get_by_role("button", name="Lees voor", exact=True).click()
        expect(page.get_by_role("button", name="Stop", exact=True)).to_be_visible()
        page.evaluate("(() => { const c = window.__speech.calls; c[c.length - 1].utterance.onend(); })()")
        expect(page.get_by_role("button", name="Lees voor", exact=True)).to_be_visible()
    finally:
        context.close()


def test_each_message_has_its_own_button_reading_only_that_message(scene, browser, live_server):
    spec = A11yPage("messages", "messaging:portal_messages")
    context, page = open_page(browser, live_server, scene, spec, "ar", init_script=RECORDER)
    try:
        card = page.locator("main li.card").filter(has_text="Morgen is de school dicht").first
        button = card.get_by_role("button", name=tr("ar", "Lees voor"))
        expect(button).to_be_visible()
        # The button is described by the message's title, so "Lees voor" buttons can be told apart.
        assert button.get_attribute("aria-describedby").endswith("-title")
        button.click()
        calls = spoken(page)
        text = " ".join(c["text"] for c in calls)
        assert "Morgen is de school dicht door een studiedag." in text
        assert tr("ar", "Dit zijn de berichten die de school u stuurde. De nieuwste staat bovenaan.") not in text
        # The message was written in Dutch (no translation): it is read with the Dutch voice,
        # although the page is Arabic.
        message_lang = card.locator(".message-text").get_attribute("lang")
        assert message_lang == "nl"
        assert {c["lang"] for c in calls if "studiedag" in c["text"]} == {"nl"}
        assert {c["voice"] for c in calls if "studiedag" in c["text"]} == {VOICES["nl"]}
    finally:
        context.close()


def test_each_invitation_has_its_own_button(scene, browser, live_server):
    spec = A11yPage("invitations", "meetings:my_invitations")
    context, page = open_page(browser, live_server, scene, spec, "tr", init_script=RECORDER)
    try:
        card = page.locator(f"#invitation-{scene.invitation.pk}")
        card.get_by_role("button", name=tr("tr", "Lees voor")).click()
        text = " ".join(c["text"] for c in spoken(page))
        assert item_texts(scene.session.item, "tr").title in text  # the approved (here: shipped) Turkish title
        assert scene.session.location in text
        assert tr("tr", "Mijn uitnodigingen") not in text, "only the invitation, not the page"
    finally:
        context.close()


@pytest.mark.parametrize(
    "spec",
    [
        A11yPage("rsvp", "meetings:rsvp", lambda s, lang: [s.rsvp_token], who=None),
        A11yPage("parent-login", "accounts:parent_login", who=None),
        A11yPage("bookings", "conversations:my_bookings"),
        A11yPage("record", "conversations:my_record", lambda s, lang: [s.record.pk]),
    ],
    ids=str,
)
def test_other_parent_pages_have_the_button(spec, scene, browser, live_server):
    context, page = open_page(browser, live_server, scene, spec, "pl", init_script=RECORDER)
    try:
        page.locator(".read-aloud-bar").get_by_role("button", name=tr("pl", "Lees voor")).click()
        calls = spoken(page)
        # The app's words in Polish; the school's own words without an approved translation are Dutch,
        # marked lang="nl" on the page, and read in Dutch.
        assert calls and "pl" in {c["lang"] for c in calls} and {c["lang"] for c in calls} <= {"pl", "nl"}
        marked = " ".join(page.locator('main [lang="nl"]').all_inner_texts())
        assert all(c["text"].strip() in marked for c in calls if c["lang"] == "nl")
        assert page.locator("main h1").inner_text().strip() in " ".join(c["text"] for c in calls)
    finally:
        context.close()


def test_without_speech_synthesis_the_button_stays_hidden(scene, browser, live_server):
    context, page = open_page(browser, live_server, scene, A11yPage("home", "portal:home"), "nl", init_script=NO_SPEECH)
    try:
        expect(page.locator("main h1")).to_be_visible()
        assert page.locator("button.read-aloud").count() == 1
        expect(page.locator("button.read-aloud")).to_be_hidden()
    finally:
        context.close()


def test_staff_pages_have_no_read_aloud(scene, browser, live_server):
    spec = A11yPage("staff-home", "staffpages:home", who="tess", device="desktop")
    context, page = open_page(browser, live_server, scene, spec, "nl", init_script=RECORDER)
    try:
        assert page.locator("button.read-aloud").count() == 0
    finally:
        context.close()
