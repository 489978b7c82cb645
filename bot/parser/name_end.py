"""Where a unit name ends without a known verb after it: the shape of Vietnamese proper names.

A proper name capitalises the first syllable of each word ("Phòng Kinh tế", "Trạm Y tế"); a level word
("phường", "quận") closes a name unless a place name (capitalised, or a number) follows it. What comes
next in lowercase is the predicate, whatever verb it is.
"""

from __future__ import annotations

import re

from bot.parser.letters import UPPER
from bot.parser.unit_words import TYPE_AT_END, UNIT_START, VERB_RE

# After a level word these carry the name on: lists, places, relative phrases ("… trên địa bàn").
_CARRY_ON = frozenset((
    "và", "với", "hoặc", "trên", "thuộc", "liên", "có", "trực", "nơi", "các", "cấp", "khu",
    "ủy", "uỷ", "đoàn", "đội", "hội", "từ", "đến", "phụ", "kiêm",
))
_LEVEL = re.compile(
    r"(?<![\wÀ-ỹ])(?<!các )(?<!- )(?:phường|quận|xã|huyện|tỉnh|thị xã|thị trấn|thành phố|Thành phố|đặc khu)"
    r"(?![\wÀ-ỹ])"
)
_WORD = re.compile(r"\S+")
_BEFORE_CAPITAL = re.compile(rf"\s(?=[{UPPER}])")


def after_level(text: str, *, anchored: bool = True) -> int | None:
    """Where the predicate starts after a name closed by a level word, or None. `anchored`: the
    name must open with a unit-type word (off after an explicit "Giao …", "Đề nghị …")."""
    head = UNIT_START.match(text)
    if head is None and anchored:
        return None
    for level in _LEVEL.finditer(text, head.end() if head else 0):
        if level.start() > 200:
            return None
        previous = ""
        for word in _WORD.finditer(text, level.end()):
            token = word.group(0)
            if token[:1].isupper() or token[:1].isdigit():
                if token.endswith((",", ";", ":", ".")):
                    break
                previous = token
                continue  # the place's own name: "phường Tân Định", "phường 5"
            if token.strip(",;:.") in _CARRY_ON or not token[:1].isalpha():
                break  # the name goes on; a later level word may close it
            if previous and _second_syllable(text, word):
                previous = ""
                continue  # "Hợp tác xã Rau sạch An Khánh": "sạch" ends the word "Rau sạch"
            return word.start()
    return None


def _second_syllable(text: str, word: re.Match[str]) -> bool:
    """Is the lowercase `word`, after a capitalised one and before another, part of a proper name?
    Not when it starts a verb ("UBND xã A gửi UBND huyện …")."""
    after = _WORD.match(text, word.end() + 1)
    if after is None or not after.group(0)[:1].isupper():
        return False
    return VERB_RE.match(text, word.start()) is None and not _CUE.match(text, word.start())


_CUE = re.compile(r"(?:giao|đề nghị|yêu cầu|chỉ đạo|phân công)(?![\wÀ-ỹ])")


def closes_proper_word(before: str) -> bool:
    """Does `before` end with a capitalised two-syllable word after a type word ("Phòng Kinh tế",
    "Sở Xây dựng")? A proper name's words are capitalised on their first syllable only, so a
    lowercase verb right after such a word starts the predicate."""
    m = UNIT_START.match(before)
    if m is None or before[:1].islower():
        return False
    words = before[m.end() :].split()
    if len(words) < 2 or not words[-1].isalpha() or not words[-1][:1].islower():
        return False
    previous = ""
    for word in words:  # every lowercase syllable follows a capitalised one: "Kinh tế", "Y tế"
        if word in ("-", "–", "và", "&"):
            previous = ""
            continue
        if (word.isupper() and len(word) > 1) or (word[:1].islower() and not previous[:1].isupper()):
            return False
        previous = word
    return True


def split_glued(name: str) -> list[str]:
    """"Sở Khoa học và Công nghệ Sở Công Thương" (a comma lost in a table cell) -> two units: a
    type word right after a complete proper name starts another unit; after a title or a type
    word ("Giám đốc Sở …", "Chánh Văn phòng UBND …") it does not."""
    for m in _BEFORE_CAPITAL.finditer(name):
        before, after = name[: m.start()], name[m.end() :]
        glued = UNIT_START.match(after) and closes_proper_word(before) and not TYPE_AT_END.search(before)
        if glued and not after[:1].islower():
            return [before, *split_glued(after)]
    return [name]
