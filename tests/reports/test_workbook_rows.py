"""The task sheet's plain rows read back in Excel's reader (openpyxl) as the values that went in."""

from __future__ import annotations

from datetime import date

import openpyxl
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from bot.services.report_files import task_lines
from bot.services.xlsx_rows import add_plain_sheet
from storage.models import ReportTaskRow


def test_plain_rows_follow_the_styled_header_with_text_numbers_and_dates_intact(tmp_path):
    wb = Workbook(write_only=True)
    ws = add_plain_sheet(wb, "Danh sách")
    ws.freeze_panes = "A2"
    header = WriteOnlyCell(ws, value="Nhiệm vụ")
    header.font = Font(bold=True)
    ws.append([header, "Hạn"])
    day = WriteOnlyCell(ws)
    day.number_format = "dd/mm/yyyy"
    rows = [("Rà soát <b>hộ nghèo</b> & cận nghèo", date(2026, 11, 27), 70, None, " đầu cuối "),
            ("Báo cáo\x07 quý", None, 0, "", "Đã xong 70%")] * 1500
    assert ws.append_plain(iter(rows), date_style=day.style_id) == 3000
    wb.save(tmp_path / "t.xlsx")

    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx")["Danh sách"]
    assert sheet["A1"].value == "Nhiệm vụ" and sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 3001
    assert [c.value for c in sheet[2]] == ["Rà soát <b>hộ nghèo</b> & cận nghèo", sheet["B2"].value, 70, None,
                                          " đầu cuối "]
    assert sheet["B2"].value.date() == date(2026, 11, 27) and sheet["B2"].number_format == "dd/mm/yyyy"
    assert [c.value for c in sheet[3]] == ["Báo cáo quý", None, 0, None, "Đã xong 70%"]
    assert sheet.cell(row=3001, column=5).value == "Đã xong 70%"


def test_a_tasks_units_are_listed_in_vietnamese_order_with_numbers_by_value():
    def row(assignment_id: int, unit: str, role: str) -> ReportTaskRow:
        return ReportTaskRow(assignment_id, 1, 1, "45/TB-UBND", date(2026, 11, 2), 1, "Ra quân tổng vệ sinh",
                             assignment_id, unit, role, date(2026, 11, 30), None, "new", 0, False, None)

    (line,) = task_lines([row(1, "Tổ dân phố 10", "lead"), row(2, "Đội Trật tự", "coordinate"),
                          row(3, "Tổ dân phố 2", "lead"), row(4, "Công an phường", "coordinate")],
                         date(2026, 11, 20))

    assert line.leads == "Tổ dân phố 2, Tổ dân phố 10"
    assert line.coordinators == "Công an phường, Đội Trật tự"
