"""Unit names the notice itself (or the unit directory) spells out whole: in unit headings, the
"Kính gửi" and "Nơi nhận" lists. A sentence that starts with one of them and goes on in lowercase
("Phòng Giáo dục và Đào tạo lồng ghép …") has its subject end there, whatever the verb."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_KNOWN: ContextVar[tuple[str, ...]] = ContextVar("known_unit_names", default=())
_LABEL = re.compile(r"^(?:Nơi nhận|Kính gửi)\s*:\s*", re.IGNORECASE)
# Lowercase words that carry a name on rather than start the predicate.
_CARRY_ON = frozenset((
    "và", "với", "các", "của", "thuộc", "trên", "trực", "liên", "có", "cấp", "khu", "phường", "quận", "xã",
    "huyện", "tỉnh", "thành", "thị", "đặc", "phụ", "kiêm",
))


def collect(texts: Iterable[str], extra: Iterable[str] = ()) -> tuple[str, ...]:
    """Whole unit names among short lines that are nothing but a unit list."""
    from bot.parser.units import is_unit_list, split_units

    names: set[str] = {n for n in extra if len(n.split()) >= 2}
    for text in texts:
        body = _LABEL.sub("", text).strip().rstrip(" ;.,:")
        if 0 < len(body) < 120 and is_unit_list(body):
            names.update(n for n in split_units(body) if len(n.split()) >= 2)
    return tuple(sorted(names, key=len, reverse=True))


@contextmanager
def using(names: tuple[str, ...]) -> Iterator[None]:
    token = _KNOWN.set(names)
    try:
        yield
    finally:
        _KNOWN.reset(token)


def known_end(text: str) -> int | None:
    """Where the predicate starts after a known name that opens `text`, or None."""
    for name in _KNOWN.get():
        if text.startswith(name + " "):
            nxt = text[len(name) + 1 :].split(" ", 1)[0]
            if nxt[:1].islower() and nxt.strip(",;") not in _CARRY_ON:
                return len(name) + 1
            return None
    return None
