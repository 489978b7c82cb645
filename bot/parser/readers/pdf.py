"""PDF files with a text layer: lines re-joined into paragraphs, page furniture dropped.

A line starts a new paragraph when it begins with a list marker, when a wider gap than the usual
line pitch precedes it, when it is indented past the previous line (first-line indent, not the
hanging indent of a bullet), or when the previous line stopped with room left for this line's first
word (a hard wrap always fills the line). The same rules apply across a page break, so a bullet
broken by the break is rejoined. Page numbers and lines repeated at the top or bottom of most pages
are dropped. End-of-line hyphens are removed only for real hyphenation (see `_join`).
"""

from __future__ import annotations

import io
import itertools
import re
from collections import Counter
from statistics import median

import pdfplumber

from bot.parser.readers.cleanup import clean_text
from bot.parser.readers.errors import DocumentError, DocumentErrorReason
from bot.parser.readers.limits import MAX_PAGES
from bot.parser.readers.pdf_lines import Line, page_lines

_PAGE_NUMBER = re.compile(
    r"^[-–—\s(]*(?:trang|page)?\s*\d{1,4}(?:\s*(?:/|của|of)\s*\d{1,4})?[-–—\s)]*$", re.IGNORECASE
)
# A Vietnamese syllable; hyphenation never splits one, so "kinh-" + "doanh" keeps its hyphen.
_SYLLABLE = re.compile(r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?[aeiouy]{1,3}"
                       r"(?:ng|nh|ch|[cmnpt])?$", re.IGNORECASE)
_EDGE_LINES = 2
_DASH_CONTINUES = re.compile(r"^[-–]\s+(?=[^\W\d_])(?!\*)")


def read_pdf(data: bytes, filename: str) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise DocumentError(DocumentErrorReason.too_large, filename, f"{len(pdf.pages)} pages")
        pages = [page_lines(page, number) for number, page in enumerate(pdf.pages)]
        heights = [float(page.height) for page in pdf.pages]
    if not any(line.text.strip() for lines in pages for line in lines):
        raise DocumentError(DocumentErrorReason.no_text_layer, filename)
    return pages_text(pages, heights)


def pages_text(pages: list[list[Line]], heights: list[float]) -> str:
    """Positioned lines of every page (a text layer's or OCR's) to the readers' text: page furniture
    dropped, footnotes set after the body, wrapped lines re-joined into paragraphs."""
    pages = _drop_page_furniture(pages, heights)
    body, footnotes = _set_footnotes_aside(pages, heights)
    return clean_text("\n".join(_paragraphs(body) + _paragraphs(footnotes)))


def _set_footnotes_aside(pages: list[list[Line]], heights: list[float]) -> tuple[list[Line], list[Line]]:
    """Small print at the foot of a page (footnotes) would cut a paragraph that runs on to the next
    page; it is moved after the body instead."""
    sizes = sorted(ln.size for lines in pages for ln in lines if not ln.is_table)
    if not sizes:
        return [ln for lines in pages for ln in lines], []
    small = 0.85 * sizes[len(sizes) // 2]
    body: list[Line] = []
    footnotes: list[Line] = []
    for lines, height in zip(pages, heights, strict=True):
        cut = len(lines)
        while cut > 1 and not lines[cut - 1].is_table and lines[cut - 1].size < small and (
            lines[cut - 1].top > 0.5 * height
        ):
            cut -= 1
        if any(ln.size >= small for ln in lines[:cut]):
            body.extend(lines[:cut])
            footnotes.extend(lines[cut:])
        else:
            body.extend(lines)
    return body, footnotes


def _furniture_key(line: Line) -> str:
    return re.sub(r"\d+", "#", " ".join(line.text.replace("*", "").lower().split()))


def _drop_page_furniture(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    def edges(lines: list[Line], height: float) -> list[Line]:
        top = [ln for ln in lines[:_EDGE_LINES] if ln.top < 0.2 * height and not ln.is_table]
        bottom = [ln for ln in lines[-_EDGE_LINES:] if ln.bottom > 0.8 * height and not ln.is_table]
        return top + [ln for ln in bottom if ln not in top]

    counts: Counter[str] = Counter()
    for lines, height in zip(pages, heights, strict=True):
        counts.update({_furniture_key(ln) for ln in edges(lines, height)})
    repeated = {key for key, n in counts.items() if len(pages) >= 2 and n >= max(2, 0.5 * len(pages))}
    kept = []
    for lines, height in zip(pages, heights, strict=True):
        drop = {
            id(ln)
            for ln in edges(lines, height)
            if _PAGE_NUMBER.match(ln.text.replace("*", "")) or _furniture_key(ln) in repeated
        }
        kept.append([ln for ln in lines if id(ln) not in drop])
    return kept


def _paragraphs(lines: list[Line]) -> list[str]:
    body = [ln for ln in lines if not (ln.is_table or ln.is_row)]
    if not body:
        return [ln.text for ln in lines]
    pitches = [b.top - a.top for a, b in itertools.pairwise(body) if a.page == b.page and b.top > a.top]
    pitch = median(pitches) if pitches else max(ln.bottom - ln.top for ln in body) * 1.2
    right = _right_margin(body)
    starts = sorted(ln.x0 for ln in body)
    left = starts[int(0.1 * (len(starts) - 1))]
    prev_first = False
    out: list[str] = []
    current: str | None = None
    prev: Line | None = None
    for line in lines:
        if line.is_table or line.is_row:
            if current is not None:
                out.append(current)
            out.append(line.text)
            current, prev = None, None
            continue
        if current is None or prev is None or _starts_paragraph(prev, line, pitch, left, right, prev_first):
            if current is not None:
                out.append(current)
            current = line.text
            prev_first = True
        else:
            current = _join(current, line.text)
            prev_first = False
        prev = line
    if current is not None:
        out.append(current)
    return [re.sub(r"\*\*( +)\*\*", r"\1", text) for text in out]


def _right_margin(body: list[Line]) -> float:
    ends = sorted(ln.x1 for ln in body)
    return ends[int(0.9 * (len(ends) - 1))]


def _starts_paragraph(
    prev: Line, line: Line, pitch: float, left: float, right: float, prev_first: bool
) -> bool:
    if line.has_marker:
        # "… kinh tế" + "- xã hội …" after a full line: a dash inside a sentence, not a bullet.
        after_dash = line.text[2:].lstrip()[:1]
        in_sentence = bool(_DASH_CONTINUES.match(line.text)) and after_dash.islower()
        prev_full = prev.x1 >= right - 2 * line.size
        return not (in_sentence and prev_full and prev.text.rstrip("*")[-1:] not in ".;:!?")
    if line.page == prev.page and line.top - prev.top > 1.45 * pitch:
        return True
    tolerance = max(6.0, 0.8 * line.size)
    hanging = prev.text_x > prev.x0 + 1 and abs(line.x0 - prev.text_x) <= tolerance / 2
    if line.x0 > prev.x0 + tolerance and not hanging:
        return True
    # Two first lines in a row, both indented: wrapped lines go back to the margin. (Not after a
    # list marker: a whole list may be indented, its wrapped lines under the marker.)
    if (
        prev_first
        and not prev.has_marker
        and prev.x0 > left + tolerance
        and abs(line.x0 - prev.x0) <= tolerance / 2
    ):
        return True
    room = right - prev.x1
    return room > line.first_word_width + 0.6 * line.size


def _join(text: str, following: str) -> str:
    if text.endswith("-") and len(text) > 1 and text[-2].isalpha():
        head = re.search(r"([^\W\d_]+)-$", text)
        tail = re.match(r"([^\W\d_]+)", following)
        if head and tail and tail.group(1).islower() and not _syllables(head.group(1), tail.group(1)):
            return text[:-1] + following
        # A dash glued to a word ("chính trị-" + "xã hội"): keep it, no space added.
        return text + following
    return f"{text} {following}"


def _syllables(head: str, tail: str) -> bool:
    """Both fragments could be Vietnamese syllables: a letter with diacritics, or the shape of one."""
    return all(not fragment.isascii() or _SYLLABLE.match(fragment) for fragment in (head, tail))
