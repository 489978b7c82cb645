"""A unit cell merged down over several rows (Word vertical merge) leads every row it spans."""

from pathlib import Path

from docx import Document

from bot.parser import parse_file, parse_notice

ROWS = [
    ["STT", "Nội dung", "Cơ quan chủ trì", "Thời gian hoàn thành"],
    ["1", "Lắp camera tại các nút giao trọng điểm", "Công an phường", "Quý III/2026"],
    ["2", "Xử lý điểm đen về tai nạn giao thông", "", "Tháng 10/2026"],
    ["3", "Chỉnh trang hè phố tuyến đường Lê Lợi", "Đội Quản lý trật tự đô thị", "31/12/2026"],
]
EXPECTED = [["Công an phường"], ["Công an phường"], ["Đội Quản lý trật tự đô thị"]]


def test_an_empty_unit_cell_below_a_filled_one_repeats_it_in_tab_text():
    tasks = parse_notice("\n".join("\t".join(row) for row in ROWS)).tasks
    assert [t.units for t in tasks] == EXPECTED
    assert tasks[1].deadline.isoformat() == "2026-10-31"


def test_a_vertically_merged_docx_cell_leads_each_row(tmp_path: Path):
    doc = Document()
    table = doc.add_table(rows=len(ROWS), cols=len(ROWS[0]))
    for r, row in enumerate(ROWS):
        for c, value in enumerate(row):
            if value:
                table.cell(r, c).text = value
    table.cell(1, 2).merge(table.cell(2, 2))
    path = tmp_path / "ke-hoach.docx"
    doc.save(str(path))
    tasks = parse_file(path).tasks
    assert [t.units for t in tasks] == EXPECTED


def test_a_group_title_row_stops_the_carry():
    rows = [
        ROWS[0],
        ["I", "AN NINH TRẬT TỰ", "AN NINH TRẬT TỰ", "AN NINH TRẬT TỰ"],
        ["1", "Lắp camera tại các nút giao trọng điểm", "Công an phường", "Quý III/2026"],
        ["II", "VĂN HÓA", "VĂN HÓA", "VĂN HÓA"],
        ["1", "Tổ chức Ngày hội đọc sách", "", ""],
    ]
    tasks = parse_notice("\n".join("\t".join(row) for row in rows)).tasks
    assert [t.text[:10] for t in tasks] == ["Lắp camera"]


def test_a_numbered_group_row_without_a_unit_is_not_given_the_unit_above():
    rows = [
        ["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn hoàn thành", "Ghi chú"],
        ["I", "CẢI CÁCH HÀNH CHÍNH", "", "", ""],
        ["1", "Rà soát thủ tục hành chính", "Văn phòng HĐND và UBND phường", "Quý III/2026", ""],
        ["II", "AN NINH TRẬT TỰ", "", "", ""],
        ["1", "Tuần tra khu vực chợ đêm", "Công an phường", "", ""],
    ]
    tasks = parse_notice("\n".join("\t".join(row) for row in rows)).tasks
    assert [t.text[:10] for t in tasks] == ["Rà soát th", "Tuần tra k"]
