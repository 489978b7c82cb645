"""Scanned notices: image-only PDFs and page photos read by character recognition (Tesseract, vie).

Each page is prepared (ocr_image), recognised (ocr), its words set into positioned lines as the PDF
reader's own lines are, then the whole document goes through the PDF reader's page logic
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
from bot.parser.readers.pdf_lines import Line, row_or_line
from bot.parser.readers.reading import PageConfidence, PageProgress, Reading, ScanQuality
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


def read_image(data: bytes, filename: str, on_page: PageProgress | None = None) -> Reading:
    """A photo or a scan file (JPEG, PNG; a TIFF may hold several pages)."""
    with Image.open(io.BytesIO(data)) as image:
        if image.width * image.height > _MAX_PIXELS:
            raise DocumentError(DocumentErrorReason.too_large, filename, f"{image.width}x{image.height} px")
        count = getattr(image, "n_frames", 1)
        frames = (frame.copy() for frame in ImageSequence.Iterator(image))
        return _recognise(frames, count, filename, rendered_at=None, on_page=on_page)


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
        try:
            words = recognise(image, tesseract=tesseract, dpi=DPI, timeout=PAGE_TIMEOUT)
        except PageTimeout:
            words = None
        kept = [w for w in words or [] if not _noise(w)]
        pages.append(page_lines(kept, number))
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


def page_lines(words: list[Word], page_no: int) -> list[Line]:
    """Tesseract's lines as the PDF reader's Lines (in points at 72 dpi), top to bottom; lines that
    share a baseline (the two columns of the issuer/motto header) are one row, as in a text PDF."""
    scale = 72 / DPI
    by_line: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        by_line.setdefault(word.line, []).append(word)
    groups: list[list[dict]] = []
    for line_words in by_line.values():
        height = median(w.bottom - w.top for w in line_words) * scale
        groups.append([
            {"text": w.text, "x0": w.left * scale, "x1": w.right * scale, "top": w.top * scale,
             "bottom": w.bottom * scale, "size": 0.8 * height, "fontname": ""}
            for w in sorted(line_words, key=lambda w: w.left)
        ])
    groups.sort(key=lambda g: _middle(g))
    merged: list[list[dict]] = []
    for group in groups:
        if merged and _same_baseline(merged[-1], group):
            merged[-1] = sorted(merged[-1] + group, key=lambda w: w["x0"])
        else:
            merged.append(group)
    lines = [row_or_line(group, page_no) for group in merged]
    for line in lines:
        line.text = repair_line_start(line.text)
    return lines


def _middle(group: list[dict]) -> float:
    return (min(w["top"] for w in group) + max(w["bottom"] for w in group)) / 2


def _same_baseline(a: list[dict], b: list[dict]) -> bool:
    height = max(w["bottom"] for w in a) - min(w["top"] for w in a)
    apart = min(w["x0"] for w in b) > max(w["x1"] for w in a) or min(w["x0"] for w in a) > max(
        w["x1"] for w in b
    )
    return apart and abs(_middle(a) - _middle(b)) < 0.4 * height
