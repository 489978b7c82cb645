"""One small notice written three ways (text, .docx, .pdf) so the readers can be held to the same tasks.

Blocks: ("title", text) centred bold, ("para", text) body paragraph, ("heading", text) numbered bold unit
heading, ("bullet", text) dash bullet, ("table", rows) appendix table with its header row first.
"""

from __future__ import annotations

from tests.parser.docs import (
    NoticePdf,
    add_numbering,
    docx_bytes,
    new_document,
    number_paragraph,
)

HEADER = ("TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn")
BLOCKS: list[tuple[str, object]] = [
    ("title", "THÔNG BÁO"),
    ("title", "Kết luận của Chủ tịch UBND quận tại phiên họp UBND quận tháng 01 năm 2026"),
    (
        "para",
        "Ngày 20 tháng 01 năm 2026, Chủ tịch UBND quận chủ trì phiên họp UBND quận để kiểm điểm kết quả "
        "thực hiện nhiệm vụ phát triển kinh tế - xã hội tháng 01 và triển khai nhiệm vụ trọng tâm tháng "
        "02 năm 2026. Sau khi nghe báo cáo và ý kiến của các đơn vị, Chủ tịch UBND quận kết luận như sau:",
    ),
    ("heading", "Giao Phòng Tài chính - Kế hoạch chủ trì, phối hợp Chi cục Thuế quận:"),
    (
        "bullet",
        "Rà soát, tổng hợp nhu cầu vốn đầu tư công năm 2026 của các phòng, ban, ngành và UBND các phường, "
        "tham mưu UBND quận phân bổ vốn, báo cáo kết quả trước ngày 15/02/2026.",
    ),
    (
        "bullet",
        "Theo dõi chặt chẽ tiến độ thu ngân sách trên địa bàn, đề xuất giải pháp tăng thu, chống thất thu "
        "thuế đối với hộ kinh doanh, báo cáo UBND quận hằng tháng.",
    ),
    ("heading", "Giao Phòng Văn hóa và Thông tin:"),
    (
        "bullet",
        "Chủ trì tổ chức các hoạt động tuyên truyền chào mừng kỷ niệm 96 năm Ngày thành lập Đảng Cộng sản "
        "Việt Nam (03/02/1930 - 03/02/2026), hoàn thành trong tháng 02/2026.",
    ),
    ("heading", "Công an quận"),
    (
        "bullet",
        "Tăng cường tuần tra, kiểm soát, bảo đảm an ninh chính trị và trật tự an toàn xã hội trên địa bàn "
        "quận trong dịp Tết Nguyên đán Bính Ngọ, báo cáo kết quả trước ngày 28/02/2026.",
    ),
    (
        "table",
        [
            HEADER,
            ("1", "Kiểm tra an toàn thực phẩm tại các chợ và cơ sở kinh doanh", "Phòng Y tế",
             "UBND các phường", "31/03/2026"),
            ("2", "Rà soát hồ sơ hộ nghèo, hộ cận nghèo năm 2026", "Phòng Lao động - Thương binh và Xã hội",
             "UBND các phường", "30/04/2026"),
        ],
    ),
]


def as_text() -> str:
    lines: list[str] = []
    number = 0
    for kind, value in BLOCKS:
        if kind == "heading":
            number += 1
            lines.append(f"{number}. {value}")
        elif kind == "bullet":
            lines.append(f"- {value}")
        elif kind == "table":
            lines.extend("\t".join(row) for row in value)
        else:
            lines.append(str(value))
    return "\n".join(lines) + "\n"


def as_docx() -> bytes:
    document = new_document()
    headings = add_numbering(document, [("decimal", "%1.")], num_id=80)
    bullets = add_numbering(document, [("bullet", "-")], num_id=81)
    for kind, value in BLOCKS:
        if kind == "table":
            table = document.add_table(rows=len(value), cols=len(HEADER))
            for r, row in enumerate(value):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
            continue
        paragraph = document.add_paragraph()
        # Split the bold heading over two runs, as Word does after an edit.
        if kind == "heading":
            first, rest = str(value).split(" ", 1)
            paragraph.add_run(first + " ").bold = True
            paragraph.add_run(rest).bold = True
            number_paragraph(paragraph, headings)
        elif kind == "bullet":
            paragraph.add_run(str(value))
            number_paragraph(paragraph, bullets)
        else:
            paragraph.add_run(str(value)).bold = kind == "title"
    return docx_bytes(document)


def as_pdf(*, pad_lines: int = 0) -> bytes:
    """pad_lines: filler paragraphs before the first heading, to push a bullet across a page break."""
    pdf = NoticePdf()
    pdf.add_page()
    number = 0
    for kind, value in BLOCKS:
        if kind == "title":
            pdf.paragraph(str(value), bold=True, indent=20)
        elif kind == "para":
            pdf.paragraph(str(value), indent=10)
            for _ in range(pad_lines):
                pdf.paragraph(str(value), indent=10)
        elif kind == "heading":
            number += 1
            pdf.paragraph(f"{number}. {value}", bold=True, indent=10)
        elif kind == "bullet":
            pdf.paragraph(f"- {value}", indent=10)
        else:
            pdf.ruled_table(value)
    return pdf.bytes()
