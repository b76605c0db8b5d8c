"""SMS length per GSM 03.38: the 7-bit default alphabet when every character fits (characters
of the extension table take two septets), else UCS-2 counted in UTF-16 code units.

One SMS holds 160 septets or 70 UCS-2 units; a concatenated one loses room to its header
and holds 153 or 67 per segment. static/js/sms-counter.js mirrors these rules.
"""

import math
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


def _gsm_length(text: str) -> int | None:
    length = 0
    for char in text:
        if char in GSM_BASIC:
            length += 1
        elif char in GSM_EXTENSION:
            length += 2
        else:
            return None
    return length


def sms_segments(text: str) -> SmsInfo:
    length = _gsm_length(text)
    encoding = GSM7
    if length is None:
        encoding = UCS2
        length = len(text.encode("utf-16-le")) // 2
    single, split = LIMITS[encoding]
    if length <= single:
        return SmsInfo(encoding, length, 1 if length else 0, single)
    return SmsInfo(encoding, length, math.ceil(length / split), split)
