"""SMS length per GSM 03.38: the 7-bit default alphabet when every character fits (characters
of the extension table take two septets), else UCS-2 counted in UTF-16 code units.

One SMS holds 160 septets or 70 UCS-2 units; a concatenated one loses room to its header
and holds 153 or 67 per segment. Segments are counted as carriers fill them: a character is
never split over two segments, so an extension character (escape + character, two septets)
or a UCS-2 surrogate pair (an emoji, two units) that does not fit in the room left moves
whole to the next segment (152 × "a" + "€" + 152 × "a" is three segments, not two).
static/js/sms-counter.js mirrors these rules; tests/messaging/library/test_sms_counters.py
drives both over the same texts.
"""

from dataclasses import dataclass

GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = frozenset("\f^{}\\[~]|€")

GSM7 = "GSM-7"
UCS2 = "UCS-2"
LIMITS = {GSM7: (160, 153), UCS2: (70, 67)}  # (single message, per segment when split)


@dataclass(frozen=True)
class SmsInfo:
    encoding: str
    length: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    segments: int
    per_segment: int


def _gsm_costs(text: str) -> list[int] | None:
    """Septets per character, or None if a character is not in the GSM 03.38 alphabet."""
    costs = []
    for char in text:
        if char in GSM_BASIC:
            costs.append(1)
        elif char in GSM_EXTENSION:
            costs.append(2)
        else:
            return None
    return costs


def _ucs2_costs(text: str) -> list[int]:
    """UTF-16 code units per code point: two for a surrogate pair (outside the BMP)."""
    return [2 if ord(char) > 0xFFFF else 1 for char in text]


def _packed(costs: list[int], room: int) -> int:
    """Segments of `room` units each, filled in order, a character never split over two."""
    segments, used = 1, 0
    for cost in costs:
        if used + cost > room:
            segments, used = segments + 1, 0
        used += cost
    return segments


def sms_segments(text: str) -> SmsInfo:
    costs = _gsm_costs(text)
    encoding = GSM7
    if costs is None:
        encoding, costs = UCS2, _ucs2_costs(text)
    length = sum(costs)
    single, split = LIMITS[encoding]
    if length <= single:
        return SmsInfo(encoding, length, 1 if length else 0, single)
    return SmsInfo(encoding, length, _packed(costs, split), split)
