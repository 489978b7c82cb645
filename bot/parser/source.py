"""The notice text as the parser reads it, and the way back to the caller's character offsets.

Every later stage works on `Source.text`: NFC, with carriage returns, byte-order marks, no-break
spaces and embedded images blanked to spaces of the same length, so that an offset found in it is an
offset in the NFC text. Text that was not NFC (a decomposed paste) keeps a map back to its own
offsets, so `ParsedTask.span` always indexes the string the caller passed.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass

_IMAGE = re.compile(r"<image>.*?</image>|!\[[^\]]*\]\([^)]*\)", re.DOTALL)
_BLANKED = ("\r", "\ufeff", "\xa0")  # each becomes one space


@dataclass(frozen=True)
class Source:
    text: str
    # Offset in the caller's text of each character of `text`, plus its end; None when they are equal.
    back: tuple[int, ...] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """[start, end) in `text` as offsets in the caller's text."""
        if self.back is None:
            return start, end
        return self.back[start], self.back[end]

    def inner(self, start: int, end: int) -> tuple[int, int]:
        """[start, end) in the caller's text as offsets in `text` (the inverse of `span`)."""
        if self.back is None:
            return start, end
        return bisect_left(self.back, start), bisect_left(self.back, end)


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def read_source(text: str) -> Source:
    back: tuple[int, ...] | None = None
    if not unicodedata.is_normalized("NFC", text):
        text, back = _nfc_with_offsets(text)
    # three replaces: str.translate with a table walks non-ASCII text one character at a time in Python
    for blanked in _BLANKED:
        text = text.replace(blanked, " ")
    text = _IMAGE.sub(_blank, text)
    return Source(text, back)


def _nfc_with_offsets(text: str) -> tuple[str, tuple[int, ...]]:
    """NFC one base character (with the marks that follow it) at a time, remembering where each began."""
    out: list[str] = []
    back: list[int] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i < len(text) and unicodedata.combining(text[i]):
            continue
        composed = unicodedata.normalize("NFC", text[start:i])
        out.append(composed)
        back.extend([start] * len(composed))
        start = i
    back.append(len(text))
    return "".join(out), tuple(back)
