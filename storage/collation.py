"""The order in which names of units (and people) are listed: Vietnamese alphabetical, numbers by value.

`sorted(names, key=vn_key)`: "Tổ dân phố 2" before "Tổ dân phố 10"; letters in the Vietnamese alphabet
(a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y), so "Đội" comes after every "D…" and "Ủy"
after "Uông"; tones (ngang, huyền, hỏi, ngã, sắc, nặng) and letter case only break ties. SQLite's NOCASE
knows none of this (it compares code points: "Đ" after "Z", "10" before "2"), so lists are sorted here,
in one place, after they are read.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"  # each a precomposed character
# letters after every other character (spaces and punctuation first), in the Vietnamese alphabet's order
_RANK = {letter: chr(0xE000 + rank) for rank, letter in enumerate(_ALPHABET)}
# breve, circumflex and horn make letters of their own
_SHAPED = {("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê", ("o", "\u0302"): "ô",
           ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư"}
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}  # huyền hỏi ngã sắc nặng
_NUMBER = re.compile(r"(\d+)")


@lru_cache(maxsize=4096)
def _letter(char: str) -> tuple[str, str]:
    """(the character's place in the alphabet, its tone digit) for one lower-case character."""
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    tone, letter = "0", base
    for mark in marks:
        if mark in _TONES:
            tone = _TONES[mark]
        else:
            letter = _SHAPED.get((base, mark), letter)
    return _RANK.get(letter, letter), tone


def vn_key(text: str) -> tuple[tuple[tuple[str, int], ...], str, str]:
    """Sort key: (text runs with the numbers between them, tones, the text itself as the last tie-break)."""
    folded = unicodedata.normalize("NFC", text.casefold()).strip()
    parts = _NUMBER.split(folded)  # text, number, text, number, ..., text
    runs: list[tuple[str, int]] = []
    tones: list[str] = []
    for index in range(0, len(parts), 2):
        letters = [_letter(char) for char in parts[index]]
        tones.extend(tone for _, tone in letters)
        number = int(parts[index + 1]) if index + 1 < len(parts) else -1
        runs.append(("".join(place for place, _ in letters), number))
    return tuple(runs), "".join(tones), text
