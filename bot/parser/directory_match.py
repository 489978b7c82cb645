"""How unit names written by people are compared with the unit directory.

A key is the name in one canonical spelling: NFC, lower case, one tone-mark placement (uỷ/ủy,
hoà/hòa), "&" read as "và", punctuation and dashes ignored, common abbreviations spelled out
(UBND, HĐND, UBMTTQ, VH&TT, TTYT...). Two names are the same unit when their keys are equal, or when
they are close (rapidfuzz) AND name the same kind of body (the head word: Phòng, Trung tâm, Ủy ban
nhân dân...) AND carry the same numbers: "Phòng Y tế" is never "Trung tâm Y tế", "Phường 1" never
"Phường 11".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

FUZZY_THRESHOLD = 88.0

# Old-style tone placement ("hoà", "uỷ") and new-style ("hòa", "ủy") must give the same key.
_TONE_MOVES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_TONE_RE = re.compile("|".join(_TONE_MOVES))
_TONE_MARKED = frozenset(old[1] for old in _TONE_MOVES)  # a move needs one of these letters

# Spelled out before "&" and punctuation are touched, longest first.
_ABBREVIATIONS = {
    "ubmttq": "ủy ban mặt trận tổ quốc",
    "mttq": "mặt trận tổ quốc",
    "ubnd": "ủy ban nhân dân",
    "hđnd": "hội đồng nhân dân",
    "ubkt": "ủy ban kiểm tra",
    "vh&tt": "văn hóa và thông tin",
    "vh-tt": "văn hóa và thông tin",
    "vhtt": "văn hóa và thông tin",
    "ttyt": "trung tâm y tế",
    "tc-kh": "tài chính kế hoạch",
    "tckh": "tài chính kế hoạch",
    "tn&mt": "tài nguyên và môi trường",
    "tnmt": "tài nguyên và môi trường",
    "gd&đt": "giáo dục và đào tạo",
    "gdđt": "giáo dục và đào tạo",
    "lđ-tb&xh": "lao động thương binh và xã hội",
    "lđtbxh": "lao động thương binh và xã hội",
    "qlđt": "quản lý đô thị",
    "bqlda": "ban quản lý dự án",
    "bchqs": "ban chỉ huy quân sự",
    "bch": "ban chỉ huy",
    "ctxh": "chính trị xã hội",
}
_ABBREVIATION_RE = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(a) for a in sorted(_ABBREVIATIONS, key=len, reverse=True))
    + r")(?!\w)"
)
_PUNCTUATION = re.compile(r"[-–—,.;:()\"'“”/]+")
# Kinds of body, longest first; the first one a key starts with is its head.
_HEADS = sorted(
    (
        "ủy ban nhân dân", "hội đồng nhân dân", "ủy ban mặt trận tổ quốc", "mặt trận tổ quốc",
        "ủy ban kiểm tra", "văn phòng", "phòng", "ban chỉ huy", "ban quản lý", "ban", "trung tâm",
        "công an", "đội", "chi cục", "cục", "thanh tra", "hội", "đoàn", "liên đoàn", "trạm", "trường",
        "bệnh viện", "công ty", "xí nghiệp", "kho bạc", "bảo hiểm", "quận đoàn", "huyện đoàn",
        "quận ủy", "huyện ủy", "phường", "xã", "tòa án", "viện kiểm sát", "chi nhánh", "sở", "ủy ban",
        "thôn", "ấp", "bản", "buôn", "tổ dân phố", "khu phố",
    ),
    key=len,
    reverse=True,
)
# A person's title before a unit: the task goes to the unit they head.
_TITLES = re.compile(
    r"^(?:đồng chí\s+)?(?:phó chủ tịch|chủ tịch|thủ trưởng|lãnh đạo|giám đốc|chỉ huy trưởng|chánh|"
    r"trưởng)\s+(?:các\s+)?(?=\S)"
)
_COMMITTEE = re.compile(r"^ủy ban nhân dân (?=(?:phường|xã|thị trấn)\b)")
_VIET_NAM = re.compile(r"(tổ quốc) việt nam\b")


@lru_cache(maxsize=16384)
def match_key(name: str) -> str:
    text = unicodedata.normalize("NFC", name).lower()
    if not _TONE_MARKED.isdisjoint(text):  # most words carry none of the marks that move
        text = _TONE_RE.sub(lambda m: _TONE_MOVES[m.group(0)], text)
    if text.isalpha():
        # One plain word (most calls: names are keyed word by word): no punctuation, spaces or "&" to
        # touch, and an abbreviation can only be the whole word. Same key, a third of the work.
        return _ABBREVIATIONS.get(text, text)
    text = _ABBREVIATION_RE.sub(lambda m: f" {_ABBREVIATIONS[m.group(1)]} ", text)
    text = text.replace("&", " và ").replace("+", " và ")
    text = _PUNCTUATION.sub(" ", text)
    text = " ".join(text.split())
    if "việt nam" in text:  # a template substitution costs a Python call even when nothing matches
        text = _VIET_NAM.sub(r"\1", text)
    return text


def without_title(key: str) -> str:
    stripped = _TITLES.sub("", key)
    return stripped if head(stripped) else key


def without_level(key: str, level_words: tuple[str, ...]) -> str:
    for word in level_words:
        if key.endswith(" " + word) and len(key) > len(word) + 1:
            return key[: -len(word) - 1]
    return key


def without_committee(key: str) -> str:
    """ "Phường 1" names the ward's committee as surely as "UBND Phường 1" does."""
    return _COMMITTEE.sub("", key) if key.startswith("ủy ban nhân dân ") else key


# The heads by their first word, longest first: a key can only start with a head that shares its
# first word, so each key tries two or three heads instead of all of them.
_HEADS_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _candidate in _HEADS:  # longest first, and so is each group
    _first = _candidate.split(" ", 1)[0]
    _HEADS_BY_FIRST[_first] = (*_HEADS_BY_FIRST.get(_first, ()), _candidate)


@lru_cache(maxsize=16384)
def head(key: str) -> str:
    for candidate in _HEADS_BY_FIRST.get(key.split(" ", 1)[0], ()):
        if key == candidate or key.startswith(candidate + " "):
            return candidate
    return ""


@lru_cache(maxsize=16384)
def numbers(key: str) -> tuple[str, ...]:
    return tuple(n.lstrip("0") or "0" for n in _DIGITS.findall(key))


_DIGITS = re.compile(r"\d+")


def distinctive_similarity(query: str, candidate: str) -> float:
    """Score two keys of the same kind of body and the same numbers, without their head: what tells
    units of one kind apart, not the shared "ủy ban nhân dân phường" that would make any two wards
    look alike. "Phòng Y tế" is never "Trung tâm Y tế", "Phường 1" never "Phường 11" (see
    UnitDirectory._fuzzy, which only compares keys with the same head and numbers)."""
    return max(fuzz.token_sort_ratio(query, candidate), fuzz.ratio(query, candidate))
