"""Parent pages are offered in English, Arabic (right to left), Turkish, Polish and Ukrainian.

The catalogs in locale/ are checked twice: the .po files (every parent-facing msgid has a
translation with the same placeholders and the right number of plural forms) and the compiled
.mo files Django loads (CI compiles them before the tests: scripts/test). Then the parent pages
are rendered in each language: <html lang>, dir="rtl" for Arabic, the translated text is on the
page and no Dutch source text of a parent-facing msgid leaks through.

"Parent-facing" = every msgid with a `#:` reference in PARENT_FILES or PARENT_FILES_MORE, plus
the labels of mixed files (models) listed in PARENT_MSGIDS. New parent strings: run makemessages, translate
them in all five languages, compilemessages (see locale/README.md).
"""

import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from messaging import sms
from tests.accounts.conftest import clear_throttle, link_in, login_links_at_once  # noqa: F401 (a fixture)

PARENT_LANGUAGES = ["en", "ar", "tr", "pl", "uk"]
NPLURALS = {"en": 2, "ar": 6, "tr": 2, "pl": 3, "uk": 3}
RTL = {"ar"}
ROOT = Path(settings.BASE_DIR)
LOCALE_DIR = Path(settings.LOCALE_PATHS[0])

# Files (or folders, ending in "/") whose every msgid a parent can see.
PARENT_FILES = (
    "templates/base.html",
    "templates/_read_aloud.html",  # the "Lees voor" button on every parent page, message and invitation
    "templates/accounts/login.html",  # anonymous visitors of / land here: it links to the parent login
    "templates/accounts/parent_login.html",
    "templates/accounts/parent_login_sent.html",
    "templates/accounts/parent_code.html",
    "templates/accounts/magic_link_confirm.html",
    "templates/accounts/magic_link_invalid.html",
    "templates/accounts/email/",
    "templates/accounts/sms/",
    "templates/portal/",
    "ouderbetrokkenheid/accounts/forms.py",
    "ouderbetrokkenheid/accounts/views.py",
    "ouderbetrokkenheid/accounts/throttle.py",
    "ouderbetrokkenheid/portal/",
)
# Parent pages of the meetings, messaging and conversations parts (invitations, answers, inbox,
# preferences, unsubscribe, bookings, records, and the texts parents receive). Their msgids must be
# translated too, and the "missing from the catalogs" guard below looks at them as well.
PARENT_FILES_MORE = (
    "templates/meetings/my_invitations.html",
    "templates/meetings/rsvp.html",
    "templates/meetings/rsvp_over.html",
    "meetings/invitations.py",
    "meetings/views/invitations.py",
    "ouderbetrokkenheid/school/languages.py",  # language names, e.g. the interpreters on an invitation
    "templates/messaging/delivery/preferences.html",
    "templates/messaging/delivery/unsubscribe.html",
    "templates/messaging/delivery/email_footer.txt",
    "templates/messaging/plans/portal_messages.html",
    "messaging/views/delivery.py",
    "messaging/channels/render.py",
    "messaging/lateness.py",  # the note in front of a late message, or one whose event moved
    # Conversations: booking, moving and cancelling, the waiting list, the preferences form, the
    # published records, and the texts parents receive (invitation, confirmation, proposal,
    # reminder, cancellation; the iCalendar feed).
    "templates/conversations/booking/",
    "templates/conversations/rounds/preference.html",
    "templates/conversations/rounds/preference_list.html",
    "templates/conversations/records/my_record.html",
    "templates/conversations/records/my_records.html",
    "conversations/booking.py",
    "conversations/invitations.py",
    "conversations/preferences.py",
    "conversations/ical.py",
    "conversations/views/booking.py",
    # Reach: the reminder a buddy parent receives before a session.
    "reach/buddy_texts.py",
    # Development (OPP-trap): the guardian's page once published, the compact view in the record,
    # the words beside the chart and the chart's own labels.
    "templates/development/view/portal.html",
    "templates/development/view/_words.html",
    "templates/development/view/_compact.html",
    "development/explain.py",
    "development/chart.py",
    "development/selectors.py",
    # Year calendar: the parent's school year, the calendar-feed link page, event kinds, dates,
    # the change notice and the feed's own text.
    "templates/yearplan/calendar/parent_year.html",
    "templates/yearplan/calendar/feed_guardian.html",
    "templates/yearplan/calendar/_feed_body.html",
    "templates/yearplan/calendar/_legend.html",
    "yearplan/labels.py",
    "yearplan/formatting.py",
    "yearplan/publishing.py",
    "yearplan/ical.py",
    # Privacy: the parent's copy of their data (page and PDF) and the public statements.
    "templates/privacy/my_data.html",
    "templates/privacy/my_data_pdf.html",
    "templates/privacy/_sections.html",
    "templates/privacy/statement.html",
    "templates/privacy/accessibility.html",
    # Two-way contact: the parent's contact page, asking for a conversation, the thread, the texts
    # of a teacher's answer and the SMS confirmation of a quick answer.
    "templates/threads/portal.html",
    "templates/threads/portal_request.html",
    "templates/threads/_posts.html",
    "threads/texts.py",
    "threads/inbound.py",
)
# Labels parents see, from files that also hold staff-only strings (verbose names stay Dutch).
PARENT_MSGIDS = {
    # ouderbetrokkenheid/school/models.py: Relationship, Channel, PeriodKind, Group.__str__
    "moeder",
    "vader",
    "verzorger",
    "pleegouder",
    "anders",
    "E-mail",
    "SMS",
    "WhatsApp",
    "Vakantie",
    "Feestdag",
    "Studiedag",
    "Toetsperiode",
    "Rapport",
    "groep %(name)s",
    # messaging/models.py: consent topics in the parent's own words; kinds and purposes (inbox titles)
    "Voortgang van mijn kind",
    "Tips voor thuis",
    "Aanmoediging",
    "Herinneringen aan afspraken",
    "Betrokkenheid",
    "Herinnering",
    "Bericht",
    "Voortgang",
    "Tip",
    # messaging/planning.py: subjects of the messages parents receive
    "Nieuws uit de klas",
    "Tip voor thuis",
    "Goed bezig!",
    "Nieuws over %(child)s: %(line)s",
    "Lezen in de vakantie",
    # meetings/models.py: the answers a parent chooses from
    "Nog geen antwoord",
    "Ik kom",
    "Ik kom niet",
    "Misschien",
    # conversations/models.py: the kind of conversation and how it is held (shown on parent pages)
    "Startgesprek",
    "Eerste ontwikkelingsgesprek",
    "Tweede ontwikkelingsgesprek (facultatief)",
    "Voorlopig adviesgesprek",
    "Definitief adviesgesprek (groep 8)",
    "Los gesprek",
    "Op school",
    "Videobellen",
    "Telefoon",
    "Huisbezoek",
    # conversations/forms.py: the guardian's preference form (the rest of the file is staff)
    "Wanneer kunt u komen?",
    "Wilt u samen met de andere ouder komen?",
    "Ja, samen",
    "Nee, apart",
    "Hoe wilt u het gesprek voeren?",
    "Wat wilt u bespreken?",
    "Hebt u een tolk nodig?",
    "Nee",
    "Dank u wel. Uw voorkeur is opgeslagen.",
    # meetings/forms.py: the parent's answer to an invitation (the rest of the file is staff)
    "Komt u?",
    "Hoeveel kinderen komen mee naar de kinderopvang?",
    "Hebt u een vraag voor de bijeenkomst?",
    "Nee, geen tolk nodig",
    # messaging/forms.py: the parent's message preferences (the rest of the file is staff)
    "Hoe wilt u berichten krijgen?",
    # development/models.py and rules.py: the domains and the default route table's name (on the chart)
    "Technisch lezen",
    "Begrijpend lezen",
    "Spelling",
    "Rekenen-wiskunde",
    "Standaardtabel van de app (schoolbeleid, aan te passen door de IB)",
    # development/publishing.py: the notice parents receive when the view is shared with them
    "U kunt nu in de app zien hoe %(child)s groeit in lezen, spelling en rekenen.",
    # conversations/records.py: the notices parents receive (the rest of the file is staff)
    "Het verslag van het gesprek over %(child)s staat voor u klaar. U leest het in de app.",
    "Vandaag kijken we samen terug op de afspraken over %(child)s. U ziet ze in de app.",
    # threads/models.py: the quick answers; threads/forms.py and services.py: the parent's forms
    "Gelezen",
    "Dank u",
    "Ik wil graag een gesprek",
    "Wilt u mij bellen?",
    "Uw bericht",
    "Uw bericht is verstuurd naar school.",
    "Over welk kind?",
    "Waarover wilt u praten?",
    "Wanneer kunt u?",
    "Bijvoorbeeld: dinsdag na 15 uur.",
    "Hoe wilt u praten?",
    "Uw vraag is verstuurd. De leerkracht antwoordt u hier.",
    "Schrijf een bericht.",
    "Kies een van de snelle antwoorden.",
    "Kies een van uw kinderen.",
    "Kies hoe u wilt praten.",
    "Gesprek op uw verzoek",
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdi]|%[sd]")


# --- a tiny .po reader (polib is not a project dependency) -------------------------------------


def _unquote(line):
    body = line[line.index('"') + 1 : line.rindex('"')]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)), body)


@cache
def read_po(lang):
    """Entries of locale/<lang>/LC_MESSAGES/django.po as dicts; the header is entry 0 (msgid "")."""
    entries, entry, field = [], None, None

    def new():
        return {"refs": [], "flags": set(), "msgctxt": None, "msgid": "", "msgid_plural": None, "msgstr": {}}

    for raw in (LOCALE_DIR / lang / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#~"):  # obsolete
            continue
        if not line:
            if entry is not None:
                entries.append(entry)
            entry, field = None, None
            continue
        if entry is None:
            entry = new()
        if line.startswith("#:"):
            entry["refs"] += [ref.rsplit(":", 1)[0] for ref in line[2:].split()]
        elif line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] += _unquote(line)
            else:
                entry[field[0]] += _unquote(line)
        else:
            keyword = line.split(" ", 1)[0]
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if match or keyword == "msgstr":
                field = ("msgstr", int(match.group(1)) if match else 0)
                entry["msgstr"][field[1]] = _unquote(line)
            else:
                field = (keyword, None)
                entry[keyword] = _unquote(line)
    if entry is not None:
        entries.append(entry)
    return entries


def header(lang):
    return read_po(lang)[0]["msgstr"][0]


def _in(ref, files):
    return any(ref == f or (f.endswith("/") and ref.startswith(f)) for f in files)


def is_parent_facing(entry):
    if entry["msgid"] in PARENT_MSGIDS:
        return True
    return any(_in(ref, PARENT_FILES + PARENT_FILES_MORE) for ref in entry["refs"])


def parent_entries(lang):
    return [e for e in read_po(lang)[1:] if is_parent_facing(e)]


def dutch_fragments(entry):
    """Pieces of the Dutch source that would show on a page if the msgid leaked untranslated."""
    sources = [entry["msgid"]] + ([entry["msgid_plural"]] if entry["msgid_plural"] else [])
    translated = set(entry["msgstr"].values())
    fragments = []
    for source in sources:
        for piece in PLACEHOLDER.split(source):
            piece = piece.strip(" .,:;")
            # Short words ("Kies", "SMS", "Status") could match by chance; the sentences are what counts.
            if len(piece) >= 12 and " " in piece and not any(piece in t for t in translated):
                fragments.append(piece)
    return fragments


# --- fixtures -------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def fresh_throttle_and_outbox():
    clear_throttle()
    sms.outbox.clear()
    yield
    clear_throttle()
    sms.outbox.clear()


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogs():
    for lang in PARENT_LANGUAGES:
        po = LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"
        mo = po.with_suffix(".mo")
        assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime, (
            f"{mo} is missing or older than its .po: run `manage.py compilemessages --ignore=.venv`"
        )


def in_language(client, lang):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client


def page_of(response):
    return response.content.decode()


def assert_page_in(lang, page):
    assert f'<html lang="{lang}"' in page
    assert f'dir="{"rtl" if lang in RTL else "ltr"}"' in page
    if lang in RTL:
        assert "bootstrap.rtl.min.css" in page
    leaks = [frag for e in parent_entries(lang) for frag in dutch_fragments(e) if escape(frag) in page]
    assert not leaks, f"Dutch text on the {lang} page: {leaks}"


def t(lang, msgid, **values):
    with translation.override(lang):
        text = translation.gettext(msgid)
    assert text != msgid or lang == "en", f"{msgid!r} is not translated to {lang}"
    return escape(text % values if values else text)


# --- the catalogs ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", PARENT_LANGUAGES)
def test_po_header_is_complete(lang):
    head = header(lang)
    assert "Content-Type: text/plain; charset=UTF-8" in head
    assert f"Language: {lang}\n" in head
    assert re.search(r"nplurals\s*=\s*(\d+)", head).group(1) == str(NPLURALS[lang])
    assert "fuzzy" not in read_po(lang)[0]["flags"]


@pytest.mark.parametrize("lang", PARENT_LANGUAGES)
def test_every_parent_facing_msgid_is_translated(lang):
    entries = parent_entries(lang)
    assert len(entries) >= 40, "the parent-facing msgids were not found: is PARENT_FILES still right?"
    problems = []
    for e in entries:
        forms = NPLURALS[lang] if e["msgid_plural"] else 1
        if "fuzzy" in e["flags"]:
            problems.append(("fuzzy", e["msgid"]))
        if sorted(e["msgstr"]) != list(range(forms)):
            problems.append((f"needs {forms} form(s)", e["msgid"]))
        for index, text in e["msgstr"].items():
            if not text.strip():
                problems.append(("empty", e["msgid"], index))
            if e["msgid_plural"]:
                # A plural form may drop the number (Arabic "one"/"two" forms); it must not invent one.
                known = set(PLACEHOLDER.findall(e["msgid"])) | set(PLACEHOLDER.findall(e["msgid_plural"]))
                if not set(PLACEHOLDER.findall(text)) <= known:
                    problems.append(("placeholders", e["msgid"], text))
            elif sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(e["msgid"])):
                problems.append(("placeholders", e["msgid"], text))
    assert not problems, problems


@pytest.mark.parametrize("lang", PARENT_LANGUAGES)
def test_compiled_catalog_gives_the_translations(lang):
    """The .mo Django loads matches the .po (so it was compiled after the last edit)."""
    with translation.override(lang):
        for e in parent_entries(lang):
            if e["msgid_plural"]:
                got = {translation.ngettext(e["msgid"], e["msgid_plural"], n) for n in (0, 1, 2, 3, 5, 11, 22, 100)}
                assert got <= set(e["msgstr"].values()), (e["msgid"], got)
            elif e["msgctxt"] is not None:
                assert translation.pgettext(e["msgctxt"], e["msgid"]) == e["msgstr"][0]
            else:
                assert translation.gettext(e["msgid"]) == e["msgstr"][0], e["msgid"]


def test_parent_templates_have_no_msgid_missing_from_the_catalogs():
    """A {% translate "…" %} or _("…") added to a parent file after the last makemessages fails here."""
    literal = re.compile(r"""\{%\s*trans(?:late)?\s+(?:"([^"]+)"|'([^']+)')""")
    python = re.compile(r"""\b_\(\s*(?:"([^"]+)"|'([^']+)')\s*[,)]""")
    found = set()
    for f in PARENT_FILES + PARENT_FILES_MORE:
        paths = sorted((ROOT / f).rglob("*")) if f.endswith("/") else [ROOT / f]
        for path in paths:
            if path.suffix not in (".html", ".txt", ".py") or not path.is_file():
                continue
            pattern = python if path.suffix == ".py" else literal
            found |= {a or b for a, b in pattern.findall(path.read_text(encoding="utf-8"))}
    assert found
    for lang in PARENT_LANGUAGES:
        translated = {e["msgid"] for e in read_po(lang) if e["msgstr"].get(0, "").strip()}
        missing = sorted(found - translated)
        assert not missing, f"{lang}: not in locale/{lang} or not translated (run makemessages): {missing}"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
@pytest.mark.parametrize("lang", PARENT_LANGUAGES)
def test_po_file_passes_msgfmt_check(lang):
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check-format", "--check-header", "--check-domain", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# --- the pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", PARENT_LANGUAGES)
def test_parent_login_page(client, world, lang):
    page = page_of(in_language(client, lang).get(reverse("accounts:parent_login")))
    assert_page_in(lang, page)
    for msgid in ("Inloggen voor ouders", "Stuur mij een link", "Uw e-mailadres of mobiele nummer", "Naar de inhoud"):
        assert t(lang, msgid) in page, msgid
    # The language switcher offers every language in its own name.
    for code, _name in settings.LANGUAGES:
        assert f'<option value="{code}" lang="{code}"' in page
        assert translation.get_language_info(code)["name_local"] in page


@pytest.mark.parametrize("lang", PARENT_LANGUAGES)
def test_parent_login_form_errors(client, world, lang):
    response = in_language(client, lang).post(
        reverse("accounts:parent_login"), {"identity": "geen adres"}, REMOTE_ADDR="10.9.0.1"
    )
    page = page_of(response)
    assert_page_in(lang, page)
    assert t(lang, "Dit is geen e-mailadres of mobiel nummer. Kijk het nog eens na.") in page


@pytest.mark.parametrize("lang", PARENT_LANGUAGES)
def test_throttled_parent_login(client, world, lang):
    in_language(client, lang)
    for _ in range(settings.LOGIN_THROTTLE["per_identity"][0]):
        client.post(reverse("accounts:parent_login"), {"identity": "nobody@example.nl"}, REMOTE_ADDR="10.9.0.2")
    response = client.post(reverse("accounts:parent_login"), {"identity": "nobody@example.nl"}, REMOTE_ADDR="10.9.0.2")
    assert response.status_code == 429
    assert_page_in(lang, page_of(response))
    assert t(lang, "Te veel pogingen. Probeer het over 15 minuten opnieuw.") in page_of(response)


@pytest.mark.parametrize("lang", PARENT_LANGUAGES)
def test_link_sent_page(client, world, lang):
    page = page_of(in_language(client, lang).get(reverse("accounts:parent_login_sent")))
    assert_page_in(lang, page)
    assert t(lang, "Kijk in uw e-mail") in page
    assert t(lang, "De link werkt 15 minuten en maar één keer.") in page
    assert t(lang, "Nieuwe link vragen") in page


@pytest.mark.parametrize("lang", PARENT_LANGUAGES)
def test_magic_link_invalid_page(client, world, lang):
    response = in_language(client, lang).get(reverse("accounts:magic_link", args=["no-such-token"]))
    assert response.status_code == 400
    page = page_of(response)
    assert_page_in(lang, page)
    assert t(lang, "Deze link werkt niet meer") in page
    assert t(lang, "Vraag een nieuwe link aan. Dat is zo gebeurd.") in page


@pytest.mark.usefixtures("login_links_at_once")
@pytest.mark.parametrize("lang", PARENT_LANGUAGES)
def test_mail_and_confirm_page_follow_the_guardians_language(client, world, lang):
    """The guardian's own language (not the browser's) is used for the e-mail and the button page."""
    world.anna.language = lang
    world.anna.save(update_fields=["language"])
    client.post(reverse("accounts:parent_login"), {"identity": "anna@example.nl"}, REMOTE_ADDR="10.9.0.3")
    message = mail.outbox[-1]
    assert message.subject == t(lang, "Inloggen bij %(school)s", school="De Regenboog")
    assert t(lang, "Beste %(name)s,", name="Anna Prins") in escape(message.body)
    assert t(lang, "Heeft u niet gevraagd om in te loggen? Dan hoeft u niets te doen.") in escape(message.body)
    assert "Beste" not in message.body and "minuten" not in message.body

    page = page_of(client.get(link_in(message.body)))
    assert_page_in(lang, page)
    assert t(lang, "Klik op de knop om in te loggen bij %(school)s.", school="De Regenboog") in page
    assert f">{t(lang, 'Inloggen')}</button>" in page


@pytest.mark.usefixtures("login_links_at_once")
@pytest.mark.parametrize("lang", PARENT_LANGUAGES)
def test_sms_and_code_page(client, world, lang):
    world.anna.language = lang
    world.anna.mobile = "+31612345678"
    world.anna.save(update_fields=["language", "mobile"])
    in_language(client, lang)
    response = client.post(reverse("accounts:parent_login"), {"identity": "0612345678"}, REMOTE_ADDR="10.9.0.4")
    assert response.status_code == 302
    text = sms.outbox[-1]["text"]
    assert "uw code is" not in text
    with translation.override(lang):
        expected_start = translation.gettext("%(school)s: uw code is %(code)s. Of open %(url)s").split("%(code)s")[0]
    assert text.startswith(expected_start % {"school": "De Regenboog"})

    page = page_of(client.get(response.url))
    assert_page_in(lang, page)
    assert t(lang, "Typ de code") in page and t(lang, "Code uit de sms") in page


@pytest.mark.parametrize("lang", PARENT_LANGUAGES)
def test_portal_home_as_anna(client, world, login_as, lang):
    page = page_of(in_language(login_as(world.anna), lang).get(reverse("portal:home")))
    assert_page_in(lang, page)
    assert "Pim Prins" in page and "De Regenboog" in page
    assert t(lang, "Mijn kinderen") in page and t(lang, "Uitloggen") in page
    assert t(lang, "Groep %(name)s", name="3") in page
    with translation.override(lang):
        assert escape(translation.ngettext("Leerkracht:", "Leerkrachten:", 1)) in page
    assert escape(world.tess.full_name) in page  # a Dutch name may hold an apostrophe (’s-Gravensande)


def test_arabic_portal_home_is_right_to_left_and_dutch_stays_dutch(client, world, login_as):
    anna = login_as(world.anna)
    arabic = page_of(in_language(anna, "ar").get(reverse("portal:home")))
    assert '<html lang="ar" dir="rtl">' in arabic
    dutch = page_of(in_language(anna, "nl").get(reverse("portal:home")))
    assert '<html lang="nl" dir="ltr">' in dutch
    assert "Mijn kinderen" in dutch and "Groep 3" in dutch


@pytest.mark.parametrize("lang", PARENT_LANGUAGES)
@pytest.mark.parametrize(
    ("url_name", "heading"),
    [
        ("meetings:my_invitations", "Mijn uitnodigingen"),
        ("messaging:portal_messages", "Berichten"),
        ("messaging:preferences", "Berichten van school"),
    ],
)
def test_other_parent_pages_as_anna(client, world, login_as, lang, url_name, heading):
    response = in_language(login_as(world.anna), lang).get(reverse(url_name))
    assert response.status_code == 200
    page = page_of(response)
    assert_page_in(lang, page)
    assert t(lang, heading) in page
    for msgid in ("Uitnodigingen", "Berichten", "Mijn voorkeuren"):
        assert t(lang, msgid) in page


@pytest.mark.parametrize("lang", PARENT_LANGUAGES)
@pytest.mark.parametrize(
    ("url_name", "heading"),
    [
        ("conversations:my_bookings", "Gesprekken op school"),
        ("conversations:my_records", "Verslagen van gesprekken"),
    ],
)
def test_conversation_pages_as_anna(client, world, login_as, lang, url_name, heading):
    """The guardian's bookings and published records: translated heading, dir="rtl" for Arabic."""
    response = in_language(login_as(world.anna), lang).get(reverse(url_name))
    assert response.status_code == 200
    page = page_of(response)
    assert_page_in(lang, page)
    if lang in RTL:
        assert f'<html lang="{lang}" dir="rtl">' in page
    assert f">{t(lang, heading)}</h1>" in page
    assert heading not in page
    assert t(lang, "Gesprekken") in page  # the parents' navigation item


# --- every other parent page (issue 8): each is rendered in each language --------------------
# (name, URL name, its arguments from the scene, logged in as Anna?, a msgid the page must show)
# Pages opened from a link in a message (RSVP, unsubscribe) follow the guardian's own language.
MORE_PARENT_PAGES = [
    ("staff-login", "accounts:login", None, False, "Bent u ouder of verzorger?"),
    ("rsvp", "meetings:rsvp", lambda s: [s.rsvp_token], False, "Verstuur mijn antwoord"),
    ("my-rsvp", "meetings:my_rsvp", lambda s: [s.session.pk], True, "Verstuur mijn antwoord"),
    ("unsubscribe", "messaging:unsubscribe", lambda s: [s.unsubscribe_token], False, "Ja, meld mij af"),
    ("messages", "messaging:portal_messages", None, True, "Berichten"),
    ("book", "conversations:book", lambda s: [s.round.pk], True, "Kies een tijd"),
    ("move", "conversations:move", lambda s: [s.booking.pk], True, "Andere tijd kiezen"),
    ("conversation-preferences", "conversations:preferences", None, True, "Oudergesprekken"),
    ("conversation-preference", "conversations:preference", lambda s: [s.preference_round.pk], True, "Opslaan"),
    ("record", "conversations:my_record", lambda s: [s.record.pk], True, "Wat we afspreken"),
    ("school-year", "yearplan:parent_year", None, True,
     "Vakanties, vrije dagen en avonden op school voor uw kinderen."),
    ("school-year-feed", "yearplan:guardian_feed_page", None, True, "Schooljaar in uw agenda"),
    ("development", "development:portal_view", lambda s: [s.world.pim.pk], True,
     "De school laat hier zien hoe uw kind groeit in lezen, spelling en rekenen."),
    ("contact", "threads:portal", None, True, "Stel een vraag of geef een antwoord. De leerkracht leest het."),
    ("ask-conversation", "threads:portal_request", None, True, "Vertel wat u wilt. De leerkracht stelt een tijd voor."),
]  # fmt: skip


@pytest.fixture
def parent_scene(world, lang):
    """Anna's invitation, bookings, record and messages, made while her language is `lang` (the
    messages she was sent are in it)."""
    from tests.e2e.parent_scene import Scene

    world.anna.language = lang
    world.anna.save(update_fields=["language"])
    return Scene.build(world)


@pytest.mark.parametrize("lang", PARENT_LANGUAGES)
@pytest.mark.parametrize(
    ("name", "url_name", "args", "logged_in", "msgid"), [pytest.param(*row, id=row[0]) for row in MORE_PARENT_PAGES]
)
def test_every_other_parent_page(client, parent_scene, login_as, lang, name, url_name, args, logged_in, msgid):
    parent_scene.speaking(lang)
    if logged_in:
        login_as(parent_scene.world.anna)
    response = in_language(client, lang).get(reverse(url_name, args=args(parent_scene) if args else ()))
    assert response.status_code == 200, (name, response.status_code)
    page = page_of(response)
    assert_page_in(lang, page)
    assert t(lang, msgid) in page, (name, msgid)
    assert t(lang, "Lees voor") in page and t(lang, "Stop") in page, "the read-aloud button, translated"


@pytest.mark.parametrize("lang", PARENT_LANGUAGES)
def test_each_message_and_invitation_has_a_translated_read_aloud_button(client, parent_scene, login_as, lang):
    in_language(login_as(parent_scene.world.anna), lang)
    inbox = page_of(client.get(reverse("messaging:portal_messages")))
    message = parent_scene.world.anna.messages.get(subject="Morgen is de school dicht")
    assert f'data-read-aloud="#message-{message.pk}"' in inbox
    assert f'aria-describedby="message-{message.pk}-title"' in inbox
    invitations = page_of(client.get(reverse("meetings:my_invitations")))
    invitation = parent_scene.invitation
    assert f'data-read-aloud="#invitation-{invitation.pk}"' in invitations
    assert invitations.count(f">{t(lang, 'Lees voor')}</span>") == 2  # the page's and the invitation's
