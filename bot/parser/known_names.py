"""Unit names the notice itself (or the unit directory) spells out whole: in unit headings, the
"Kính gửi" and "Nơi nhận" lists, the directory's names and aliases. A sentence that starts with one of
them and goes on in lowercase ("Phòng Giáo dục và Đào tạo lồng ghép …") has its subject end there,
whatever the verb.

One `KnownNames` is built per notice and handed to every rule that reads a name.
"""

from __future__ import annotations

from dataclasses import dataclass

# Lowercase words that carry a name on rather than start the predicate.
_CARRY_ON = frozenset((
    "và", "với", "các", "của", "thuộc", "trên", "trực", "liên", "có", "cấp", "khu", "phường", "quận", "xã",
    "huyện", "tỉnh", "thành", "thị", "đặc", "phụ", "kiêm",
))  # fmt: skip


@dataclass(frozen=True)
class KnownNames:
    names: tuple[str, ...] = ()  # longest first

    @classmethod
    def of(cls, names: set[str] | list[str] | tuple[str, ...]) -> KnownNames:
        return cls(tuple(sorted(set(names), key=len, reverse=True)))

    def end(self, text: str) -> int | None:
        """Where the predicate starts after a known name that opens `text`, or None."""
        for name in self.names:
            if text.startswith(name + " "):
                nxt = text[len(name) + 1 :].split(" ", 1)[0]
                if nxt[:1].islower() and nxt.strip(",;") not in _CARRY_ON:
                    return len(name) + 1
                return None
        return None


NO_NAMES = KnownNames()
