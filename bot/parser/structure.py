"""Plain notice text -> a flat list of paragraphs and table rows.

Readers and pasted text disagree on line breaks: PDF and web scrapes hard-wrap paragraphs (sometimes
with a blank line after every wrapped line), docx gives one paragraph per line. Paragraphs are rebuilt
here from list markers, sentence ends, letter case and the width of wrapped lines.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_TAG = re.compile(r"</?(?:p|br|span|div|b|i|strong|em|u)\b[^>]*>", re.IGNORECASE)
_IMAGE = re.compile(r"<image>.*?</image>|!\[[^\]]*\]\([^)]*\)", re.DOTALL)
_FOOTNOTE_MARKS = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+")

# Marker styles, from the outermost numbering a notice uses to the innermost bullet.
_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("roman", re.compile(r"^((?:X{0,3})(?:IX|IV|V?I{0,3}))[.)]\s+(?=\S)")),
    ("multi", re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)(?![\d/])\.?\s*(?=\S)")),
    ("num", re.compile(r"^(\d{1,2})\.(?!\d)\s*(?=\S)")),
    ("numparen", re.compile(r"^(\d{1,2})\)\s*(?=\S)")),
    ("paren", re.compile(r"^\((\d{1,2}|[a-zđ])\)\s*(?=\S)")),
    ("alpha", re.compile(r"^([a-zđ])\)\s*(?=\S)")),
    ("dash", re.compile(r"^()[-–—]\s*(?=\S)")),
    ("plus", re.compile(r"^()\+\s*(?=\S)")),
    ("bullet", re.compile(r"^()[•·●▪◦]\s*(?=\S)")),
]
_MARKER_ONLY = re.compile(r"^(?:[IVX]+[.)]|\d{1,2}(?:\.\d{1,2})*[.)]?|\(\d{1,2}\)|[a-zđ]\)|[-–—+•])$")
# A plural noun and a colon announce names on the next line, not a new paragraph.
_ENUM_COLON = re.compile(
    r"(?<![\wÀ-ỹ])(?:các|những)\s+(?:tỉnh|thành phố|huyện|quận|xã|phường|sở|bộ|phòng)\s*:$"
)
_BODY_CELL = 1000  # characters; no task-table cell is this long
_TERMINAL = tuple(".;:!?…”\"')")


@dataclass
class Para:
    text: str  # cleaned: no markdown emphasis, marker included
    bold: bool = False
    style: str | None = None  # marker style, see _MARKERS
    label: str = ""  # "2.8", "IV", "a", "1" ...
    body: str = ""  # text after the marker


@dataclass
class Row:
    cells: list[str] = field(default_factory=list)
    table: int = 0  # index of the table region; rows of one region share it


Item = Para | Row


def clean_inline(text: str) -> str:
    text = _TAG.sub(" ", text)
    text = re.sub(r"^\s*#{1,6}\s+", "", text)
    text = re.sub(r"[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}|\*+", "", text)
    text = text.replace("\\", "")
    text = _FOOTNOTE_MARKS.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    text = _IMAGE.sub("", text)
    return text.replace("\xa0", " ")


def split_marker(text: str) -> tuple[str | None, str, str]:
    for style, pattern in _MARKERS:
        m = pattern.match(text)
        if m and (style != "roman" or m.group(1)):
            return style, m.group(1), text[m.end() :].strip()
    return None, "", text


def _is_bold(raw: str) -> bool:
    s = raw.lstrip("# ").strip()
    return s.startswith("**") or s.startswith("__")


def _starts_new(line: str) -> bool:
    return split_marker(clean_inline(line))[0] is not None


def _first_letter(line: str) -> str:
    m = re.search(r"[^\W\d_]", clean_inline(line))
    return m.group(0) if m else ""


def _lead_char(line: str) -> str:
    s = clean_inline(line)
    return s[:1]


def _open_bold(first: str, prev: str) -> bool:
    """Has the bold run opened on the paragraph's first line not been closed yet?"""
    text = first if first is prev else f"{first} {prev}"
    return text.count("**") % 2 == 1


def _is_caps(line: str) -> bool:
    letters = [c for c in clean_inline(line) if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _ends_sentence(line: str) -> bool:
    return clean_inline(line).endswith(_TERMINAL)


def _is_table_line(line: str) -> bool:
    s = line.strip()
    return (
        s == "|" or "\t" in line.strip("\t ") or (s.startswith("|") and s.endswith("|") and s.count("|") >= 3)
    )


def _wrap_width(lines: list[str]) -> int:
    """Width of hard-wrapped lines, or 0 when the text is not hard-wrapped."""
    lengths = sorted(
        len(line.rstrip()) for line in lines if len(line.strip()) > 20 and not _is_table_line(line)
    )
    if len(lengths) < 10:
        return 0
    width = lengths[int(len(lengths) * 0.85)]
    if width > 130:
        return 0
    near = sum(1 for n in lengths if n >= width * 0.8)
    return width if near >= len(lengths) * 0.3 else 0


_OPEN_END = re.compile(r"(?:sau|như sau|cụ thể|gồm|bao gồm|sau đây)$")


def _dash_continues(first: str, prev: str, line: str, width: int) -> bool:
    """A dash line inside a numbered item's unfinished sentence, in hard-wrapped text, carries on
    that sentence ("… Tập đoàn Công nghiệp" + "- Viễn thông Quân đội theo …"): a real bullet follows
    a line that ends a sentence or introduces a list."""
    if not width or first is prev or _is_bold(first) or split_marker(clean_inline(line))[0] != "dash":
        return False
    if split_marker(clean_inline(first))[0] in (None, "dash", "plus", "bullet", "roman"):
        return False
    tail = clean_inline(prev)
    return not _ends_sentence(prev) and not _OPEN_END.search(tail) and not _is_caps(prev)


def _joins(first: str, prev: str, line: str, width: int, same_block: bool) -> bool:
    """Does `line` continue the paragraph whose first and last physical lines are `first`, `prev`?"""
    if _is_bold(first) and prev.rstrip().endswith("**") and not _is_bold(line):
        return False  # a bold heading ends where the bold run ends
    if same_block and _is_bold(first) and _open_bold(first, prev):
        return True  # "**4. Sở Nông" + "nghiệp và Môi trường**": the heading is still open
    if _dash_continues(first, prev, line, width):
        return True
    if _starts_new(line) or _MARKER_ONLY.match(clean_inline(prev)):
        return _MARKER_ONLY.match(clean_inline(prev)) is not None
    letter = _first_letter(line)
    lead = _lead_char(line)
    if _ENUM_COLON.search(clean_inline(prev)) and letter.isupper() and (same_block or width):
        return True  # "… trọng tâm là các tỉnh:" + "Sơn La, Lai Châu:": the names it announces
    if _is_caps(prev) and _is_caps(line):
        return True
    if letter and letter.islower() and not lead.isdigit():
        return True
    if lead.isdigit() and not _ends_sentence(prev) and (same_block or width):
        return True
    prev_len = len(prev.rstrip())
    numbered = split_marker(clean_inline(first))[0] not in (None, "dash", "plus", "bullet")
    heading_line = numbered and prev_len < 70 and not clean_inline(prev).endswith((",", "-", "–"))
    next_is_sentence = len(clean_inline(line)) >= 60
    # only in one-paragraph-per-line text: hard-wrapped text breaks headings anywhere
    if not width and same_block and first is prev and heading_line and letter.isupper() and next_is_sentence:
        return False  # "3. UBND 10 phường" then "Căn cứ Kế hoạch này, …": a short numbered heading line
    if same_block:
        if _ends_sentence(prev):
            return False
        return prev_len <= 130
    if width and not _ends_sentence(prev):
        return prev_len >= width * 0.8
    return False


def paragraphs(text: str) -> list[Item]:
    """Rebuild paragraphs and table rows from notice text."""
    lines = normalize(text).split("\n")
    width = _wrap_width(lines)
    items: list[Item] = []
    raw: list[str] = []  # physical lines of the paragraph being built
    prev_blank = False
    table_index = 0
    i = 0

    def flush() -> None:
        if raw:
            joined = " ".join(part.strip() for part in raw)
            cleaned = clean_inline(joined)
            if cleaned:
                style, label, body = split_marker(cleaned)
                items.append(Para(cleaned, _is_bold(raw[0]), style, label, body))
            raw.clear()

    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped == "|":
            flush()
            table_index += 1
            i = _lone_pipe_table(lines, i, items, table_index)
            prev_blank = False
            continue
        if _is_table_line(line):
            flush()
            if not (items and isinstance(items[-1], Row)):
                table_index += 1
            cells = [
                c for c in (line.strip().strip("|").split("|") if "\t" not in line else line.split("\t"))
            ]
            cells = [clean_inline(c) for c in cells]
            if not all(re.fullmatch(r"[-: ]*", c) for c in cells):
                items.append(Row(cells, table_index))
            i += 1
            continue
        if not stripped:
            prev_blank = True
            i += 1
            continue
        if raw and _joins(raw[0], raw[-1], line, width, not prev_blank):
            raw.append(line)
        else:
            flush()
            raw.append(line)
        prev_blank = False
        i += 1
    flush()
    return items


def _lone_pipe_table(lines: list[str], i: int, items: list[Item], table_index: int) -> int:
    """Cells one per line (or several wrapped lines) between lone '|' lines; '|' '|' ends a row.

    Text after the last '|' that no '|' closes is not a cell: it is the body of the notice.
    """
    cells: list[str] = []
    cell: list[str] = []
    cell_start = i
    saw_cell_in_row = False
    while i < len(lines):
        stripped = lines[i].strip()
        if stripped == "|":
            if cell and sum(len(line) for line in cell) > _BODY_CELL:
                # A letter laid out in a table ("Kính gửi: | <the whole letter>"): its text is the body,
                # placed between the cells before it and the signature cells after it.
                if cells:
                    items.append(Row(cells, table_index))
                    cells = []
                items.extend(item for item in paragraphs("\n".join(cell)) if isinstance(item, Para))
                cell = []
                saw_cell_in_row = False
            elif cell:
                cells.append(clean_inline(" ".join(cell)))
                cell = []
                saw_cell_in_row = True
            elif saw_cell_in_row:
                items.append(Row(cells, table_index))
                cells, saw_cell_in_row = [], False
            i += 1
            cell_start = i
            continue
        if not stripped:
            if cell:
                break
            nxt = next((ln.strip() for ln in lines[i + 1 :] if ln.strip()), "")
            if nxt != "|":
                break
            i += 1
            cell_start = i
            continue
        cell.append(stripped)
        if len(cell) > 30:  # no table cell runs this long: it is body text after the table
            break
        i += 1
    if cells:
        items.append(Row(cells, table_index))
    return cell_start if cell else i
