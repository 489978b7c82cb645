"""Word tables: which are data and which are layout, merged cells, and joining a cell's paragraphs."""

from __future__ import annotations

import re

from docx.oxml.ns import qn

_CELL_BULLET = re.compile(r"^\s*[-–•+*]\s+")
_CONTINUES = re.compile(r"[.,;:!?\-–(/&]$")
_NO_LINE = {"nil", "none"}


def cell_span(tc) -> tuple[int, bool]:
    """(columns the cell spans, whether it continues a vertical merge from the row above)."""
    tc_pr = tc.find(qn("w:tcPr"))
    if tc_pr is None:
        return 1, False
    grid = tc_pr.find(qn("w:gridSpan"))
    vmerge = tc_pr.find(qn("w:vMerge"))
    span = int(grid.get(qn("w:val"), "1")) if grid is not None else 1
    return span, vmerge is not None and vmerge.get(qn("w:val"), "continue") == "continue"


def is_layout_table(tbl, styles: dict) -> bool:
    columns = max((len(tr.findall(qn("w:tc"))) for tr in tbl.findall(qn("w:tr"))), default=0)
    return columns <= 2 and not _bordered(tbl, styles)


def _bordered(tbl, styles: dict) -> bool:
    tbl_pr = tbl.find(qn("w:tblPr"))
    if tbl_pr is None:
        return False
    borders = tbl_pr.find(qn("w:tblBorders"))
    if borders is not None:
        return _has_lines(borders)
    style_el = tbl_pr.find(qn("w:tblStyle"))
    style = styles.get(style_el.get(qn("w:val"))) if style_el is not None else None
    for _ in range(10):
        if style is None:
            return False
        style_tbl_pr = style.element.find(qn("w:tblPr"))
        style_borders = style_tbl_pr.find(qn("w:tblBorders")) if style_tbl_pr is not None else None
        if style_borders is not None:
            return _has_lines(style_borders)
        style = style.base_style
    return False


def _has_lines(borders) -> bool:
    return any(side.get(qn("w:val"), "single") not in _NO_LINE for side in borders)


def join_cell_paragraphs(parts: list[str]) -> str:
    parts = [" ".join(part.replace("\t", " ").split()) for part in parts]
    if len(parts) > 1:
        parts = [_CELL_BULLET.sub("", part) for part in parts]
    text = parts[0] if parts else ""
    for part in parts[1:]:
        text += " " + part if _continues(text, part) else "; " + part
    return text


def _continues(previous: str, following: str) -> bool:
    bare_previous = previous.rstrip("*")
    bare_following = following.lstrip("*")
    return bool(_CONTINUES.search(bare_previous)) or bare_following[:1].islower()
