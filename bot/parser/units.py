"""Unit names: where a unit list starts and ends in a sentence, and how to split it.

A unit name starts with a unit-type word (Phòng, Sở, UBND, Công an ...). A list is split at a comma,
a semicolon or "và" only when what follows starts another unit name, so "Phòng Kinh tế, Hạ tầng và
Đô thị" stays one unit while "Phòng Y tế, Trung tâm Y tế và UBND 15 phường" gives three.
"""

from __future__ import annotations

import re

from bot.parser.groups import expand_group_lists
from bot.parser.known_names import NO_NAMES, KnownNames, memoised
from bot.parser.letters import UPPER
from bot.parser.lexicon import NAME_VERBS
from bot.parser.name_end import after_level, closes_proper_word, split_glued
from bot.parser.unit_words import (
    CAC_NOUNS,
    GRASSROOTS,
    TYPE_AT_END,
    TYPE_RE,
    UNIT_START,
    VERB_RE,
    B,
    starts_with_unit,
)

__all__ = ["TYPE_AT_END", "UNIT_START", "VERB_RE", "starts_with_unit"]

_SPLIT = re.compile(
    rf"\s*(?:;|,|\s+và\s+|\s+với\s+)\s*(?=(?:{TYPE_RE}){B}|các\s+{CAC_NOUNS}{B}|{GRASSROOTS})"
)
# "Trưởng thôn Đông, thôn Tây và thôn Nam": the title before the first hamlet heads every one of them.
_SHARED_TITLE = re.compile(
    r"^(?P<title>(?:Trưởng|Phó trưởng|Bí thư|Tổ trưởng|Chi hội trưởng|Trưởng ban công tác Mặt trận)\s+)"
    r"(?P<noun>thôn|ấp|bản|buôn|làng|tổ dân phố|khu phố|khối phố)\s",
    re.IGNORECASE,
)
_JOINT_OFFICE = re.compile(
    r"Văn phòng\s+(?:HĐND|Hội đồng nhân dân|Đoàn ĐBQH)\s+và\s+(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|HĐND)"
)
_SEMI = re.compile(r"\s*;\s*")
_NOTE = re.compile(rf"\s*\((?![{UPPER}0-9])[^()]*\)")
_JOINER = re.compile(r"^(?:và|với)\s+")
_CUE_WORD = re.compile(r"^(?:giao|đề nghị|yêu cầu)\s+", re.IGNORECASE)
_PARENTHESIS = re.compile(r"\([^)]*\)")

# Phrases after a unit list that are not part of any unit name.
_TRAILERS = re.compile(
    # the lookahead (a space or an alternative's first letter) changes no match; it speeds the scan
    r"(?=[\s(tcnsđ])\s*(?:\(gọi tắt[^)]*\)|theo chức năng,? nhiệm vụ(?: được giao)?|căn cứ chức năng.*|"
    r"trong phạm vi.*|"
    r"(?:trong\s+)?(?:thời gian|những tháng|các tháng|năm|tháng)\s+(?:tới|sắp tới|còn lại)\b.*|"
    r"có liên quan(?=\s*$)|thực hiện\s*$|như sau\s*$|sau\s*$|để\s*$)\s*$",
    re.IGNORECASE,
)

# Words that can end a unit name right before its verb.
_ENDERS = re.compile(
    r"(?:quận|phường|xã|tỉnh|huyện|thành phố|phố|ngành|đơn vị|địa phương|cơ quan|liên quan|đoàn thể|"
    r"trực thuộc|cấp xã|cấp huyện|cấp tỉnh|thị xã|đặc khu|tổ chức|xã hội|nghiệp|dân|ban|hội|công|đội|"
    r"thuộc quận|doanh nghiệp|hộ gia đình|hộ dân|cá nhân|chủ đầu tư|thị trấn|ủy|uỷ|vụ|sở|nước|đất|"
    r"thôn|ấp|bản|buôn|làng|khu phố|tổ dân phố|khối phố|trường|mầm non|tiểu học|trung học cơ sở|"
    r"trung học phổ thông|THCS|THPT|địa bàn)$"
)
# Verbs that never occur inside a unit name: they end the unit list wherever they appear.
_STRONG = re.compile(
    r"^(?:chủ trì|phối hợp|căn cứ|có trách nhiệm|chịu trách nhiệm|khẩn trương|tham mưu|theo chức năng|"
    r"quán triệt|theo lĩnh vực|là cơ quan|trên cơ sở)"
)
# The main verb of a sentence whose subject holds "được giao" ("các đơn vị được giao … có trách nhiệm").
_PLURAL_END = re.compile(r"(?:^|\s)(?:[Cc]ác|[Nn]hững)\s+(?:\S+\s+)?\S+$")
_MAIN_VERB_AFTER = re.compile(r"\s(?:có trách nhiệm|chịu trách nhiệm|phải|cần)\s")

_LEVEL_NEXT = re.compile(r"\s+(?:xã|phường|thị trấn|đặc khu|quận|huyện)\s+(?![A-ZĐ0-9])")
# A committee is named for what it does: "Ban chỉ đạo", "Ban tổ chức", "Ban quản lý", "Tổ công tác".
_BODY_NOUN_BEFORE = re.compile(r"(?<![\wÀ-ỹ])(?<!rưởng )(?:Ban|ban|Tổ|tổ|Hội đồng|hội đồng)$")
_COMMITTEE_VERBS = frozenset(("chỉ đạo", "tổ chức", "quản lý", "điều hành", "vận động", "thẩm định"))
# "Các thôn", "Các trường" name whole sets of bodies: a verb after them is theirs ("Các thôn tổ chức …").
_PLURAL_PLACES = re.compile(
    r"^(?:Các|Những)\s+(?:thôn|ấp|bản|buôn|tổ dân phố|khu phố|xã|phường|trường|trường học|đơn vị|cơ quan"
    r"|địa phương|đoàn thể|hội|chi hội|hợp tác xã|doanh nghiệp|cơ sở|thôn, tổ dân phố|xã, phường)$"
)
_ASIDE = re.compile(r",\s*(?:tùy theo|tuỳ theo|theo|trong|căn cứ|khi|nếu|sau khi|trên cơ sở|đồng thời)\b")
_AUXILIARY = re.compile(r"\s(?:đã|đang|sẽ|cũng|vừa|cần|phải|đều|luôn|tiếp tục)$")
# What a unit did or is, not what it must do: "đã …", "là cơ quan chuyên môn …", "chịu sự chỉ đạo của …",
# "có chức năng tham mưu …". "là cơ quan thường trực (đầu mối), theo dõi …" gives it a role: a task.
_PAST = re.compile(
    r"^(?:đã|cũng đã|đang|được|sẽ|vừa|không|chịu sự|có chức năng|trực thuộc|thuộc"
    r"|là(?!\s+(?:(?:cơ quan|đơn vị)\s+)?(?:thường trực|đầu mối|chủ trì|tham mưu|chịu trách nhiệm)))"
    r"(?![\wÀ-ỹ])"
)


# "UBND các phường Hòa An, Hòa Bình và Hòa Cường": one unit per named ward.
_NAMED_LOCALITIES = re.compile(
    r"^(?P<body>UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Công an|Chủ tịch UBND|Chủ tịch Ủy ban nhân dân)\s+các\s+"
    rf"(?P<level>phường|xã|thị trấn)\s+(?P<names>[{UPPER}0-9].*)$"
)
_NAME_SPLIT = re.compile(r"\s*(?:,|\s+và\s+)\s*")


def _expand_named(name: str) -> list[str]:
    m = _NAMED_LOCALITIES.match(name)
    if not m:
        return [name]
    places = [p for p in _NAME_SPLIT.split(m.group("names")) if p]
    if not all(p[:1].isupper() or p[:1].isdigit() for p in places):
        return [name]
    return [f"{m.group('body')} {m.group('level')} {p}" for p in places]


# "Sở Nội vụ (Cơ quan thường trực Ban Vì sự tiến bộ phụ nữ tỉnh)": a role, capitalised or not.
_ROLE_NOTE = re.compile(
    r"\s*\((?:Cơ quan|Thường trực|Đầu mối|Chủ trì|Phối hợp|Viết tắt|Gọi tắt|Sau đây|Là cơ quan)\b[^()]*\)"
)


def clean_unit(name: str) -> str:
    # "(cơ quan thường trực …)", "(b/c)": a role or note, not part of the name; "(Phòng Nội vụ)" is
    name = _ROLE_NOTE.sub("", _NOTE.sub("", name))
    name = name.strip(" ,.;:-–")
    name = _JOINER.sub("", name)
    previous = None
    while previous != name:
        previous = name
        name = _TRAILERS.sub("", name).strip(" ,.;:")
    return name


def split_units(text: str) -> list[str]:
    """Split a unit list into unit names; an empty list when it is not a unit list."""
    text = expand_group_lists(text.strip()).rstrip(":.").strip()
    text = _CUE_WORD.sub("", text)
    # "Văn phòng HĐND và UBND quận" is one office, not two units.
    text = _JOINT_OFFICE.sub(lambda m: m.group(0).replace(" và ", " và\u2060"), text)
    parts: list[str] = []
    for chunk in _SEMI.split(text):
        parts.extend(_SPLIT.split(chunk))
    names = [clean_unit(p.replace("và\u2060", "và ")) for p in parts]
    names = [one for name in names for one in split_glued(name)]
    names = [one for name in names for one in _expand_named(name)]
    return _share_title([n for n in names if n and len(n) <= 160])


def _share_title(names: list[str]) -> list[str]:
    """["Trưởng thôn Đông", "thôn Tây"] -> ["Trưởng thôn Đông", "Trưởng thôn Tây"]."""
    head = _SHARED_TITLE.match(names[0]) if len(names) > 1 else None
    if head is None:
        return names
    title, noun = head.group("title"), head.group("noun").lower()
    rest = [f"{title}{name}" if name.lower().startswith(noun + " ") else name for name in names[1:]]
    return [names[0], *rest]


def opens_with_unit(text: str, names: KnownNames) -> bool:
    """Does `text` open with a unit-type word or with a name the notice or the directory knows?"""
    return starts_with_unit(text) or names.prefix(text.strip()) is not None


@memoised
def is_unit_list(text: str, names: KnownNames, *, lenient: bool = False, anchored: bool = True) -> bool:
    """Is the whole text a list of unit names (as in a heading "5. Công an phường")?
    `lenient`: only verbs that never qualify a name ("chủ trì", "phối hợp") end it, as in a
    heading over sub-items "các tổ chức cung cấp dịch vụ chi trả". `anchored`: it must open with
    a unit word or a known name (off after an explicit "Giao …")."""
    text = text.strip().rstrip(":.").strip()
    if not text or len(text) > 220 or text.count("(") != text.count(")"):
        return False
    if anchored and not opens_with_unit(text, names):
        return False
    # a verb that ends a unit name means the text is a sentence, unless the verb sits in a
    # parenthesis that closes the heading ("Hội đồng Thi đua - Khen thưởng (Phòng Nội vụ)")
    outside = _PARENTHESIS.sub(" ", text)
    if subject_split(outside, names, lenient=lenient, anchored=anchored) is not None:
        return False
    parts = split_units(text)
    return bool(parts) and all(opens_with_unit(p, names) or p[:1].isupper() or not anchored for p in parts)


@memoised
def subject_split(
    text: str, names: KnownNames, *, lenient: bool = False, anchored: bool = True
) -> tuple[list[str], str] | None:
    """Split "UBND các phường A, B thực hiện ..." into (units, "thực hiện ..."). `anchored`: the
    subject must open with a unit word or a known name (off after an explicit "Giao …")."""
    text = text.strip()
    if anchored and not opens_with_unit(text, names):
        return None
    known = names.end(text)
    if known is not None:  # a name the notice or the directory spells out whole: it ends here
        units = split_units(text[:known])
        return (units, text[known:]) if units else None
    level_end = after_level(text, anchored=anchored)
    for m in VERB_RE.finditer(text):
        if m.start() > 260:
            break
        if level_end is not None and level_end < m.start():
            break  # "Trạm Y tế phường nắm bắt …": the name ended at its level word
        if level_end is not None and _LEVEL_NEXT.match(text, m.end()):
            continue  # "Trung tâm Dịch vụ tổng hợp xã phối hợp …": a name's word, closed by its level
        before = text[: m.start()].rstrip(" ,")
        if not before:
            continue
        last = before.split()[-1]
        if before.lower() in ("các", "các cơ quan") or before.endswith((" được", " được giao")):
            continue  # "các cơ quan được phân công chủ trì …": a passive clause inside the name
        verb = m.group(0)
        relative = _PLURAL_END.search(before) or _MAIN_VERB_AFTER.search(text, m.end(), m.end() + 120)
        if verb == "được giao" and relative:
            continue  # "các đơn vị được giao chủ trì có trách nhiệm …": a relative clause of the name
        if lenient and not _STRONG.match(text[m.start() :]):
            continue
        strong = _STRONG.match(text[m.start() :]) is not None or verb not in NAME_VERBS
        if verb in NAME_VERBS and text[: m.start()].rstrip().endswith(","):
            continue
        bare = UNIT_START.match(before)
        if _BODY_NOUN_BEFORE.search(before) and verb in _COMMITTEE_VERBS:
            continue  # "Văn phòng Ban chỉ đạo …", "Thường trực Ban tổ chức Đại hội": a committee's name
        if (
            verb in NAME_VERBS
            and bare is not None
            and bare.end() == len(before)
            and before[:1].isupper()
            and not _PLURAL_PLACES.match(before)
        ):
            continue  # "Ban quản lý chợ …": a type word alone names nothing, the verb is its qualifier
        ends_name = _ENDERS.search(before.lower()) or last[:1].isupper() or last[-1:] in ')"”'
        ends_name = ends_name or last.isdigit() or closes_proper_word(before)
        ends_name = ends_name or bool(_PLURAL_PLACES.match(before))  # "Các trường học tổ chức …"
        if not strong and not ends_name:
            continue
        rest = text[m.start() :]
        auxiliary = _AUXILIARY.search(before)
        if auxiliary:  # "các địa phương đã triển khai …": "đã" opens the predicate, not ends the name
            before, rest = before[: auxiliary.start()], text[auxiliary.start() + 1 :]
        # "Các đơn vị sản xuất, kinh doanh, tùy theo thực tế ..., lãnh đạo doanh nghiệp có kế hoạch"
        before = _ASIDE.split(before)[0]
        units = split_units(before)
        if units and all(len(u) <= 160 for u in units):
            return units, rest
        return None
    if level_end is not None:
        units = split_units(text[:level_end])
        if units and all(len(u) <= 160 for u in units):
            return units, text[level_end:]
    return None


def is_past_or_statement(rest: str) -> bool:
    return bool(_PAST.match(rest))


_LABEL = re.compile(r"^(?:Nơi nhận|Kính gửi)\s*:\s*", re.IGNORECASE)


def known_names_in(texts: list[str], extra: KnownNames = NO_NAMES) -> KnownNames:
    """Whole unit names among short lines that are nothing but a unit list (unit headings, the
    "Nơi nhận" and "Kính gửi" lists), with `extra` (the unit directory's names) added."""
    found: set[str] = set()
    nobody = KnownNames()  # a fresh memo: NO_NAMES is shared by every caller
    for text in texts:
        body = _LABEL.sub("", text).strip().rstrip(" ;.,:")
        if 0 < len(body) < 120 and is_unit_list(body, nobody):
            found.update(split_units(body))
    return KnownNames.of(found) | extra
