"""Unit names typed in capitals ("2. PHÒNG VĂN HÓA - XÃ HỘI PHƯỜNG") back to their usual case."""

from __future__ import annotations

import re

from bot.parser.lexicon import TYPE_WORDS

_ACRONYMS = {"UBND", "HĐND", "MTTQ", "UBMTTQ", "TTYT", "BCH", "VP", "UB", "TNHH", "CP", "MTV", "PCCC", "TP"}
_LEVELS = ("thành phố", "thị xã", "thị trấn", "đặc khu", "phường", "quận", "huyện", "tỉnh", "xã")
_JOINERS = ("-", "–", "và", "&")
_VOWELS = re.compile(r"[AĂÂEÊIOÔƠUƯYÁÀẢÃẠẮẰẲẴẶẤẦẨẪẬÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]")
# Plain type words with their usual case, longest first ("Ban Chỉ huy" before "Ban").
_TYPES = sorted(
    {re.sub(r"\(\?.*$", "", w).replace("\\s+", " ") for w in TYPE_WORDS if w[:1].isupper()},
    key=len,
    reverse=True,
)


def is_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def name_case(text: str) -> str:
    """"CÔNG AN PHƯỜNG TÂN ĐỊNH" -> "Công an phường Tân Định"; text not in capitals is returned as is."""
    if not is_capitals(text):
        return text
    words = text.split()
    out: list[str] = []
    upper = text.upper()
    for kind in _TYPES:
        if upper.startswith(kind.upper() + " ") or upper == kind.upper():
            out = kind.split()
            words = words[len(out) :]
            break
    capital, place, joined = True, False, False
    i = 0
    while i < len(words):
        word = words[i]
        level = next((lv for lv in _LEVELS if " ".join(words[i : i + len(lv.split())]).lower() == lv), None)
        if word.lower() in _JOINERS:
            out.append(word.lower())
            capital = joined = True
            i += 1
            continue
        if word.strip(",;") in _ACRONYMS or not _VOWELS.search(word):
            out.append(word)
            capital = False
        elif word.lower() in ("các", "những"):
            out.append(word.lower())
        elif level and not place and not joined:  # "- XÃ HỘI" after a joiner is a name, not a level
            out.extend(level.split())
            i += len(level.split())
            place = capital = True  # the place's own name capitalises every syllable
            continue
        else:
            out.append(word.capitalize() if capital or place else word.lower())
            capital = word.endswith(",")
        joined = False
        i += 1
    return " ".join(out)
