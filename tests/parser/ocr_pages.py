"""A notice's text drawn as scanned pages (Pillow + DejaVu Sans), for the OCR tests and bench/ocr.py.

Laid out like a notice printed from Word: A4, 2 cm/3 cm margins, one paragraph per line of the text
with a first-line indent, wrapped at the right margin, a page number at the foot of every page after
the first. `image_pdf` wraps the pages in a PDF that has no text layer, as a scanner makes it.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_A4_CM = (21.0, 29.7)


def _px(cm: float, dpi: int) -> int:
    return round(cm / 2.54 * dpi)


def render_pages(
    text: str, *, dpi: int = 300, font_pt: float = 12.0, skew_degrees: float = 0.0, face: Path = FONT
) -> list[Image.Image]:
    """The text as grayscale A4 pages; `skew_degrees` turns each page as a crooked scan would. Lines
    with TABs (the readers' table rows) are drawn as a ruled table, each cell wrapped in its column."""
    font = ImageFont.truetype(str(face), round(font_pt * dpi / 72))
    small = ImageFont.truetype(str(face), round((font_pt - 2) * dpi / 72))
    width, height = _px(_A4_CM[0], dpi), _px(_A4_CM[1], dpi)
    left, right, top, bottom = _px(3.0, dpi), _px(2.0, dpi), _px(2.0, dpi), _px(2.0, dpi)
    pitch = round(font_pt * 1.45 * dpi / 72)
    pad = pitch // 4
    pages: list[Image.Image] = []
    state = {"y": height}  # start a page at once

    def room(needed: int) -> ImageDraw.ImageDraw:
        if state["y"] + needed > height - bottom or not pages:
            page = Image.new("L", (width, height), 255)
            pages.append(page)
            if len(pages) > 1:
                number = str(len(pages))
                foot = ((width - small.getlength(number)) / 2, height - bottom / 2)
                ImageDraw.Draw(page).text(foot, number, font=small, fill=0)
            state["y"] = top
        return ImageDraw.Draw(pages[-1])

    def wrap(words: str, first_x: int, x: int, limit: int) -> list[tuple[int, str]]:
        lines: list[tuple[int, str]] = []
        current, start = "", first_x
        for word in words.split():
            candidate = f"{current} {word}".strip()
            if current and start + font.getlength(candidate) > limit:
                lines.append((start, current))
                current, start = word, x
            else:
                current = candidate
        return [*lines, (start, current)]

    lines = text.replace("**", "").splitlines()
    # One set of column widths for every table row: a table broken by a page keeps its columns.
    all_rows = [line.split("\t") for line in lines if "\t" in line]
    index = 0
    while index < len(lines):
        if "\t" in lines[index]:
            rows = []
            while index < len(lines) and "\t" in lines[index]:
                rows.append(lines[index].split("\t"))
                index += 1
            _draw_table(rows, all_rows, room, wrap, state, font, pitch, pad, left, width - right)
            state["y"] += pitch // 2
            continue
        paragraph = " ".join(lines[index].split())
        index += 1
        if not paragraph:
            continue
        for x, line in wrap(paragraph, left + _px(1.0, dpi), left, width - right):
            room(pitch).text((x, state["y"]), line, font=font, fill=0)
            state["y"] += pitch
        state["y"] += pitch // 3
    if skew_degrees:
        pages = [page.rotate(skew_degrees, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
                 for page in pages]
    return pages


def _draw_table(rows, all_rows, room, wrap, state, font, pitch, pad, x0, x1) -> None:
    columns = max(len(row) for row in all_rows)
    lengths = [sum(len(row[c]) if c < len(row) else 0 for row in all_rows) / len(all_rows)
               for c in range(columns)]
    weights = [max(6.0, min(n, 60.0)) for n in lengths]
    # Each column fits its longest word; the width left over goes by the columns' usual length.
    words = [[word for row in all_rows if c < len(row) for word in row[c].split()] for c in range(columns)]
    least = [2 * pad + max((font.getlength(word) for word in column), default=0) for column in words]
    spare = max(0.0, (x1 - x0) - sum(least))
    edges = [x0]
    for weight, need in zip(weights, least, strict=True):
        edges.append(edges[-1] + round(need + spare * weight / sum(weights)))
    edges[-1] = x1
    for row in rows:
        cells = [wrap(" ".join(cell.split()), edges[c] + pad, edges[c] + pad, edges[c + 1] - pad)
                 if cell.strip() else [] for c, cell in enumerate(row)]
        row_height = max(1, *(len(cell) for cell in cells)) * pitch + 2 * pad
        draw = room(row_height)
        y = state["y"]
        draw.rectangle((x0, y, x1, y + row_height), outline=0, width=3)
        for c, cell in enumerate(cells):
            if c:
                draw.line((edges[c], y, edges[c], y + row_height), fill=0, width=3)
            for n, (x, line) in enumerate(cell):
                draw.text((x, y + pad + n * pitch), line, font=font, fill=0)
        state["y"] = y + row_height


def as_photo(page: Image.Image, *, long_side: int = 1280, skew_degrees: float = 1.5) -> Image.Image:
    """The page as a phone photo sent in Telegram: a red seal with its lettering and a blue signature
    over the last lines, turned a little, lit from one side (the far edge darker), slightly blurred,
    shrunk to Telegram's 1280 px."""
    width, height = page.size
    stamp = Image.new("RGB", page.size, (255, 255, 255))
    ink = ImageDraw.Draw(stamp)
    body = page.convert("L").crop((0, 0, width, int(height * 0.9)))  # above the page number
    inked = Image.eval(body, lambda v: 255 - v).getbbox() or (0, 0, width, height)
    radius = width // 10
    centre = (inked[0] + radius, inked[3] - radius // 2)
    red = (200, 30, 40)
    ink.ellipse((centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius), outline=red,
                width=radius // 12)
    lettering = ImageFont.truetype(str(FONT), radius // 5)
    ink.text((centre[0] - radius * 0.6, centre[1] - radius // 8), "ỦY BAN NHÂN DÂN", font=lettering, fill=red)
    wave = [(centre[0] + x, centre[1] - radius // 2 + int(radius * 0.3 * ((x // 40) % 2)))
            for x in range(-radius, 2 * radius, 20)]
    ink.line(wave, fill=(30, 50, 190), width=radius // 25)
    photo = ImageChops.multiply(page.convert("RGB"), stamp)  # ink over print: both stay visible
    shade = Image.linear_gradient("L").rotate(90).resize(page.size)  # dark at the right edge
    shade = shade.point(lambda v: 255 - v * 110 // 255)
    photo = Image.composite(photo, Image.new("RGB", page.size, (0, 0, 0)), shade)
    photo = photo.rotate(skew_degrees, resample=Image.Resampling.BICUBIC, expand=True,
                         fillcolor=(235, 235, 230))
    photo = photo.filter(ImageFilter.GaussianBlur(1.2))
    factor = long_side / max(photo.size)
    return photo.resize((round(photo.width * factor), round(photo.height * factor)), Image.Resampling.LANCZOS)


def image_pdf(pages: list[Image.Image], dpi: int = 300) -> bytes:
    """An image-only PDF (no text layer), one page per image."""
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return buffer.getvalue()


def image_bytes(page: Image.Image, kind: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    page.save(buffer, kind, **({"quality": 80} if kind == "JPEG" else {}))
    return buffer.getvalue()


# A ward notice written for the OCR tests: numbered unit headings, dash bullets, dated deadlines.
NOTICE = "\n".join([
    "ỦY BAN NHÂN DÂN PHƯỜNG HÒA AN",
    "Số: 58/TB-UBND",
    "Hòa An, ngày 12 tháng 3 năm 2026",
    "THÔNG BÁO",
    "Kết luận của Chủ tịch UBND phường tại cuộc họp giao ban tháng 3 năm 2026",
    "Ngày 10/3/2026, UBND phường tổ chức họp giao ban đánh giá kết quả tháng 2 và triển khai "
    "nhiệm vụ tháng 3 năm 2026. Chủ tịch UBND phường kết luận và giao nhiệm vụ như sau:",
    "1. Phòng Kinh tế, Hạ tầng và Đô thị",
    "- Rà soát các tuyến đường thường xuyên bị ngập, đề xuất phương án khắc phục, báo cáo UBND "
    "phường trước ngày 25/3/2026.",
    "- Kiểm tra, xử lý dứt điểm các công trình xây dựng không phép trên địa bàn, hoàn thành "
    "trước ngày 15/4/2026.",
    "2. Phòng Văn hóa - Xã hội",
    "- Lập danh sách hộ nghèo, hộ cận nghèo năm 2026, gửi UBND phường trước ngày 31/3/2026.",
    "- Chủ trì tổ chức Ngày hội đọc sách cho học sinh trên địa bàn, hoàn thành trước ngày 20/4/2026.",
    "3. Công an phường",
    "- Tăng cường tuần tra, kiểm soát, bảo đảm an ninh trật tự trên địa bàn phường trước ngày "
    "30/4/2026.",
    "Nơi nhận:",
    "- Như trên;",
    "- Lưu: VT.",
    "TM. ỦY BAN NHÂN DÂN",
    "CHỦ TỊCH",
    "Trần Văn Bình",
]) + "\n"
NOTICE_UNITS = ("Phòng Kinh tế, Hạ tầng và Đô thị", "Phòng Văn hóa - Xã hội", "Công an phường")

# A plan whose tasks are in a ruled appendix table (drawn with its rules by render_pages).
TABLE_NOTICE = "\n".join([
    "ỦY BAN NHÂN DÂN PHƯỜNG HÒA AN",
    "Số: 61/KH-UBND",
    "Hòa An, ngày 20 tháng 3 năm 2026",
    "KẾ HOẠCH",
    "Triển khai nhiệm vụ trọng tâm quý II năm 2026",
    "UBND phường giao các đơn vị thực hiện các nhiệm vụ tại Phụ lục kèm theo.",
    "PHỤ LỤC",
    "TT\tNhiệm vụ\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời hạn",
    "1\tRà soát hồ sơ đất đai tồn đọng, đề xuất phương án giải quyết\tPhòng Kinh tế, Hạ tầng và Đô thị"
    "\tCông an phường\t30/4/2026",
    "2\tTổ chức tập huấn phòng cháy, chữa cháy cho các hộ kinh doanh trên địa bàn\tCông an phường"
    "\tPhòng Kinh tế, Hạ tầng và Đô thị\t15/5/2026",
    "3\tTổng hợp danh sách học sinh có hoàn cảnh khó khăn để hỗ trợ đầu năm học mới"
    "\tPhòng Văn hóa - Xã hội\t\t30/6/2026",
]) + "\n"
