"""Unit names the notice itself (or the unit directory) spells out whole: in unit headings, the
"Kính gửi" and "Nơi nhận" lists, the directory's names and aliases. A sentence that starts with one of
them and goes on in lowercase ("Phòng Giáo dục và Đào tạo lồng ghép …") has its subject end there,
whatever the verb; a heading that is one of them is a unit heading, whatever its first noun.

Names are compared word by word in the directory's spelling (`directory_match.match_key`: case,
tone marks, UBND/Ủy ban nhân dân), with or without a trailing level word ("Trung tâm Văn hóa - Thể
thao" is "Trung tâm Văn hóa - Thể thao phường"). One `KnownNames` is built per notice and handed to
every rule that reads a name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from bot.parser.directory_match import match_key
from bot.parser.unit_words import UNIT_START

# Lowercase words that carry a name on rather than start the predicate.
_CARRY_ON = frozenset((
    "và", "với", "các", "của", "thuộc", "trên", "trực", "liên", "có", "cấp", "khu", "phường", "quận", "xã",
    "huyện", "tỉnh", "thành", "thị", "đặc", "phụ", "kiêm",
))  # fmt: skip
_LEVELS = ("phường", "quận", "xã", "huyện", "thị xã", "thị trấn", "thành phố", "đặc khu", "tỉnh")
_LEVEL_ENDINGS = tuple((" " + level, len(level.split())) for level in _LEVELS)
_LONGEST = 16  # words; no unit name is longer
_T = TypeVar("_T")


def _word_keys(words: list[str]) -> list[str]:
    return [match_key(word) for word in words]


@dataclass(frozen=True)
class KnownNames:
    keys: frozenset[str] = frozenset()  # each name's key, also without its level word
    firsts: frozenset[str] = frozenset()  # the key of each name's first word
    _cache: dict[str, int | None] = field(default_factory=dict, compare=False, repr=False)
    # Per-notice memo for the name rules that take these names (one notice re-reads its lines often).
    memo: dict[tuple[object, ...], object] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, names: Iterable[str]) -> KnownNames:
        keys: set[str] = set()
        for name in names:
            key = " ".join(k for k in map(match_key, name.split()) if k)
            count = len(key.split())
            if count < 2:
                continue  # "Tỉnh" alone would name every capitalised word
            keys.add(key)
            for ending, size in _LEVEL_ENDINGS:
                if count - size >= 2 and key.endswith(ending):
                    keys.add(key[: -len(ending)])
        return cls(frozenset(keys), frozenset(k.split(" ", 1)[0] for k in keys))

    def __or__(self, other: KnownNames) -> KnownNames:
        return KnownNames(self.keys | other.keys, self.firsts | other.firsts)

    def prefix(self, text: str) -> int | None:
        """Length of the longest known name `text` opens with, or None."""
        if not self.keys:
            return None
        cached = self._cache.get(text)
        if cached is not None or text in self._cache:
            return cached
        found = self._prefix(text)
        self._cache[text] = found
        return found

    def _prefix(self, text: str) -> int | None:
        words = text.split(" ", _LONGEST)[:_LONGEST]
        if not words or match_key(words[0]) not in self.firsts:
            return None
        keys = _word_keys(words)
        for count in range(len(words), 1, -1):
            key = " ".join(k for k in keys[:count] if k)
            if key in self.keys:
                return len(" ".join(words[:count]).rstrip(",;:."))
        return None

    def end(self, text: str) -> int | None:
        """Where the predicate starts after a known name that opens `text`, or None."""
        length = self.prefix(text)
        if length is None:
            return None
        after = text[length:].lstrip(",;:. ")
        nxt = after.split(" ", 1)[0]
        if text[length:length + 1] in ",;" and UNIT_START.match(after):
            return None  # "Trưởng thôn Đông, thôn Tây …": the list goes on with a unit in lowercase
        if nxt[:1].islower() and nxt.strip(",;") not in _CARRY_ON:
            return len(text) - len(text[length:].lstrip(",;:. "))
        return None


NO_NAMES = KnownNames()


def memoised(function: Callable[..., _T]) -> Callable[..., _T]:
    """Memoise `function(text, names, **options)` in `names.memo`: pure given the notice's names."""

    def wrapper(text: str, names: KnownNames, **options: object) -> _T:
        key = (function.__name__, text, *sorted(options.items()))
        if key not in names.memo:
            names.memo[key] = function(text, names, **options)
        return names.memo[key]  # type: ignore[return-value]

    wrapper.__doc__ = function.__doc__
    wrapper.__name__ = function.__name__
    return wrapper
