"""List numbers as Word shows them, computed from numbering.xml.

Word stores "2.8." as a numbering definition plus counters, not as text, so python-docx's
paragraph.text loses it. As in Word, the counters belong to the abstract definition: two numIds
pointing at it continue one list (pasted paragraphs keep counting), and a numId with a
startOverride restarts its levels where it is first used. A deeper level restarts whenever a
shallower one advances.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.oxml.ns import qn

_BULLETS_KEPT = {"-", "+"}


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    legal: bool = False


@dataclass
class Numbering:
    # (abstractNumId, ilvl) -> level definition; numId -> (abstractNumId, {ilvl: start override})
    levels: dict[tuple[str, int], _Level] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)
    # abstractNumId -> the current count at each of Word's nine levels (None: not started yet)
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    @classmethod
    def from_document(cls, document) -> Numbering:
        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return numbering
        for abstract in root.findall(qn("w:abstractNum")):
            abstract_id = abstract.get(qn("w:abstractNumId"))
            for lvl in abstract.findall(qn("w:lvl")):
                numbering.levels[(abstract_id, int(lvl.get(qn("w:ilvl"), "0")))] = _level(lvl)
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is None:
                continue
            overrides: dict[int, int] = {}
            for override in num.findall(qn("w:lvlOverride")):
                start = override.find(qn("w:startOverride"))
                if start is not None:
                    overrides[int(override.get(qn("w:ilvl"), "0"))] = int(start.get(qn("w:val"), "1"))
            numbering.nums[num.get(qn("w:numId"))] = (ref.get(qn("w:val")), overrides)
        return numbering

    def prefix(self, num_id: str, ilvl: int) -> str:
        """Advance the counter of (num_id, ilvl) and return the rendered label, "" if none."""
        if num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        level = self.levels.get((abstract_id, ilvl))
        if level is None:
            return ""
        counters = self.counters.setdefault(abstract_id, [None] * 9)
        if num_id not in self.used:
            self.used.add(num_id)
            for depth, start_at in overrides.items():
                counters[depth] = start_at - 1
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, len(counters)):
            counters[deeper] = None
        if level.fmt == "bullet":
            return level.text if level.text in _BULLETS_KEPT else "-"
        if level.fmt == "none":
            return level.text if "%" not in level.text else ""
        label = level.text
        for depth in range(8, -1, -1):
            token = f"%{depth + 1}"
            if token not in label:
                continue
            depth_level = self.levels.get((abstract_id, depth), _Level())
            value = counters[depth]
            if value is None:
                value = depth_level.start
            fmt = "decimal" if level.legal and depth < ilvl else depth_level.fmt
            label = label.replace(token, format_number(value, fmt))
        return label.strip()


def _level(lvl) -> _Level:
    level = _Level()
    for tag, attr in (("w:numFmt", "fmt"), ("w:lvlText", "text")):
        element = lvl.find(qn(tag))
        if element is not None:
            setattr(level, attr, element.get(qn("w:val"), ""))
    start = lvl.find(qn("w:start"))
    if start is not None:
        level.start = int(start.get(qn("w:val"), "1"))
    level.legal = lvl.find(qn("w:isLgl")) is not None
    return level


def format_number(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def _roman(value: int) -> str:
    numerals = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = []
    for number, numeral in numerals:
        while value >= number:
            out.append(numeral)
            value -= number
    return "".join(out)
