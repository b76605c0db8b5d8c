"""Templates follow the layers too (issue 18): a template loads only Django's and third-party tag
libraries, those of the layers below its app (school's, accounts'), its own app's, or the aggregator's
`panels` (staffpages, which reads across apps). A meetings or conversations page never loads
`development_tags` or a reach library: such a panel comes through `{% load panels %}`."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")
SHARED = {"i18n", "static", "l10n", "tz", "crispy_forms_tags", "dates", "language_tags", "access_tags", "panels"}
OWN = {"development": {"development_tags"}, "yearplan": {"yearplan_tags"}, "portal": {"development_tags"}}


def loads():
    for path in TEMPLATES.rglob("*.html"):
        app = path.relative_to(TEMPLATES).parts[0]
        for match in LOAD.finditer(path.read_text()):
            names = [name for name in match.group(1).split() if name != "from"]
            if " from " in f" {match.group(1)} ":  # {% load tag from library %}
                names = names[-1:]
            for name in names:
                yield app, path, name


def test_templates_load_only_their_own_or_lower_or_the_aggregators_tags():
    wrong = [f"{path.relative_to(TEMPLATES)}: {name}" for app, path, name in loads()
             if name not in SHARED | OWN.get(app, set())]  # fmt: skip
    assert wrong == []


def test_the_check_sees_the_loads():
    assert ("meetings", "panels") in {(app, name) for app, _path, name in loads()}
