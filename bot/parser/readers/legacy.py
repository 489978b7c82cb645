"""Text typed in the pre-Unicode Vietnamese encodings (TCVN3 ".VnTime", VNI "VNI-Times").

Old Word files and PDFs made from them carry those bytes as Latin-1 letters: "Phßng Tµi chÝnh"
(TCVN3) or "Phoøng Taøi chính" (VNI). Parsed as they are they yield no unit and no task, so the
reader refuses them with a reason the user can act on (convert with Unikey) instead of reporting
an empty notice.
"""

from __future__ import annotations

import re

# TCVN3 puts most toned vowels on Latin-1 punctuation code points that Vietnamese prose never uses.
_TCVN3_MARKS = re.compile(r"[\u00a1-\u00bf\u00d7\u00f7]")
# VNI writes the tone as a second letter after the vowel.
_VNI_PAIRS = re.compile(r"[aeiouyAEIOUY][øùûõïòóñ]|[ñÑ](?=[a-z])")
_UNICODE_VIETNAMESE = re.compile(r"[\u1ea0-\u1ef9đĐơƠưƯăĂ]")


def looks_legacy_encoded(text: str) -> bool:
    letters = sum(1 for c in text if c.isalpha())
    if letters < 40:
        return False
    modern = len(_UNICODE_VIETNAMESE.findall(text))
    legacy = len(_TCVN3_MARKS.findall(text)) + len(_VNI_PAIRS.findall(text))
    return legacy > 0.03 * letters and legacy > 3 * modern
