"""A bare locality as the addressee: "… yêu cầu thời gian tới xã cần tập trung …", "phường phải …".

The word names the committee the notice is about. When the text names exactly one locality of that
level ("xã Tân Lập"), the task goes to its committee ("UBND xã Tân Lập"); otherwise to "UBND xã", which
the preview offers the office to map. The task is never dropped for want of a name.
"""

from __future__ import annotations

import re

from bot.parser.letters import UPPER
from bot.parser.unit_words import OPENING_RE

_LEVELS = r"(?:xã|phường|thị trấn|đặc khu|huyện|quận|thị xã|tỉnh|thành phố)"
# The level word alone, then a modal or an action: "xã cần tập trung …", "phường phải ra quân …".
_BARE = re.compile(rf"^(?P<level>{_LEVELS})\s+", re.IGNORECASE)
_MODAL = re.compile(r"^(?:cần|phải|nên)(?![\wÀ-ỹ])")
_NAMED = re.compile(
    rf"(?<![\wÀ-ỹ])(?P<level>(?i:{_LEVELS}))\s+(?P<name>[{UPPER}][\wÀ-ỹ]*(?:\s+[{UPPER}][\wÀ-ỹ]*)*)"
)
COMMITTEE = "UBND"


def bare_locality(text: str, *, modal_only: bool = False) -> tuple[str, str] | None:
    """(level word, the rest) when `text` opens with a bare level word and its predicate.
    `modal_only`: only "xã cần …", "phường phải …" (a bare subject with no cue before it)."""
    m = _BARE.match(text)
    if m is None:
        return None
    rest = text[m.end() :]
    if _MODAL.match(rest) or (not modal_only and OPENING_RE.match(rest)):
        return m.group("level").lower(), rest
    return None


def is_bare_level(unit: str) -> bool:
    return bool(re.fullmatch(_LEVELS, unit))


def committee(level: str, text: str) -> str:
    """The committee a bare level word stands for in `text`."""
    names = {m.group("name") for m in _NAMED.finditer(text) if m.group("level").lower() == level}
    if len(names) == 1:
        return f"{COMMITTEE} {level} {names.pop()}"
    return f"{COMMITTEE} {level}"
