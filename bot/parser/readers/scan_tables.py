"""Ruled tables on a scanned page: found from their rules, erased before recognition, rebuilt as rows.

An appendix ("Phụ lục") of tasks is a ruled table: TT | task | lead unit | coordinating units, each
cell wrapped over many lines. Recognised as plain text its cells run together line by line; the PDF
reader gets the table from the PDF's drawn lines, and a scan has them too, as long runs of ink:
- horizontal rules: runs of ink at least a quarter of the page wide (text has gaps between letters);
- vertical rules: runs at least two text lines tall that reach from one horizontal rule to another.
Consecutive horizontal rules of the same width bound a table's rows; in each row the vertical rules
that cross it separate its cells, so a merged cell (no rule inside it in that row) stays one cell. The
rules are painted white before recognition (Tesseract reads them as "|" or drops the text touching
them) and each recognised word goes to the cell holding its centre. numpy does the run-length work:
a page is 8.7 million pixels.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

_INK = 140  # gray level below which a pixel is ink
_MIN_RULE_WIDTH = 0.25  # of the page width
# Taller than any letter (~50 px with its stacked marks at 300 dpi), shorter than a one-line row (~70 px).
_MIN_RULE_HEIGHT_PX = 60
_JOIN_PX = 4  # rules this close (their thickness, a slight tilt) are one rule
_PIECE_PX = 40  # a piece of rule at least this long counts; pieces ...
_GAP_PX = 80  # ... this close along one line are one rule broken by a seal or a faded stroke
_REACH_PX = 12  # how near a vertical rule must end to a horizontal one


@dataclass(frozen=True)
class Cell:
    left: int
    top: int
    right: int
    bottom: int
    column: int  # index of the first table column the cell covers
    span: int  # number of table columns it covers


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[Cell, ...], ...]
    columns: int
    box: tuple[int, int, int, int]  # left, top, right, bottom in pixels
    rules: tuple[tuple[int, int, int, int], ...]  # every rule's box, to erase


def find_tables(image: Image.Image) -> list[Table]:
    ink = np.asarray(image.convert("L")) < _INK
    _height, width = ink.shape
    horizontal = _rules(ink, int(_MIN_RULE_WIDTH * width))
    if len(horizontal) < 2:
        return []
    vertical = _rules(ink.T, _MIN_RULE_HEIGHT_PX)
    tables: list[Table] = []
    for group in _stacks(horizontal):
        table = _table(group, vertical)
        if table is not None:
            tables.append(table)
    return tables


def erase_rules(image: Image.Image, tables: list[Table]) -> Image.Image:
    if not tables:
        return image
    image = image.copy()
    draw = ImageDraw.Draw(image)
    for table in tables:
        for box in table.rules:
            draw.rectangle(box, fill=255)
    return image


def _rules(mask: np.ndarray, min_length: int) -> list[tuple[int, int, int]]:
    """(line, start, end) of the rules running along the mask's rows."""
    return [rule for rule in _join(_runs(mask, _PIECE_PX)) if rule[2] - rule[1] >= min_length]


def _runs(mask: np.ndarray, min_length: int) -> list[tuple[int, int, int]]:
    """(row, start, end) of every run of True at least min_length long, row by row."""
    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    steps = np.diff(padded, axis=1)
    starts = np.argwhere(steps == 1)
    ends = np.argwhere(steps == -1)
    lengths = ends[:, 1] - starts[:, 1]
    keep = lengths >= min_length
    return [(int(r), int(s), int(e)) for (r, s), e in zip(starts[keep], ends[keep][:, 1], strict=True)]


def _join(runs: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Runs on neighbouring rows that overlap or nearly meet are one rule (a rule is several pixels
    thick and may be broken): its middle row and its full extent."""
    rules: list[list[int]] = []  # [first row, last row, start, end]
    for row, start, end in sorted(runs):
        joined = False
        for rule in reversed(rules):
            if row - rule[1] > _JOIN_PX:
                break
            if start < rule[3] + _GAP_PX and end > rule[2] - _GAP_PX:
                rule[1], rule[2], rule[3] = row, min(rule[2], start), max(rule[3], end)
                joined = True
                break
        if not joined:
            rules.append([row, row, start, end])
    return [((first + last) // 2, start, end) for first, last, start, end in rules]


def _stacks(horizontal: list[tuple[int, int, int]]) -> list[list[tuple[int, int, int]]]:
    """Horizontal rules of about the same left and right ends, top to bottom: one table each."""
    stacks: list[list[tuple[int, int, int]]] = []
    for rule in sorted(horizontal):
        for stack in stacks:
            _, start, end = stack[-1]
            if abs(rule[1] - start) <= 3 * _REACH_PX and abs(rule[2] - end) <= 3 * _REACH_PX:
                stack.append(rule)
                break
        else:
            stacks.append([rule])
    return [stack for stack in stacks if len(stack) >= 2]


def _table(horizontal: list[tuple[int, int, int]], vertical: list[tuple[int, int, int]]) -> Table | None:
    left = min(start for _, start, _ in horizontal)
    right = max(end for _, _, end in horizontal)
    top, bottom = horizontal[0][0], horizontal[-1][0]
    inside = [(x, y0, y1) for x, y0, y1 in vertical if left - _REACH_PX <= x <= right + _REACH_PX
              and y1 >= top - _REACH_PX and y0 <= bottom + _REACH_PX]
    # Every vertical rule position in the table: the columns' edges.
    edges = sorted({x for x, _, _ in inside} | {left, right})
    edges = [x for i, x in enumerate(edges) if i == 0 or x - edges[i - 1] > 3 * _JOIN_PX]
    if len(edges) < 3:
        return None  # boxed text, not a table of columns
    rows: list[tuple[Cell, ...]] = []
    for (y0, _, _), (y1, _, _) in itertools.pairwise(horizontal):
        crossing = [x for x, v0, v1 in inside if v0 <= y0 + _REACH_PX and v1 >= y1 - _REACH_PX]
        bounds = sorted({_nearest(edges, x) for x in crossing} | {0, len(edges) - 1})
        rows.append(tuple(
            Cell(edges[a], y0, edges[b], y1, column=a, span=b - a)
            for a, b in itertools.pairwise(bounds)
        ))
    thickness = 2 * _JOIN_PX
    rules = [(start, y - thickness, end, y + thickness) for y, start, end in horizontal]
    rules += [(x - thickness, y0, x + thickness, y1) for x, y0, y1 in inside]
    return Table(rows=tuple(rows), columns=len(edges) - 1, box=(left, top, right, bottom), rules=tuple(rules))


def _nearest(edges: list[int], x: int) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - x))
