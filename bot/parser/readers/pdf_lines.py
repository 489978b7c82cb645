"""PDF pages to positioned lines: words grouped by baseline, bold marked, tables set apart."""

from __future__ import annotations

import re
from dataclasses import dataclass

_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_MARKER = re.compile(
    r"^(?:[-–—•+*▪●○]|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ][.)]|[IVXLC]{1,6}[.)])(?=\s)"
)


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int
    # Where the words after a list marker start: continuation lines of a hanging indent align here.
    text_x: float
    first_word_width: float
    is_table: bool = False
    # Words far apart on one baseline (the issuer/motto header, an unruled table): TAB-separated,
    # never joined with the lines around it.
    is_row: bool = False

    @property
    def has_marker(self) -> bool:
        return bool(_MARKER.match(self.text.lstrip("*")))


def page_lines(page, page_no: int) -> list[Line]:
    """Body lines of one page in reading order; a table becomes one line per row (cells TAB-separated)."""
    # A few rotated characters are a stamp or watermark ("BẢN NHÁP"); a page of them is a turned page.
    chars = page.chars
    if sum(map(_straight, chars)) >= 0.5 * len(chars):
        page = page.filter(lambda obj: obj.get("object_type") != "char" or _straight(obj))
    all_words = page.extract_words(extra_attrs=["fontname", "size"], x_tolerance=1.5)
    tables = _tables(page, all_words)
    words = [w for w in all_words if not any(_inside(w, bbox) for bbox, _ in tables)]
    lines = [row_or_line(group, page_no) for group in _group_by_baseline(words)]
    for bbox, rows in tables:
        for i, row in enumerate(rows):
            top = bbox[1] + i * 0.01  # keep row order when sorted with the text lines
            lines.append(Line("\t".join(row), bbox[0], bbox[2], top, top, 0.0, page_no, bbox[0], 0.0, True))
    lines.sort(key=lambda line: line.top)
    return lines


def _straight(char: dict) -> bool:
    a, b, c, d = char.get("matrix", (1, 0, 0, 1))[:4]
    return abs(b) <= 0.1 * abs(a) and abs(c) <= 0.1 * abs(d)


def _group_by_baseline(words: list[dict]) -> list[list[dict]]:
    groups: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (w["bottom"], w["x0"])):
        if groups:
            last = groups[-1][-1]
            tolerance = max(2.0, 0.35 * float(word["size"]))
            if abs(word["bottom"] - last["bottom"]) <= tolerance:
                groups[-1].append(word)
                continue
        groups.append([word])
    return [sorted(group, key=lambda w: w["x0"]) for group in _fold_small_print(groups)]


def _fold_small_print(groups: list[list[dict]]) -> list[list[dict]]:
    """A run of small words inside the height of the next or previous line is a superscript
    (footnote mark: dropped) or a subscript (kept in that line), not a line of its own."""
    def size(group: list[dict]) -> float:
        return sorted(float(w["size"]) for w in group)[len(group) // 2]

    out: list[list[dict]] = []
    for i, group in enumerate(groups):
        host = None
        for j in (i + 1, i - 1):
            if 0 <= j < len(groups) and size(group) < 0.85 * size(groups[j]):
                centre = (min(w["top"] for w in group) + max(w["bottom"] for w in group)) / 2
                top, bottom = min(w["top"] for w in groups[j]), max(w["bottom"] for w in groups[j])
                if top - 1 <= centre <= bottom + 1:
                    host = j
                    break
        if host is None:
            out.append(group)
        elif max(w["bottom"] for w in group) > max(w["bottom"] for w in groups[host]) - 0.2 * size(
            groups[host]
        ):
            groups[host].extend(group)  # subscript
    return out


def row_or_line(words: list[dict], page_no: int) -> Line:
    segments = [[words[0]]]
    for word in words[1:]:
        if word["x0"] - segments[-1][-1]["x1"] > 3 * float(word["size"]):
            segments.append([word])
        else:
            segments[-1].append(word)
    line = _line(words, page_no)
    if len(segments) > 1:
        line.text = "\t".join(_line(segment, page_no).text for segment in segments)
        line.is_row = True
    return line


def _line(words: list[dict], page_no: int) -> Line:
    parts: list[str] = []
    bold_open = False
    for word in words:
        bold = bool(_BOLD_FONT.search(word.get("fontname", "")))
        if bold and not bold_open:
            parts.append("**" + word["text"])
        elif not bold and bold_open:
            parts[-1] += "**"
            parts.append(word["text"])
        else:
            parts.append(word["text"])
        bold_open = bold
    if bold_open:
        parts[-1] += "**"
    text = " ".join(parts)
    sizes = sorted(float(w["size"]) for w in words)
    first = words[0]
    text_x = words[1]["x0"] if len(words) > 1 and _MARKER.match(first["text"] + " ") else first["x0"]
    return Line(
        text=text,
        x0=first["x0"],
        x1=max(w["x1"] for w in words),
        top=min(w["top"] for w in words),
        bottom=max(w["bottom"] for w in words),
        size=sizes[len(sizes) // 2],
        page=page_no,
        text_x=text_x,
        first_word_width=first["x1"] - first["x0"],
    )


def _inside(word: dict, bbox: tuple[float, float, float, float]) -> bool:
    cx = (word["x0"] + word["x1"]) / 2
    cy = (word["top"] + word["bottom"]) / 2
    return bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]


def _tables(page, words: list[dict]) -> list[tuple[tuple[float, float, float, float], list[list[str]]]]:
    """Ruled tables only: text-aligned "tables" are too easily confused with two-column headers."""
    found = []
    for table in page.find_tables():
        rows = []
        for row in table.rows:
            cells = []
            for bbox in row.cells:
                cells.append(cell_text([w for w in words if _inside(w, bbox)], bbox) if bbox else "")
            if any(cells):
                rows.append(cells)
        if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
            found.append((table.bbox, rows))
    return found


def cell_text(words: list[dict], bbox) -> str:
    return join_cell_lines([_line(group, 0) for group in _group_by_baseline(words)], bbox)


def join_cell_lines(lines: list[Line], bbox) -> str:
    """A cell's wrapped lines re-joined; a line that ended with room to spare for the next word
    ended an item (unit names stacked in a cell), so those are joined with "; "."""
    text = ""
    for prev, line in zip([None, *lines], lines, strict=False):
        if prev is None:
            text = line.text
            continue
        room = bbox[2] - 2.0 - prev.x1
        wrapped = room < line.first_word_width + 0.5 * line.size
        continues = wrapped or line.text[:1].islower() or prev.text.rstrip("*")[-1:] in ".,;:-–("
        text += (" " if continues else "; ") + line.text
    return text.replace("** **", " ")
