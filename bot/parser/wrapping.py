"""Does a physical line continue the paragraph before it? Hard-wrapped scrapes and PDFs break
lines anywhere; list markers, sentence ends, letter case and line width decide."""

from __future__ import annotations

import re

from bot.parser.markers import MARKER_ONLY, clean_inline, split_marker

# A plural noun and a colon announce names on the next line, not a new paragraph.
_ENUM_COLON = re.compile(
    r"(?<![\wÀ-ỹ])(?:các|những)\s+(?:tỉnh|thành phố|huyện|quận|xã|phường|sở|bộ|phòng)\s*:$"
)
_HEADING_LINE = 70  # characters; a numbered line shorter than this, without a full stop, is a heading
_SENTENCE_LENGTH = 90  # characters; a numbered item this long is a sentence, not a heading
_TERMINAL = tuple(".;:!?…”\"')")
_LETTER = re.compile(r"[^\W\d_]")


def is_bold(raw: str) -> bool:
    s = raw.lstrip("# ").strip()
    return s.startswith("**") or s.startswith("__")


def _starts_new(line: str) -> bool:
    return split_marker(clean_inline(line))[0] is not None


def _first_letter(line: str) -> str:
    m = _LETTER.search(clean_inline(line))
    return m.group(0) if m else ""


def _lead_char(line: str) -> str:
    s = clean_inline(line)
    return s[:1]


def _open_bold(first: str, prev: str) -> bool:
    """Has the bold run opened on the paragraph's first line not been closed yet?"""
    text = first if first is prev else f"{first} {prev}"
    return text.count("**") % 2 == 1


def _is_caps(line: str) -> bool:
    clean = clean_inline(line)
    return clean.isupper() and sum(c.isalpha() for c in clean) >= 3


def _ends_sentence(line: str) -> bool:
    return clean_inline(line).endswith(_TERMINAL)


def is_table_line(line: str) -> bool:
    s = line.strip()
    return (
        s == "|" or "\t" in line.strip("\t ") or (s.startswith("|") and s.endswith("|") and s.count("|") >= 3)
    )


def wrap_width(lines: list[str]) -> int:
    """Width of hard-wrapped lines, or 0 when the text is not hard-wrapped."""
    lengths = sorted(
        len(line.rstrip()) for line in lines if len(line.strip()) > 20 and not is_table_line(line)
    )
    if len(lengths) < 10:
        return 0
    width = lengths[int(len(lengths) * 0.85)]
    if width > 130:
        return 0
    near = sum(1 for n in lengths if n >= width * 0.8)
    return width if near >= len(lengths) * 0.3 else 0


_OPEN_END = re.compile(r"(?:sau|như sau|cụ thể|gồm|bao gồm|sau đây)$")


def _dash_continues(first: str, prev: str, line: str, width: int, length: int) -> bool:
    """A dash line inside a numbered item's unfinished sentence, in hard-wrapped text, carries on
    that sentence ("… Tập đoàn Công nghiệp" + "- Viễn thông Quân đội theo …"): a real bullet follows
    a line that ends a sentence or introduces a list, or a short heading ("1. Phòng Tài chính - Kế"
    + "hoạch quận")."""
    if not width or length < _SENTENCE_LENGTH or first is prev or is_bold(first):
        return False
    if split_marker(clean_inline(line))[0] != "dash":
        return False
    if split_marker(clean_inline(first))[0] in (None, "dash", "plus", "bullet", "roman"):
        return False
    tail = clean_inline(prev)
    return not _ends_sentence(prev) and not _OPEN_END.search(tail) and not _is_caps(prev)


def joins(first: str, prev: str, line: str, width: int, same_block: bool, length: int = 0) -> bool:
    """Does `line` continue the paragraph whose first and last physical lines are `first`, `prev`?"""
    if is_bold(first) and prev.rstrip().endswith("**") and not is_bold(line):
        return False  # a bold heading ends where the bold run ends
    if same_block and is_bold(first) and _open_bold(first, prev):
        return True  # "**4. Sở Nông" + "nghiệp và Môi trường**": the heading is still open
    if _dash_continues(first, prev, line, width, length):
        return True
    prev_clean = clean_inline(prev)
    if MARKER_ONLY.match(clean_inline(line)):
        return False  # "**1." alone on its line: the number of the next item, not the end of this one
    if _starts_new(line) or MARKER_ONLY.match(prev_clean):
        return MARKER_ONLY.match(prev_clean) is not None
    letter = _first_letter(line)
    lead = _lead_char(line)
    if prev_clean.endswith(",") and len(first) > 60 and not is_table_line(line):
        return True  # a sentence left at a comma goes on, even after a blank line
    enumerating = prev_clean.endswith(":") and _ENUM_COLON.search(prev_clean) is not None
    if enumerating and letter.isupper() and (same_block or width):
        return True  # "… trọng tâm là các tỉnh:" + "Sơn La, Lai Châu:": the names it announces
    if _is_caps(prev) and _is_caps(line):
        return True
    if letter and letter.islower() and not lead.isdigit():
        return True
    if lead.isdigit() and not _ends_sentence(prev) and (same_block or width):
        return True
    prev_len = len(prev.rstrip())
    numbered = split_marker(clean_inline(first))[0] not in (None, "dash", "plus", "bullet")
    short = max(prev_len, length) < _HEADING_LINE
    heading_line = numbered and short and not prev_clean.endswith((",", "-", "–"))
    next_is_sentence = len(clean_inline(line)) >= 60
    # only in one-paragraph-per-line text: hard-wrapped text breaks headings anywhere
    if not width and same_block and heading_line and letter.isupper() and next_is_sentence:
        # "3. UBND 10 phường" (or "1.1. Giao Phòng Tài nguyên" + "và Môi trường") then "Căn cứ Kế
        # hoạch này, …": a short numbered heading, then its task
        return False
    if same_block:
        if _ends_sentence(prev):
            return False
        return prev_len <= 130
    if width and not _ends_sentence(prev):
        return prev_len >= width * 0.8
    return False
