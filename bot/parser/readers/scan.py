"""Scanned notices: image-only PDFs and page photos read by character recognition (Tesseract, vie).

Each page is prepared (ocr_image), its ruled tables found and their rules erased (scan_tables),
recognised (ocr), its words set into positioned lines as the PDF reader's own lines are (a table's
words into its rows), then the whole document goes through the PDF reader's page logic
(`pdf.pages_text`: running headers and page numbers dropped, wrapped lines re-joined) and the OCR
repairs (ocr_repair). A page that exceeds its time limit is skipped and named as unread; a document
longer than MAX_SCAN_PAGES is refused before any page is recognised.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from statistics import median

from PIL import Image, ImageSequence

from bot.parser.readers.errors import DocumentError, DocumentErrorReason
from bot.parser.readers.limits import MAX_SCAN_PAGES
from bot.parser.readers.ocr import PageTimeout, Word, recognise
from bot.parser.readers.ocr_image import DPI, prepare
from bot.parser.readers.ocr_repair import repair_line_start, repair_text
from bot.parser.readers.pdf import pages_text
from bot.parser.readers.pdf_lines import Line, join_cell_lines, row_or_line
from bot.parser.readers.reading import PageConfidence, PageProgress, Reading, ScanQuality
from bot.parser.readers.scan_tables import Table, erase_rules, find_tables
from bot.parser.readers.tools import find_tools

PAGE_TIMEOUT = 60.0
# Tesseract's word confidence below which a short word is a speck, a stamp or a signature stroke.
_NOISE_CONFIDENCE = 30.0
# Pillow refuses images above ~179 Mpx as decompression bombs; a 600-dpi A3 scan is 70 Mpx.
_MAX_PIXELS = 80_000_000


def read_scanned_pdf(data: bytes, filename: str, on_page: PageProgress | None = None) -> Reading:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        count = len(pdf)

        def pages() -> Iterator[Image.Image]:
            for index in range(count):
                page = pdf[index]
                try:
                    yield page.render(scale=DPI / 72).to_pil()
                finally:
                    page.close()

        return _recognise(pages(), count, filename, rendered_at=DPI, on_page=on_page)
    finally:
        pdf.close()


def read_images(images: list[bytes], filename: str, on_page: PageProgress | None = None) -> Reading:
    """Photos or scan files (JPEG, PNG; a TIFF may hold several pages), the pages of one notice in order."""
    opened = [Image.open(io.BytesIO(data)) for data in images]
    try:
        for image in opened:
            if image.width * image.height > _MAX_PIXELS:
                size = f"{image.width}x{image.height} px"
                raise DocumentError(DocumentErrorReason.too_large, filename, size)
        count = sum(getattr(image, "n_frames", 1) for image in opened)
        frames = (frame.copy() for image in opened for frame in ImageSequence.Iterator(image))
        return _recognise(frames, count, filename, rendered_at=None, on_page=on_page)
    finally:
        for image in opened:
            image.close()


def _tesseract(filename: str) -> str:
    tools = find_tools()
    if tools.tesseract is None:
        raise DocumentError(DocumentErrorReason.ocr_missing, filename)
    if not tools.vietnamese:
        raise DocumentError(DocumentErrorReason.ocr_language_missing, filename)
    return tools.tesseract


def _recognise(
    images: Iterator[Image.Image], count: int, filename: str, *, rendered_at: int | None,
    on_page: PageProgress | None,
) -> Reading:
    if count > MAX_SCAN_PAGES:
        raise DocumentError(DocumentErrorReason.scan_too_long, filename, f"{count} pages")
    tesseract = _tesseract(filename)
    report = on_page or (lambda _done, _total: None)
    report(0, count)
    pages: list[list[Line]] = []
    heights: list[float] = []
    quality: list[PageConfidence] = []
    weights: list[tuple[float, int]] = []
    for number, raw in enumerate(images):
        image = prepare(raw, rendered_at=rendered_at)
        tables = find_tables(image)
        try:
            words = recognise(erase_rules(image, tables), tesseract=tesseract, dpi=DPI, timeout=PAGE_TIMEOUT)
        except PageTimeout:
            words = None
        kept = [w for w in words or [] if not _noise(w)]
        pages.append(page_lines(kept, number, tables))
        heights.append(image.height * 72 / DPI)
        if words is None:
            quality.append(PageConfidence(page=number + 1, confidence=0.0, read=False))
        else:
            confidence = sum(w.confidence for w in kept) / len(kept) if kept else 0.0
            quality.append(PageConfidence(page=number + 1, confidence=round(confidence, 1)))
            weights.append((confidence, len(kept)))
        report(number + 1, count)
    if not any(line.text.strip() for lines in pages for line in lines):
        raise DocumentError(DocumentErrorReason.no_text_recognised, filename)
    words_read = sum(n for _, n in weights)
    overall = sum(c * n for c, n in weights) / words_read if words_read else 0.0
    text = repair_text(pages_text(pages, heights))
    return Reading(text=text, scan=ScanQuality(confidence=round(overall, 1), pages=quality))


def _noise(word: Word) -> bool:
    letters = sum(c.isalnum() for c in word.text)
    return word.confidence < _NOISE_CONFIDENCE and (letters <= 2 or letters < 0.5 * len(word.text))


_SCALE = 72 / DPI  # pixels at DPI to the PDF reader's points


def page_lines(words: list[Word], page_no: int, tables: list[Table] | None = None) -> list[Line]:
    """Tesseract's lines as the PDF reader's Lines (in points), top to bottom; lines that share a
    baseline (the two columns of the issuer/motto header) are one row, as in a text PDF. Words inside
    a ruled table make its rows instead: one Line per row, cells TAB-separated (scan_tables.py)."""
    cells: dict[tuple[int, int, int], list[Word]] = {}
    free: list[Word] = []
    for word in words:
        place = _cell_of(word, tables or [])
        if place is None:
            free.append(word)
        else:
            cells.setdefault(place, []).append(word)
    lines = _lines(free, page_no)
    for line in lines:
        line.text = repair_line_start(line.text)
    lines.extend(_table_rows(tables or [], cells, page_no))
    lines.sort(key=lambda line: line.top)
    return lines


def _lines(words: list[Word], page_no: int) -> list[Line]:
    """Words grouped into lines as Tesseract found them (word boxes are ink, so their bottoms vary
    along a line and cannot be grouped by baseline as a text layer's are), top to bottom."""
    by_line: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        by_line.setdefault(word.line, []).append(word)
    groups = [[_word_dict(w, median(v.bottom - v.top for v in line_words))
               for w in sorted(line_words, key=lambda w: w.left)] for line_words in by_line.values()]
    groups.sort(key=lambda g: _middle(g))
    merged: list[list[dict]] = []
    for group in groups:
        if merged and _same_baseline(merged[-1], group):
            merged[-1] = sorted(merged[-1] + group, key=lambda w: w["x0"])
        else:
            merged.append(group)
    return [row_or_line(group, page_no) for group in merged]


def _word_dict(word: Word, line_height: float) -> dict:
    """A word as pdf_lines takes it from pdfplumber (no font name: a scan shows no bold)."""
    return {"text": word.text, "x0": word.left * _SCALE, "x1": word.right * _SCALE, "top": word.top * _SCALE,
            "bottom": word.bottom * _SCALE, "size": 0.8 * line_height * _SCALE, "fontname": ""}


def _cell_of(word: Word, tables: list[Table]) -> tuple[int, int, int] | None:
    x, y = (word.left + word.right) / 2, (word.top + word.bottom) / 2
    for t, table in enumerate(tables):
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row):
                if cell.left <= x <= cell.right and cell.top <= y <= cell.bottom:
                    return t, r, c
    return None


def _table_rows(
    tables: list[Table], cells: dict[tuple[int, int, int], list[Word]], page_no: int
) -> list[Line]:
    rows: list[Line] = []
    for t, table in enumerate(tables):
        for r, row in enumerate(table.rows):
            texts = [""] * table.columns
            for c, cell in enumerate(row):
                words = cells.get((t, r, c), [])
                if words:
                    box = (cell.left * _SCALE, cell.top * _SCALE, cell.right * _SCALE, cell.bottom * _SCALE)
                    texts[cell.column] = join_cell_lines(_lines(words, page_no), box)
            if any(texts):
                top, left, right = row[0].top * _SCALE, table.box[0] * _SCALE, table.box[2] * _SCALE
                rows.append(Line("\t".join(texts), left, right, top, top, 0.0, page_no, left, 0.0, True))
    return rows


def _middle(group: list[dict]) -> float:
    return (min(w["top"] for w in group) + max(w["bottom"] for w in group)) / 2


def _same_baseline(a: list[dict], b: list[dict]) -> bool:
    height = max(w["bottom"] for w in a) - min(w["top"] for w in a)
    apart = min(w["x0"] for w in b) > max(w["x1"] for w in a) or min(w["x0"] for w in a) > max(
        w["x1"] for w in b
    )
    return apart and abs(_middle(a) - _middle(b)) < 0.4 * height
