"""The Python and JavaScript SMS counters agree, and count segments as carriers fill them: a
character never split over two segments (extension characters and surrogate pairs move whole).

The JavaScript counter (static/js/sms-counter.js) runs in Node over the very texts the
Python counter sees: known cases and texts hypothesis generates from the characters that
matter (basic GSM, extension characters, UCS-2 and astral emoji)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from messaging.library.sms import GSM_BASIC, GSM_EXTENSION, sms_segments

COUNTER = Path(__file__).resolve().parents[3] / "static" / "js" / "sms-counter.js"
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")

KNOWN = {
    "a" * 152 + "€" + "a" * 152: ("GSM-7", 306, 3),  # the € would straddle segments 1 and 2
    "a" * 153 + "€" + "a" * 151: ("GSM-7", 306, 2),
    "a" * 306: ("GSM-7", 306, 2),
    "a" * 158 + "€": ("GSM-7", 160, 1),
    "a" * 159 + "€": ("GSM-7", 161, 2),
    "€" * 80: ("GSM-7", 160, 1),
    "€" * 81: ("GSM-7", 162, 2),
    "a" * 66 + "👍" + "a" * 66: ("UCS-2", 134, 3),  # the surrogate pair is not split
    "a" * 65 + "👍" + "a" * 67: ("UCS-2", 134, 2),
    "ب" * 134: ("UCS-2", 134, 2),
    "👍" * 35: ("UCS-2", 70, 1),
    "👍" * 36: ("UCS-2", 72, 2),  # 33 pairs fill 66 of 67 units, 3 in the second
    "": ("GSM-7", 0, 0),
}


def js_counts(texts):
    script = (
        "const {smsSegments} = require(process.argv[1]);"
        "let input = ''; process.stdin.on('data', d => input += d);"
        "process.stdin.on('end', () => process.stdout.write(JSON.stringify("
        "JSON.parse(input).map(t => { const i = smsSegments(t);"
        " return [i.encoding, i.length, i.segments, i.perSegment]; }))));"
    )
    done = subprocess.run([NODE, "-e", script, str(COUNTER)], input=json.dumps(texts), capture_output=True,
                          text=True, check=True, timeout=30)  # fmt: skip
    return [tuple(row) for row in json.loads(done.stdout)]


def py_counts(texts):
    return [tuple(vars(sms_segments(t)).values()) for t in texts]


def test_known_cases_in_python_and_javascript():
    texts = list(KNOWN)
    room = {"GSM-7": (160, 153), "UCS-2": (70, 67)}
    expected = [
        (enc, n, parts, room[enc][0] if n <= room[enc][0] else room[enc][1]) for enc, n, parts in KNOWN.values()
    ]
    assert py_counts(texts) == expected
    assert js_counts(texts) == expected


CHARS = st.sampled_from(sorted(GSM_BASIC)[:20] + sorted(GSM_EXTENSION) + ["a", "b", " "])
ANY = st.one_of(CHARS, st.sampled_from(["ب", "ğ", "ł", "ї", "👍", "🇳", "€", "ë"]))


@settings(max_examples=60, deadline=None, database=None)
@given(st.lists(st.one_of(st.text(CHARS, min_size=140, max_size=330), st.text(ANY, min_size=50, max_size=160)),
                min_size=5, max_size=5))  # fmt: skip
def test_python_and_javascript_agree_on_generated_texts(texts):
    python = py_counts(texts)
    assert js_counts(texts) == python
    for _text, (encoding, length, segments, per_segment) in zip(texts, python, strict=True):
        room = 160 if encoding == "GSM-7" else 70
        if length > room:
            assert segments >= -(-length // per_segment)  # never fewer than plain division
            assert segments <= -(-length // (per_segment - 1))  # at most one unit lost per segment
