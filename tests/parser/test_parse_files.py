"""A .docx and a .pdf built here parse to the same tasks as the same notice typed as text."""

from pathlib import Path

import pytest
from docx import Document
from fpdf import FPDF

from bot.parser import parse_file, parse_notice

HEADING = "2.1. Giao Phòng Tài chính - Kế hoạch chủ trì, phối hợp Chi cục Thuế, UBND các phường:"
BULLETS = [
    "Rà soát dự toán thu ngân sách năm 2026, hoàn thành trước ngày 15/7/2026.",
    "Định kỳ hằng tháng báo cáo tiến độ giải ngân vốn đầu tư công.",
]
UNIT_HEADING = "2.2. Công an phường"
UNIT_BULLET = "Tăng cường tuần tra, kiểm soát bảo đảm trật tự an toàn giao thông."
TABLE = [
    ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"],
    [
        "1",
        "Xây dựng kế hoạch chuyển đổi số",
        "Văn phòng HĐND và UBND phường",
        "Công an phường",
        "Quý III/2026",
    ],
]

TEXT = "\n\n".join(
    [HEADING, *(f"- {b}" for b in BULLETS), UNIT_HEADING, f"- {UNIT_BULLET}"]
    + ["\t".join(row) for row in TABLE]
)


def summary(parsed):
    return [(t.text[:40], t.units, t.coordinators, t.deadline, t.recurrence) for t in parsed.tasks]


@pytest.fixture
def expected():
    parsed = parse_notice(TEXT)
    assert len(parsed.tasks) == 4
    return summary(parsed)


def test_docx_with_bold_headings_and_a_table_parses_like_text(tmp_path: Path, expected):
    doc = Document()
    doc.add_paragraph().add_run(HEADING).bold = True
    for bullet in BULLETS:
        doc.add_paragraph(f"- {bullet}")
    doc.add_paragraph().add_run(UNIT_HEADING).bold = True
    doc.add_paragraph(f"- {UNIT_BULLET}")
    table = doc.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for r, row in enumerate(TABLE):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    path = tmp_path / "ket-luan.docx"
    doc.save(str(path))
    assert summary(parse_file(path)) == expected


def test_pdf_with_a_text_layer_parses_like_text(tmp_path: Path, expected):
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("DejaVu", size=11)
    for line in [HEADING, *(f"- {b}" for b in BULLETS), UNIT_HEADING, f"- {UNIT_BULLET}"]:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    path = tmp_path / "ket-luan.pdf"
    pdf.output(str(path))
    assert summary(parse_file(path)) == expected[:3]
