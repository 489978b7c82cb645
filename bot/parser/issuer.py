"""The issuing body from a notice's header block: the capitalised lines above "CỘNG HÒA XÃ HỘI …".

The last body in the block issues the notice ("UBND THÀNH PHỐ HÀ NỘI / SỞ GIÁO DỤC VÀ ĐÀO TẠO" is
the Sở); lines are hard-wrapped anywhere, so the block is read as one string.
"""

from __future__ import annotations

import re

_END = re.compile(
    r"^(?:[-–—_=]{3,}|CỘNG\s*HÒA|CỘNG\s*HOÀ|ĐẢNG CỘNG SẢN VIỆT NAM|Độc lập|Số\s*:)", re.IGNORECASE
)
# Heads of bodies as they appear in capitals, with the short form used in names.
_HEADS = (
    ("ỦY BAN NHÂN DÂN", "UBND"), ("UỶ BAN NHÂN DÂN", "UBND"), ("UBND", "UBND"),
    ("HỘI ĐỒNG NHÂN DÂN", "HĐND"), ("VĂN PHÒNG", "Văn phòng"), ("THỦ TƯỚNG", "Thủ tướng"),
    ("BAN CHẤP HÀNH", "Ban Chấp hành"), ("BAN THƯỜNG VỤ", "Ban Thường vụ"), ("BỘ", "Bộ"), ("SỞ", "Sở"),
    ("TỔNG CỤC", "Tổng cục"), ("CHI CỤC", "Chi cục"), ("CỤC", "Cục"), ("CÔNG AN", "Công an"),
    ("PHÒNG", "Phòng"), ("TRUNG TÂM", "Trung tâm"), ("BAN", "Ban"), ("CHÍNH PHỦ", "Chính phủ"),
    ("ĐẢNG ỦY", "Đảng ủy"), ("TỈNH ỦY", "Tỉnh ủy"), ("THÀNH ỦY", "Thành ủy"), ("QUẬN ỦY", "Quận ủy"),
)  # fmt: skip
_HEAD_RE = re.compile(r"(?<![A-ZĐÀ-Ỹ])(?:" + "|".join(h for h, _ in _HEADS) + r")(?![A-ZĐÀ-Ỹ])")
_LEVELS = ("THÀNH PHỐ", "TỈNH", "QUẬN", "HUYỆN", "PHƯỜNG", "XÃ", "THỊ XÃ", "THỊ TRẤN", "ĐẶC KHU")
_LEVEL_RE = re.compile(r"(?<![A-ZĐÀ-Ỹ])(" + "|".join(sorted(_LEVELS, key=len, reverse=True)) + r")\s+(.+)$")
_JOINERS = {"VÀ": "và", "-": "-", "–": "-", "&": "&"}


def _block(text: str) -> str:
    lines: list[str] = []
    for raw in text.split("\n")[:20]:
        line = re.sub(r"[*_#|]", "", raw).strip()
        if not line:
            continue
        if _END.match(line):
            break
        if any(c.islower() for c in line):
            return ""  # not a header block: body text or an article
        lines.append(line)
    return re.sub(r"\s+", " ", " ".join(lines)).strip()


def _name_case(words: list[str]) -> str:
    """"GIÁO DỤC VÀ ĐÀO TẠO" -> "Giáo dục và Đào tạo": a capital after the head and after joiners."""
    out: list[str] = []
    capital = True
    for word in words:
        if word in _JOINERS:
            out.append(_JOINERS[word])
            capital = True
            continue
        out.append(word.capitalize() if capital else word.lower())
        capital = word.endswith(",")
    return " ".join(out)


def _format(chunk: str) -> str:
    head = next(short for cap, short in _HEADS if chunk.startswith(cap))
    cap_head = next(cap for cap, short in _HEADS if chunk.startswith(cap))
    rest = chunk[len(cap_head) :].strip()
    level = _LEVEL_RE.match(rest) if rest else None
    if level:  # "THÀNH PHỐ HỒ CHÍ MINH": a place capitalises every syllable
        place = " ".join(w.capitalize() for w in level.group(2).split())
        return f"{head} {level.group(1).lower()} {place}"
    if head == "Thủ tướng" and rest == "CHÍNH PHỦ":
        return "Thủ tướng Chính phủ"
    return f"{head} {_name_case(rest.split())}".strip() if rest else head


def header_issuer(text: str) -> str | None:
    """The last body named in the header block, or None when the text has no such block."""
    block = _block(text)
    cuts: list[int] = []
    for m in _HEAD_RE.finditer(block):
        # a head word inside a name ("VĂN PHÒNG CHÍNH PHỦ") starts no new body
        if not cuts or len(block[cuts[-1] : m.start()].strip()) > _head_len(block[cuts[-1] :]) + 2:
            cuts.append(m.start())
    if not cuts:
        return None
    chunks = [block[a:b].strip() for a, b in zip(cuts, [*cuts[1:], len(block)], strict=True)]
    issuer = _format(chunks[-1])
    parent = _format(chunks[-2]) if len(chunks) > 1 else ""
    if parent and len(chunks[-1]) <= _head_len(chunks[-1]) + 1:
        return f"{issuer} {parent}"  # "UBND QUẬN 3 / VĂN PHÒNG": the office of that committee
    place = _LEVEL_RE.search(chunks[-2]) if len(chunks) > 1 else None
    if place and not _LEVEL_RE.search(chunks[-1]):  # "UBND TỈNH X / SỞ Y TẾ": the Sở of that province
        return f"{issuer} {_format('UBND ' + place.group(0)).removeprefix('UBND ')}"
    return issuer


def _head_len(chunk: str) -> int:
    return len(next(cap for cap, _ in _HEADS if chunk.startswith(cap)))
