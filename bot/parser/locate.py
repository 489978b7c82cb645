"""Where a piece of cleaned text lies in the source: the words are the same, what sits between them
(markdown emphasis, tags, line breaks, list markers) is not, so the words are matched in order."""

from __future__ import annotations

import re
from itertools import islice

_WORD = re.compile(r"[^\W_]+")
_ENDS = 6  # words matched at each end of the piece
_CLOSING = ".;:!?…)\"”'*"


def locate(piece: str, source: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) of `piece` within source[start:end]; the whole region when it cannot be found."""
    words = _WORD.findall(piece)
    if not words:
        return start, end
    # the region's words as plain strings (C speed); offsets are looked up only for the two we need
    texts = _WORD.findall(source, start, end)
    first = _find(texts, words[:_ENDS], 0)
    if first is None:
        return start, end
    tail = words[-_ENDS:]
    last = _rfind(texts, tail, first)
    opening = _nth(source, start, end, first)
    stop = _nth(source, start, end, last + len(tail) - 1).end() if last is not None else end
    while stop < end and source[stop] in _CLOSING:  # keep the sentence's own closing punctuation
        stop += 1
    return opening.start(), max(stop, opening.end())


def _nth(source: str, start: int, end: int, index: int) -> re.Match[str]:
    """The region's word number `index` (there is one: it was found among the region's words)."""
    return next(islice(_WORD.finditer(source, start, end), index, None))


def _find(texts: list[str], words: list[str], after: int) -> int | None:
    size = len(words)
    stop = len(texts) - size + 1
    i = after
    while i < stop:
        try:
            i = texts.index(words[0], i, stop)
        except ValueError:
            return None
        if texts[i : i + size] == words:
            return i
        i += 1
    return None


def _rfind(texts: list[str], words: list[str], after: int) -> int | None:
    size = len(words)
    for i in range(len(texts) - size, after - 1, -1):
        if texts[i] == words[0] and texts[i : i + size] == words:
            return i
    return None
