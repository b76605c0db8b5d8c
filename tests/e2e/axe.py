"""axe-core in a Playwright page: inject the vendored axe.min.js and return the violations.

    from tests.e2e.axe import axe_violations, serious
    violations = axe_violations(page)          # WCAG 2.0/2.1 level A and AA rules
    assert not serious(violations), describe(violations)

axe-core is vendored in tests/e2e/vendor/axe-core/ (see its README: version and source); it is
evaluated through Playwright (the DevTools protocol, which the page's Content-Security-Policy does
not govern: a `<script>` tag with the code inline would be refused), so nothing is fetched from a
network and the app never serves it.

With OB_AXE_RESULTS=<file> every check also appends one JSON line to that file (the page's path and
language, the rules that passed, the violations): `make accessibility-statement` turns those lines
into the data of the public accessibility statement (manage.py accessibility_statement).
"""

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

AXE_JS = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SERIOUS = {"serious", "critical"}


def axe_violations(page, *, tags=WCAG_AA_TAGS, context=None, disabled_rules=()):
    """Run axe on the page as it is once loaded (after a click, a page is committed before its
    stylesheet applies: see tests/e2e/layout.py); the list of violations (axe's own dicts: id,
    impact, help, helpUrl, nodes[{target, html, failureSummary}])."""
    page.wait_for_load_state("load")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    if disabled_rules:
        options["rules"] = {rule: {"enabled": False} for rule in disabled_rules}
    result = page.evaluate(
        "([context, options]) => axe.run(context || document, options)",
        [context, options],
    )
    if os.environ.get("OB_AXE_RESULTS") and list(tags) == WCAG_AA_TAGS:
        record(page, result, tags)
    return result["violations"]


def record(page, result, tags):
    """Append what this check found to the OB_AXE_RESULTS file (one JSON line per check)."""
    line = {
        "path": urlsplit(page.url).path,
        "title": page.title(),
        "lang": page.evaluate("document.documentElement.lang"),
        "tags": list(tags),
        "axe": result.get("testEngine", {}).get("version", ""),
        "passes": sorted(rule["id"] for rule in result.get("passes", [])),
        "violations": [
            {"id": v["id"], "impact": v.get("impact"), "help": v["help"], "nodes": len(v["nodes"])}
            for v in result["violations"]
        ],
    }
    with open(os.environ["OB_AXE_RESULTS"], "a", encoding="utf-8") as out:
        out.write(json.dumps(line, ensure_ascii=False) + "\n")


def serious(violations):
    """The serious and critical ones (the bar of the accessibility tests)."""
    return [v for v in violations if v.get("impact") in SERIOUS]


def describe(violations, *, nodes=3):
    """A readable failure message: rule, impact, help, and the first few offending elements."""
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])}×) {v['helpUrl']}")
        for node in v["nodes"][:nodes]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)
