"""Fill translations into locale/<lang>/LC_MESSAGES/django.po from JSON files.

    python scripts/po_apply.py FILE.json [FILE.json …]    (scripts/translate calls it)

Each file maps a Dutch msgid to its translations:

    {
      "Lees voor": {"en": "Read aloud", "ar": "…", "tr": "…", "pl": "…", "uk": "…"},
      "%(n)s ouder": {"plural": "%(n)s ouders",
                      "en": ["%(n)s parent", "%(n)s parents"], "ar": [six forms], …}
    }

A msgid that is not in a catalog (run makemessages first) is reported and skipped. The
"fuzzy" flag of a filled entry is removed: the translation was written for this msgid. Every
other fuzzy entry (msgmerge's guess from a similar msgid) is emptied: a guessed translation is
worse than the Dutch source, and the i18n tests then name the parent-facing ones still to do.
"""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from ouderbetrokkenheid.school.languages import TRANSLATION_LANGUAGES as LANGUAGES  # noqa: E402  (the one list)


def apply(paths: list[Path]) -> int:
    wanted: dict[str, dict] = {}
    for path in paths:
        wanted.update(json.loads(path.read_text(encoding="utf-8")))
    missing = 0
    for language in LANGUAGES:
        po_path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
        catalog = polib.pofile(str(po_path))
        by_id = {entry.msgid: entry for entry in catalog if not entry.obsolete}
        for msgid, translations in wanted.items():
            value = translations.get(language)
            if value is None:
                continue
            entry = by_id.get(msgid)
            if entry is None:
                print(f"{language}: not in the catalog (makemessages?): {msgid!r}", file=sys.stderr)
                missing += 1
                continue
            if entry.msgid_plural:
                forms = value if isinstance(value, list) else [value]
                entry.msgstr_plural = dict(enumerate(forms))
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
                entry.previous_msgid = None
                entry.previous_msgid_plural = None
        for entry in catalog:
            if "fuzzy" in entry.flags and entry.msgid:
                entry.flags.remove("fuzzy")
                entry.previous_msgid = None
                entry.previous_msgid_plural = None
                if entry.msgid_plural:
                    entry.msgstr_plural = {i: "" for i in entry.msgstr_plural}
                else:
                    entry.msgstr = ""
        catalog.save(str(po_path))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(apply([Path(arg) for arg in sys.argv[1:]]))
