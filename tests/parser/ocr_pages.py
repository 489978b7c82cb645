"""A notice's text drawn as scanned pages (Pillow + DejaVu Sans), for the OCR tests and bench/ocr.py.

Laid out like a notice printed from Word: A4, 2 cm/3 cm margins, one paragraph per line of the text
with a first-line indent, wrapped at the right margin, a page number at the foot of every page after
the first. `image_pdf` wraps the pages in a PDF that has no text layer, as a scanner makes it.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_A4_CM = (21.0, 29.7)


def _px(cm: float, dpi: int) -> int:
    return round(cm / 2.54 * dpi)


def render_pages(
    text: str, *, dpi: int = 300, font_pt: float = 12.0, skew_degrees: float = 0.0
) -> list[Image.Image]:
    """The text as grayscale A4 pages; `skew_degrees` turns each page as a crooked scan would."""
    font = ImageFont.truetype(str(FONT), round(font_pt * dpi / 72))
    small = ImageFont.truetype(str(FONT), round((font_pt - 2) * dpi / 72))
    width, height = _px(_A4_CM[0], dpi), _px(_A4_CM[1], dpi)
    left, right, top, bottom = _px(3.0, dpi), _px(2.0, dpi), _px(2.0, dpi), _px(2.0, dpi)
    pitch = round(font_pt * 1.45 * dpi / 72)
    indent = _px(1.0, dpi)
    lines: list[tuple[int, str]] = []  # (x, text); an empty text is paragraph spacing
    for paragraph in text.replace("**", "").splitlines():
        paragraph = " ".join(paragraph.split())
        if not paragraph:
            continue
        x = left + indent
        current = ""
        for word in paragraph.split(" "):
            candidate = f"{current} {word}".strip()
            if current and x + font.getlength(candidate) > width - right:
                lines.append((x, current))
                x, current = left, word
            else:
                current = candidate
        lines.append((x, current))
        lines.append((0, ""))
    pages: list[Image.Image] = []
    y = height  # start a page at once
    draw: ImageDraw.ImageDraw | None = None
    for x, line in lines:
        if y + pitch > height - bottom:
            page = Image.new("L", (width, height), 255)
            pages.append(page)
            draw = ImageDraw.Draw(page)
            if len(pages) > 1:
                number = str(len(pages))
                draw.text(((width - small.getlength(number)) / 2, height - bottom / 2), number, font=small,
                          fill=0)
            y = top
        assert draw is not None
        if line:
            draw.text((x, y), line, font=font, fill=0)
            y += pitch
        else:
            y += pitch // 3
    if skew_degrees:
        pages = [page.rotate(skew_degrees, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
                 for page in pages]
    return pages


def image_pdf(pages: list[Image.Image], dpi: int = 300) -> bytes:
    """An image-only PDF (no text layer), one page per image."""
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return buffer.getvalue()


def image_bytes(page: Image.Image, kind: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    page.save(buffer, kind)
    return buffer.getvalue()
