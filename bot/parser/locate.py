"""Where a piece of cleaned text lies in the source: the words are the same, what sits between them
(markdown emphasis, tags, line breaks, list markers) is not, so the words are matched in order."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+")
_ENDS = 6  # words matched at each end of the piece
_CLOSING = ".;:!?…)\"”'*"


def locate(piece: str, source: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) of `piece` within source[start:end]; the whole region when it cannot be found."""
    words = _WORD.findall(piece)
    if not words:
        return start, end
    region = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(source, start, end)]
    texts = [word for word, _start, _end in region]
    first = _find(texts, words[:_ENDS], 0)
    if first is None:
        return start, end
    tail = words[-_ENDS:]
    last = _rfind(texts, tail, first)
    stop = region[last + len(tail) - 1][2] if last is not None else end
    while stop < end and source[stop] in _CLOSING:  # keep the sentence's own closing punctuation
        stop += 1
    return region[first][1], max(stop, region[first][2])


def _find(texts: list[str], words: list[str], after: int) -> int | None:
    size = len(words)
    for i in range(after, len(texts) - size + 1):
        if texts[i] == words[0] and texts[i : i + size] == words:
            return i
    return None


def _rfind(texts: list[str], words: list[str], after: int) -> int | None:
    size = len(words)
    for i in range(len(texts) - size, after - 1, -1):
        if texts[i] == words[0] and texts[i : i + size] == words:
            return i
    return None
