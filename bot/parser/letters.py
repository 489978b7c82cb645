"""Character classes for Vietnamese letters. "[A-ZĐÀ-Ỹ]" is not "a capital letter": the range À–Ỹ
holds the lowercase "à", "đ", "ứ" … too. These classes are spelled out from Unicode."""

from __future__ import annotations

_VIETNAMESE = [chr(code) for code in range(0xC0, 0x1EFA) if chr(code).isalpha()]
UPPER = "A-Z" + "".join(c for c in _VIETNAMESE if c.isupper())  # for use inside [...]
LOWER = "a-z" + "".join(c for c in _VIETNAMESE if c.islower())
