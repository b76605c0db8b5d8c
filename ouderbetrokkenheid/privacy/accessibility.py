"""The data of the public accessibility statement: what the axe-core checks of the browser tests
found (tests/e2e/axe.py writes one JSON line per check with OB_AXE_RESULTS; `make
accessibility-statement` runs them and `manage.py accessibility_statement` summarises them here)."""

import json
from collections import defaultdict
from pathlib import Path

from django.urls import Resolver404, resolve

DATA_FILE = Path(__file__).parent / "data" / "accessibility.json"


def _route(path):
    """The page's route as written in urls.py ("bijeenkomsten/rsvp/<str:token>/"): no ids, tokens or names."""
    try:
        return "/" + resolve(path).route
    except Resolver404:
        return "(onbekend)"


def summarise(lines, *, day) -> dict:
    """One summary from the JSON lines of the checks: pages (route → languages), rules checked,
    violations (rule → impact, help, pages)."""
    pages = defaultdict(set)
    rules = set()
    violations = {}
    version = ""
    for line in lines:
        route = _route(line["path"])
        pages[route].add(line["lang"])
        rules.update(line["passes"])
        version = line.get("axe") or version
        for v in line["violations"]:
            rules.add(v["id"])
            entry = violations.setdefault(
                v["id"], {"id": v["id"], "impact": v["impact"], "help": v["help"], "pages": []}
            )
            if route not in entry["pages"]:
                entry["pages"].append(route)
    return {
        "checked_on": day.isoformat(),
        "standard": "WCAG 2.1 AA",
        "tool": f"axe-core {version}".strip(),
        "checks": len(lines),
        "pages": [{"route": route, "languages": sorted(langs)} for route, langs in sorted(pages.items())],
        "rules": sorted(rules),
        "violations": sorted(violations.values(), key=lambda v: v["id"]),
    }


def read_lines(path: Path) -> list:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write(summary, path: Path = DATA_FILE):
    path.write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def load(path: Path = DATA_FILE) -> dict | None:
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))
