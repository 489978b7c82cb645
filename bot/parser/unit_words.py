"""The lexicon compiled into the patterns every name rule shares: where a unit name starts, which word
starts a predicate. Kept below every module that reads names, so none of them imports another to get
these."""

from __future__ import annotations

import re

from bot.parser.letters import UPPER
from bot.parser.lexicon import OPENING_VERBS, TYPE_WORDS, VERBS

TYPE_RE = "|".join(sorted(TYPE_WORDS, key=len, reverse=True))
# No letter follows (a word ends here).
B = r"(?![\wÀ-ỹ])"
# "các" opens a unit only before a unit noun ("và các tổ chức", ", các phường").
CAC_NOUNS = (
    r"(?:cơ quan|đơn vị|tổ chức|phòng|sở|ban|ngành|phường|xã|địa phương|đoàn thể|hội|doanh nghiệp|"
    r"trường(?!\s+hợp)|Phó|đồng chí|thành viên|chủ đầu tư|công ty|bệnh viện|trạm|đội|chi cục|Sở|Ban|"
    r"Phòng|UBND|Ủy ban|lực lượng|cấp ủy|tổ dân phố|khu phố|hộ|Bộ|bộ|Hội|Trung tâm|Thủ trưởng|Chủ tịch|đ/c|"
    r"thôn|ấp|bản|buôn)"
)
# Grassroots forces written in lowercase mid-sentence: "giao lực lượng Công an cấp xã".
# A hamlet or residential group is written in lowercase before its proper name: "riêng thôn Đông …",
# "thôn Tây và tổ dân phố 3".
GRASSROOTS = rf"(?:thôn|ấp|bản|buôn|làng|tổ dân phố|khu phố|khối phố)\s+(?=[{UPPER}0-9])"
# A sector named by its field: "ngành giáo dục xã", "ngành y tế".
SECTOR = (
    r"ngành\s+(?=(?:giáo dục|y tế|văn hóa|nông nghiệp|tài chính|thuế|điện lực|tư pháp|lao động|xây dựng"
    r"|giao thông|công thương|tài nguyên|nội vụ|công an|quân sự)(?![\wÀ-ỹ]))"
)
LOWER_UNITS = (
    rf"(?:lực lượng\s+(?=[{UPPER}])|công an\s+(?:xã|phường|cấp xã|cấp huyện)\b|{GRASSROOTS}|{SECTOR})"
)
UNIT_START = re.compile(rf"^(?:(?:{TYPE_RE}){B}|[Cc]ác\s+{CAC_NOUNS}{B}|{LOWER_UNITS})")
TYPE_AT_END = re.compile(rf"(?<![\wÀ-ỹ])(?:{TYPE_RE})$")
# Words that are verbs alone but adjectives in compounds: "công lập" (public), "độc lập".
_NOT_VERB_AFTER = {"lập": ("công", "độc", "sáng")}


def _verb(verb: str) -> str:
    before = _NOT_VERB_AFTER.get(verb, ())
    return "".join(f"(?<!{word} )" for word in before) + re.escape(verb)


# The verbs' first letters, as a lookahead: it changes no match and lets a search skip every
# position no verb starts at without trying the whole alternation there (three times faster).
_VERB_FIRSTS = "".join(re.escape(first) for first in sorted({verb[0] for verb in VERBS}))
VERB_RE = re.compile(
    rf"(?=[{_VERB_FIRSTS}])(?<![\wÀ-ỹ])(?:" + "|".join(_verb(v) for v in VERBS) + r")(?![\wÀ-ỹ])"
)


# An order's first word: a predicate verb, or a verb that only opens a sentence ("Phát triển …").
OPENING_RE = re.compile(
    r"(?:" + "|".join(_verb(v) for v in (*VERBS, *OPENING_VERBS)) + r")(?![\wÀ-ỹ])"
)


def starts_with_unit(text: str) -> bool:
    """Does `text` open with a unit-type word ("Phòng", "UBND", "Các sở" ...)?"""
    return bool(UNIT_START.match(text.strip()))
