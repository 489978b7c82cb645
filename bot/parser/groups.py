"""Unit lists that name their type once: "Các sở: Xây dựng, Tài chính và Nội vụ",
"UBND các phường: Hòa An, Tân Lập", "các Bộ Công an, Quốc phòng".

Such a list is rewritten as whole unit names ("Sở Xây dựng, Sở Tài chính, Sở Nội vụ") so the
ordinary list splitting in units.py can take over.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.parser.letters import LOWER, UPPER
from bot.parser.lexicon import COMPOUND_TAILS, NAME_VERBS
from bot.parser.unit_words import UNIT_START, VERB_RE

# Plural type nouns that can introduce names, and the singular head each name takes.
_HEADS = {
    "sở": "Sở", "bộ": "Bộ", "phòng": "Phòng", "ban": "Ban", "cục": "Cục", "tổng cục": "Tổng cục",
    "tập đoàn": "Tập đoàn", "tổng công ty": "Tổng công ty", "trung tâm": "Trung tâm", "hội": "Hội",
    "phường": "phường", "xã": "xã", "thị trấn": "thị trấn", "huyện": "huyện", "tỉnh": "tỉnh",
    "quận": "quận", "thôn": "thôn", "ấp": "ấp", "bản": "bản", "tổ dân phố": "tổ dân phố",
    "khu phố": "khu phố",
}  # fmt: skip
_LOCALITIES = ("phường", "xã", "thị trấn", "huyện", "tỉnh", "quận")
# Hamlets and residential groups are named like places but are doers themselves: "các thôn Đông, Tây".
_GRASSROOTS = ("thôn", "ấp", "bản", "tổ dân phố", "khu phố")
# A body before a locality list: "UBND các phường: A, B" gives "UBND phường A", "UBND phường B".
_BODY = (
    r"(?:Chủ tịch\s+)?(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Công an|Ban Chỉ huy Quân sự|Trạm Y tế|"
    r"Đảng ủy|Đảng uỷ|HĐND|Hội đồng nhân dân|Trưởng|Bí thư chi bộ)"
)
_NOUNS = "|".join(sorted(_HEADS, key=len, reverse=True))
# "các sở:", "các Bộ Công an, …", and "các phòng, đơn vị:" (the first noun names the list's type).
# The leading lookahead (the first letters of a body or of "các") changes no match: it lets the
# scan skip most positions without trying each body in turn, four times faster.
_INTRO = re.compile(
    rf"(?=[CUỦBTĐHc])(?P<body>{_BODY}\s+)?(?<![\wÀ-ỹ])(?i:các)\s+(?P<noun>(?i:{_NOUNS}))"
    rf"(?:\s*:\s*|(?:,\s*(?i:{_NOUNS}|đơn vị|ngành|cơ quan|địa phương))+\s*:\s*|\s+(?=[{UPPER}][{LOWER}]))"
)
_SEGMENT = re.compile(r"\s*[,;]\s*")
_CAP = re.compile(rf"^(?:[{UPPER}]|\d)")
_VA = re.compile(r"\s+(?:và|&)\s+")
_LIST_STOP = re.compile(r"[:.(]")
_AND = re.compile(r"\s+và\s+(?=\S)")


def _names(segment: str) -> list[str]:
    """"Tài chính và Nội vụ" -> two names; "Nông nghiệp và Môi trường" stays one."""
    parts = _VA.split(segment)
    names = [parts[0]]
    for part in parts[1:]:
        if any(part.lower().startswith(tail.lower()) for tail in COMPOUND_TAILS):
            names[-1] = f"{names[-1]} và {part}"
        else:
            names.append(part)
    return names


_PLACE_LEAD = re.compile(
    rf"^(?:[{UPPER}0-9][\w'-]*\s+(?:(?:và|&)\s+)?)*[{UPPER}0-9][\w'-]*(?=\s+(?!và\s)[{LOWER}])"
)
_PLACE = re.compile(rf"^(?:[{UPPER}0-9][\w'-]*)(?:\s+(?:[{UPPER}0-9][\w'-]*|và|&))*\s*$")


def _verb_start(text: str) -> bool:
    """"Các sở: Rà soát …": what follows the colon is the task, not a name."""
    m = VERB_RE.match(text.lower())
    return m is not None and m.group(0) not in NAME_VERBS


def _named(head: str, name: str) -> str:
    """"phường" + "Phường 5" is "Phường 5", not "phường Phường 5"."""
    return name if name.lower().startswith(head.lower() + " ") else f"{head} {name}"


def _unit_start(text: str) -> bool:
    """Does a list segment start another unit? A bare type word ("Công an" in "Các bộ: Công an,
    Nội vụ") is a name; "Công an tỉnh" is a unit of its own."""
    m = UNIT_START.match(text)
    return m is not None and bool(text[m.end() :].split(" và ")[0].strip())


@lru_cache(maxsize=4096)
def expand_group_lists(text: str) -> str:
    """Rewrite each "Các <type>: A, B và C" in `text` as "<Type> A, <Type> B, <Type> C"."""
    if "các" not in text.lower():
        return text  # every list says "các": half the texts need no scan with the slow _INTRO
    out: list[str] = []
    pos = 0
    for m in _INTRO.finditer(text):
        if m.start() < pos:
            continue
        noun = m.group("noun").lower()
        body = m.group("body") or ""
        places = noun in _LOCALITIES and not body
        if places and ":" not in m.group(0):
            continue  # "các tỉnh Bắc Ninh" without a body is a place, not a unit
        rest = text[m.end() :]
        end, names = _list_end(rest, locality=noun in _LOCALITIES or noun in _GRASSROOTS)
        if not names or (len(names) < 2 and ":" not in m.group(0)):
            continue
        out.append(text[pos : m.start()])
        if places:  # "trọng tâm là các tỉnh: A, B": the places qualify the unit before them
            out.append(f"{m.group(0).rstrip(': ')} {', '.join(names)}")
        else:
            out.append(", ".join(f"{body}{_named(_HEADS[noun], name)}" for name in names))
        pos = m.end() + end
    out.append(text[pos:])
    return "".join(out)


def _list_end(rest: str, *, locality: bool) -> tuple[int, list[str]]:
    """How far a name list runs in `rest`, and its names. Each name starts with a capital letter;
    the list ends before a segment that starts another unit or a lowercase word, or at a colon."""
    names: list[str] = []
    start = end = 0
    stop = _LIST_STOP.search(rest)
    limit = stop.start() if stop else len(rest)
    for sep in _SEGMENT.finditer(rest[:limit] + ","):
        segment = rest[start : sep.start()]
        if not segment or not _CAP.match(segment) or _unit_start(segment) or _verb_start(segment):
            break
        if locality and not _PLACE.match(segment):
            # a place name capitalises every word: "Đa Kao phối hợp …" ends the list after "Đa Kao"
            lead = _PLACE_LEAD.match(segment)
            if lead and names:
                names.extend(_names(lead.group(0).strip()))
                return start + len(lead.group(0).rstrip()), names
            break
        # "Nội vụ và UBND các xã": the name ends where another unit starts
        unit_after = _AND.search(segment)
        if unit_after and _unit_start(segment[unit_after.end() :]):
            names.extend(_names(segment[: unit_after.start()]))
            return start + unit_after.start(), names
        names.extend(_names(segment))
        end, start = sep.start(), sep.end()
    return end, names
