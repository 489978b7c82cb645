"""Word .docx files: body paragraphs and tables in document order.

Conventions (see readers/__init__.py for the whole contract):
- a numbered paragraph starts with its rendered label ("2.8. ", "a) ", "- " for any bullet but "+"),
  inside the bold markers when the paragraph starts bold ("**2.8. Giao …**");
- bold text is wrapped as **…** (adjacent bold runs merged, whitespace kept outside the markers);
- a table row is one line, cells separated by TAB; a merged cell appears once (the columns it spans
  after the first, and the rows of a vertical merge after the first, are empty cells);
- a cell's paragraphs are joined with "; " when they read as separate items (the previous one ends
  without punctuation and the next one starts with a capital, a digit or a bullet: unit names, one
  task per paragraph) and with " " when the text visibly continues;
- a borderless table of one or two columns is layout (the issuer/motto header, the signature
  block): its cells' paragraphs are emitted as ordinary lines, cell after cell.
Headers, footers, footnotes, comments and text boxes are not read.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from bot.parser.readers.cleanup import clean_text
from bot.parser.readers.docx_numbering import Numbering
from bot.parser.readers.docx_tables import cell_span, is_layout_table, join_cell_paragraphs

_LABEL_TAB = re.compile(
    r"^((?:\*\*)?(?:[-+–•]|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ][.)]|[IVXLC]{1,6}[.)])(?:\*\*)?)[ ]*\t[\t ]*"
)

_SKIP_RUN_ANCESTORS = {qn("w:txbxContent"), qn("w:del"), qn("w:moveFrom")}


def read_docx(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    reader = _BodyReader(document)
    lines = list(reader.blocks(document.element.body, document))
    return clean_text("\n".join(lines))


class _BodyReader:
    def __init__(self, document) -> None:
        self.numbering = Numbering.from_document(document)
        self.styles = {style.style_id: style for style in document.styles}
        # python-docx looks the default style up by scanning every style on each access: once is enough.
        self.default_style = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self._style_values: dict[tuple[str | None, str | None, str], bool | None] = {}

    def style_of(self, paragraph: Paragraph):
        ppr = paragraph._p.pPr
        style_el = ppr.find(qn("w:pStyle")) if ppr is not None else None
        if style_el is None:
            return self.default_style
        return self.styles.get(style_el.get(qn("w:val")), self.default_style)

    def blocks(self, container, parent):
        for child in container.iterchildren():
            if child.tag == qn("w:p"):
                yield self.paragraph(Paragraph(child, parent))
            elif child.tag == qn("w:tbl"):
                yield from self.table(child, parent)
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from self.blocks(content, parent)

    def paragraph(self, paragraph: Paragraph) -> str:
        text = _tabs_as_layout(self.runs_text(paragraph))
        label = self.label(paragraph)
        text = text.lstrip() if label else text
        if label and text.startswith("**"):
            # A bold heading shows its number in bold too, as in the PDF and Markdown of the same notice.
            return f"**{label} {text[2:]}"
        return f"{label} {text}" if label and text else text

    def label(self, paragraph: Paragraph) -> str:
        num_id, ilvl = self._num_pr(paragraph._p.pPr)
        if num_id is None:
            num_id, ilvl = self._style_num_pr(self.style_of(paragraph))
        if num_id is None or num_id == "0":
            return ""
        return self.numbering.prefix(num_id, ilvl or 0)

    @staticmethod
    def _num_pr(ppr) -> tuple[str | None, int | None]:
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if num_pr is None:
            return None, None
        num_id = num_pr.find(qn("w:numId"))
        ilvl = num_pr.find(qn("w:ilvl"))
        return (
            num_id.get(qn("w:val")) if num_id is not None else None,
            int(ilvl.get(qn("w:val"), "0")) if ilvl is not None else None,
        )

    def _style_num_pr(self, style) -> tuple[str | None, int | None]:
        seen = 0
        while style is not None and seen < 20:
            num_id, ilvl = self._num_pr(style.element.pPr)
            if num_id is not None:
                return num_id, ilvl
            style = style.base_style
            seen += 1
        return None, None

    def runs_text(self, paragraph: Paragraph) -> str:
        segments: list[list] = []  # [text, bold]
        p = paragraph._p
        for r in p.iter(qn("w:r")):
            if any(a.tag in _SKIP_RUN_ANCESTORS for a in r.iterancestors() if a is not p):
                continue
            run = Run(r, paragraph)
            text = run.text
            if not text:
                continue
            if self._effective(run, paragraph, "caps"):
                text = text.upper()
            bold = bool(self._effective(run, paragraph, "bold"))
            if segments and (segments[-1][1] == bold or not text.strip()):
                segments[-1][0] += text
            elif segments and not segments[-1][0].strip():
                segments[-1] = [segments[-1][0] + text, bold]
            else:
                segments.append([text, bold])
        # A line break inside a bold stretch closes and reopens the markers on each line.
        return "".join(
            "\n".join(_bold(line) for line in text.split("\n")) if bold else text for text, bold in segments
        )

    def _effective(self, run: Run, paragraph: Paragraph, attr: str) -> bool | None:
        font_attr = "all_caps" if attr == "caps" else attr
        value = getattr(run.font, font_attr)
        if value is not None:
            return value
        run_style, paragraph_style = _style_of_run(run, self.styles), self.style_of(paragraph)
        cache_key = (
            run_style.style_id if run_style is not None else None,
            paragraph_style.style_id if paragraph_style is not None else None,
            font_attr,
        )
        if cache_key not in self._style_values:
            self._style_values[cache_key] = _style_value(font_attr, run_style, paragraph_style)
        return self._style_values[cache_key]

    def table(self, tbl, parent):
        if is_layout_table(tbl, self.styles):
            # Issuer/motto headers and signature blocks: their cells are paragraphs, not columns.
            for tc in tbl.iter(qn("w:tc")):
                yield from self.blocks(tc, parent)
            return
        for tr in tbl.findall(qn("w:tr")):
            cells: list[str] = []
            for tc in tr.findall(qn("w:tc")):
                span, continued = cell_span(tc)
                cells.append("" if continued else self.cell(tc, parent))
                cells.extend([""] * (span - 1))
            yield "\t".join(cells)

    def cell(self, tc, parent) -> str:
        return join_cell_paragraphs([part for part in self.blocks(tc, parent) if part.strip()])


def _tabs_as_layout(text: str) -> str:
    """Tabs in a body paragraph are spacing: after a typed number ("1.<tab>Giao") a space, leading
    ones nothing, a run of them between two blocks of text one TAB (a column, as in a table row)."""
    lines = []
    for line in text.split("\n"):
        line = _LABEL_TAB.sub(r"\1 ", line.lstrip(" \t"))
        lines.append(re.sub(r"[ ]*\t[\t ]*", "\t", line).rstrip("\t "))
    return "\n".join(lines)


def _style_value(font_attr: str, *styles) -> bool | None:
    for style in styles:
        seen = 0
        while style is not None and seen < 20:
            value = getattr(style.font, font_attr, None)
            if value is not None:
                return value
            style = style.base_style
            seen += 1
    return None


def _style_of_run(run: Run, styles: dict):
    rpr = run._r.rPr
    style_el = rpr.find(qn("w:rStyle")) if rpr is not None else None
    return styles.get(style_el.get(qn("w:val"))) if style_el is not None else None


def _bold(text: str) -> str:
    core = text.strip()
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    tail = text[len(text.rstrip()):]
    return f"{lead}**{core}**{tail}"
