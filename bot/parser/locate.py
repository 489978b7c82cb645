"""Where a piece of cleaned text lies in the source: the words are the same, what sits between them
(markdown emphasis, tags, line breaks, list markers) is not, so the words are matched in order."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+")
_GAP = r"[\W_]*?"
_ENDS = 6  # words matched at each end of the piece


def locate(piece: str, source: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) of `piece` within source[start:end]; the whole region when it cannot be found."""
    words = _WORD.findall(piece)
    if not words:
        return start, end
    head = re.compile(_GAP.join(re.escape(w) for w in words[:_ENDS]))
    found = head.search(source, start, end)
    if found is None:
        return start, end
    tail = re.compile(_GAP.join(re.escape(w) for w in words[-_ENDS:]))
    last = None
    for last in tail.finditer(source, found.start(), end):  # noqa: B007 - the last match is wanted
        pass
    stop = last.end() if last is not None else end
    # keep the sentence's own closing punctuation
    while stop < end and source[stop] in ".;:!?…)\"”'":
        stop += 1
    return found.start(), max(stop, found.end())
