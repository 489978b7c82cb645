"""Build .docx and .pdf notices inside tests (python-docx, fpdf2), never from files on disk."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from fpdf import FPDF

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def add_numbering(document, levels: list[tuple[str, str]], num_id: int = 90) -> str:
    """Add a real numbering definition (abstractNum + num) and return its numId.

    levels: (numFmt, lvlText) per level, e.g. [("decimal", "%1."), ("decimal", "%1.%2.")].
    """
    numbering = document.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{num_id}">{lvls}</w:abstractNum>')
    # abstractNum elements must precede num elements in numbering.xml.
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>')
    )
    return str(num_id)


def add_num(document, abstract_id: int, num_id: int, restart_at: int | None = None) -> str:
    """Another numId on an existing abstract definition, optionally restarting level 0."""
    override = (
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{restart_at}"/></w:lvlOverride>'
        if restart_at is not None
        else ""
    )
    document.part.numbering_part.element.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
            f"{override}</w:num>"
        )
    )
    return str(num_id)


def number_paragraph(paragraph, num_id: str, level: int = 0) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
        )
    )


def merge_vertically(cell_top, cell_bottom) -> None:
    cell_top.merge(cell_bottom)


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def new_document():
    return Document()


class NoticePdf(FPDF):
    """A4 notice with a running header and a page number on every page, like a scanned-then-OCRed
    or exported notice."""

    def __init__(self, header: str | None = "UBND QUẬN HAI BÀ TRƯNG - Thông báo số 15/TB-UBND") -> None:
        super().__init__(format="A4")
        self.running_header = header
        self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_margins(25, 20, 20)
        self.set_auto_page_break(True, margin=20)
        self.set_font("DejaVu", size=11)

    def header(self) -> None:
        if not self.running_header:
            return
        self.set_font("DejaVu", size=8)
        self.cell(0, 6, self.running_header, align="C")
        self.ln(10)
        self.set_font("DejaVu", size=11)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("DejaVu", size=9)
        self.cell(0, 8, str(self.page_no()), align="C")
        self.set_font("DejaVu", size=11)

    def paragraph(self, text: str, *, bold: bool = False, indent: float = 0.0, gap: float = 1.5) -> None:
        """One paragraph hard-wrapped at the right margin like a word processor does: the first line
        starts at `indent`, the following ones at the left margin."""
        self.set_font("DejaVu", "B" if bold else "", 11)
        self.set_x(self.l_margin + indent)
        self.write(6, text)
        self.ln(6 + gap)
        self.set_font("DejaVu", "", 11)

    def bytes(self) -> bytes:
        return bytes(self.output())

    def ruled_table(self, rows) -> None:
        widths = (10, 60, 35, 30, 30)
        self.set_font("DejaVu", size=9)
        with self.table(col_widths=widths, line_height=5, first_row_as_headings=False) as table:
            for row in rows:
                table.row(row)
        self.ln(3)
        self.set_font("DejaVu", size=11)
