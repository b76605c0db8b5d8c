"""docs/architecture.md names real modules: every path it quotes exists (issue 18)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"


def quoted_paths(text):
    """The paths in `code` spans and Markdown links: words with a slash, e.g. `school/clock.py`."""
    words = [word for span in re.findall(r"`([^`]+)`", text) for word in re.split(r"[\s,]+", span)]
    words += re.findall(r"\]\(([^)]+)\)", text)
    return {word for word in words if "/" in word and not word.startswith(("http", "<")) and "(" not in word}


def test_every_path_in_the_architecture_doc_exists():
    paths = quoted_paths(DOC.read_text())
    assert "ouderbetrokkenheid/school/translations.py" in paths and "evaluation/" in paths
    # A path is from the root, from the ouderbetrokkenheid package (school/clock.py), or a link beside the doc.
    missing = [
        path
        for path in sorted(paths)
        if path != "views/"  # "its views in `views/`": each app's folder, not one path
        and not any((base / path).exists() for base in (ROOT, ROOT / "ouderbetrokkenheid", DOC.parent))
    ]
    assert not missing, missing


def test_the_architecture_doc_links_the_access_doc():
    assert "](access.md)" in DOC.read_text()
