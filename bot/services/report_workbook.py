"""The report workbook: the official summary, a sheet per unit, the task list. openpyxl write-only mode
streams rows (a year of a big office is tens of thousands of them); every sheet has Vietnamese headers,
dd/mm/yyyy dates, set column widths, a frozen header row and an A4 landscape print setup."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

from bot.services.xlsx_rows import PlainRowsWorksheet, add_plain_sheet

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from bot.services.report_files import ReportData

DATE_FORMAT = "dd/mm/yyyy"
PAPERSIZE_A4 = "9"  # the OOXML paper size code of A4
_THIN = Side(style="thin", color="999999")


def _named_styles() -> list[NamedStyle]:
    """The workbook's few looks, registered once: a cell names its style instead of carrying its own
    Font/Fill/Border objects (each of which openpyxl would hash and compare per cell)."""
    return [
        NamedStyle("dd_header", font=Font(bold=True), fill=PatternFill("solid", fgColor="DDE6F0"),
                   border=Border(top=_THIN, bottom=_THIN, left=_THIN, right=_THIN),
                   alignment=Alignment(wrap_text=True, vertical="center", horizontal="center")),
        NamedStyle("dd_bold", font=Font(bold=True)),
        NamedStyle("dd_wrap", alignment=Alignment(wrap_text=True, vertical="top")),
        NamedStyle("dd_date", number_format=DATE_FORMAT),
    ]


def _styled(ws: WriteOnlyWorksheet, value: Any, style: str) -> Cell:
    cell = WriteOnlyCell(ws, value=value)
    cell.style = style
    return cell


def _header(ws: WriteOnlyWorksheet, t: dict[str, str], keys: tuple[str, ...]) -> list[Cell]:
    return [_styled(ws, t[key], "dd_header") for key in keys]


def _sheet(wb: Workbook, title: str, widths: list[float], *, frozen: str = "A2",
           title_rows: str = "1:1", plain: bool = False) -> WriteOnlyWorksheet:
    # Any: openpyxl's stubs leave out the attributes a write-only sheet takes from Worksheet
    ws: Any = add_plain_sheet(wb, title) if plain else wb.create_sheet(title)
    for index, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + index)].width = width
    ws.freeze_panes = frozen
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows
    ws.print_options.horizontalCentered = True
    return ws


def _rate(value: float | None) -> float | str:
    return "" if value is None else round(value, 1)


def _summary(wb: Workbook, data: ReportData, t: dict[str, str]) -> None:
    ws = _sheet(wb, t["sheet_summary"], [8, 58, 14, 14], frozen="A6", title_rows="5:5")
    period = (f"{t['from']} {data.start:%d/%m/%Y} {t['to']} {data.end:%d/%m/%Y}" if data.start
              else f"{t['until']} {data.end:%d/%m/%Y}")
    ws.append([_styled(ws, data.title, "dd_bold")])
    for text in (data.scope, f"{t['period']}: {period}",
                 f"{t['as_of']} {data.as_of:%d/%m/%Y}; {t['made_at']} {data.made_at:%H:%M %d/%m/%Y}"):
        ws.append([text])
    ws.append(_header(ws, t, ("col_no", "col_item", "col_count", "col_share")))
    c = data.totals
    assert c is not None, "a workbook is made with its totals"

    def share(part: int) -> float | str:
        return round(100.0 * part / c.total, 1) if c.total else ""

    rows = [
        ("1", t["total_tasks"], c.total, share(c.total) if c.total else "", True),
        ("2", t["done"], c.done, share(c.done), True),
        ("2.1", t["done_on_time"], c.done_on_time, share(c.done_on_time), False),
        ("2.2", t["done_late"], c.done_late, share(c.done_late), False),
        ("3", t["not_done"], c.not_done, share(c.not_done), True),
        ("3.1", t["open_in_term"], c.open_in_term, share(c.open_in_term), False),
        ("3.2", t["overdue"], c.overdue, share(c.overdue), False),
        ("4", t["no_deadline"], c.no_deadline, share(c.no_deadline), True),
        ("4.1", t["no_deadline_done"], c.no_deadline_done, share(c.no_deadline_done), False),
        ("4.2", t["no_deadline_open"], c.no_deadline_open, share(c.no_deadline_open), False),
        ("5", t["rate"], _rate(c.on_time_rate), "", True),
    ]
    for number, item, count, part, bold in rows:
        if bold:
            ws.append([_styled(ws, number, "dd_bold"), _styled(ws, item, "dd_bold"),
                       _styled(ws, count, "dd_bold"), part])
        else:
            ws.append([number, item, count, part])
    ws.append([])
    for key in ("note_tasks", "note_rate", "note_period"):
        ws.append([None, _styled(ws, t[key], "dd_wrap")])


def _units(wb: Workbook, data: ReportData, t: dict[str, str]) -> None:
    ws = _sheet(wb, t["sheet_units"], [6, 44, 10, 14, 14, 14, 14, 12, 14])
    ws.append(_header(ws, t, ("col_no", "col_unit", "col_total", "done_on_time", "done_late", "open_in_term",
                              "overdue", "no_deadline", "col_rate")))
    for number, row in enumerate(data.units, start=1):
        ws.append([number, row.unit_name, row.total, row.done_on_time, row.done_late, row.open_in_term,
                   row.overdue, row.no_deadline, _rate(row.on_time_rate)])
    ws.append([])
    ws.append([None, _styled(ws, t["note_units"], "dd_wrap")])


def _tasks(wb: Workbook, data: ReportData, t: dict[str, str]) -> None:
    from bot.services.report_files import task_lines

    ws = _sheet(wb, t["sheet_tasks"], [6, 24, 60, 30, 30, 12, 24, 10, 10, 50, 12], plain=True)
    assert isinstance(ws, PlainRowsWorksheet)
    ws.append(_header(ws, t, ("col_no", "col_notice", "col_task", "col_leads", "col_coordinators",
                              "col_deadline", "col_state", "col_days_late", "col_percent", "col_progress",
                              "col_acknowledged")))
    date_cell = _styled(ws, None, "dd_date")
    notices: dict[tuple[str, object], str] = {}

    def rows() -> Iterator[tuple[object, ...]]:
        for number, line in enumerate(task_lines(data.rows, data.as_of), start=1):
            # the notice's date goes into its label; only the deadline is a date cell
            label = notices.get((line.notice, line.issued_on))
            if label is None:
                label = notices[(line.notice, line.issued_on)] = line.notice + (
                    f" {t['issued']} {line.issued_on:%d/%m/%Y}" if line.issued_on else "")
            yield (number, label, line.text, line.leads, line.coordinators, line.deadline or t["none"],
                   t[line.bucket], line.days_late, line.percent, line.progress, line.acknowledged)

    ws.append_plain(rows(), date_style=date_cell.style_id)


def build_workbook(data: ReportData, labels: dict[str, str]) -> Workbook:
    wb = Workbook(write_only=True)
    for style in _named_styles():
        wb.add_named_style(style)
    _summary(wb, data, labels)
    _units(wb, data, labels)
    _tasks(wb, data, labels)
    wb.properties.title = data.title
    wb.properties.creator = "dondoc"
    return wb
