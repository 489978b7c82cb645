"""`dondoc parse`: JSON schema, the Vietnamese table, the no-task sentence and bad-file errors."""

import json

import pytest

from bot.cli import main

NOTICE = """Số: 41/TB-UBND

Phường An Khánh, ngày 15 tháng 5 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch UBND phường tại phiên họp tháng 5 năm 2026

1. Giao Phòng Kinh tế, Hạ tầng và Đô thị chủ trì, phối hợp Công an phường:

- Xử lý dứt điểm các điểm tập kết rác trái phép, hoàn thành trước ngày 30/6/2026.

- Định kỳ hằng tuần báo cáo kết quả kiểm tra trật tự đô thị.

2. Đề nghị Điện lực khu vực:

Bảo đảm cấp điện ổn định cho các khu dân cư.
"""


@pytest.fixture
def notice_file(tmp_path):
    path = tmp_path / "ket-luan.txt"
    path.write_text(NOTICE, encoding="utf-8")
    return path


def test_json_output_has_the_scorer_schema_and_extra_fields(notice_file, capsys):
    assert main(["parse", str(notice_file), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["notice"]["number"] == "41/TB-UBND"
    assert data["notice"]["kind"] == "conclusion"
    first, second, third = data["tasks"]
    assert {"units", "coordinators", "text", "deadline", "recurrence", "kind", "section"} <= set(first)
    assert first["units"] == ["Phòng Kinh tế, Hạ tầng và Đô thị"]
    assert first["coordinators"] == ["Công an phường"]
    assert first["deadline"] == "2026-06-30"
    assert second["recurrence"] == "weekly"
    assert third["kind"] == "request"
    assert data["unknown_units"] == []


def test_table_output_groups_tasks_by_unit_in_vietnamese(notice_file, capsys):
    assert main(["parse", str(notice_file)]) == 0
    out = capsys.readouterr().out
    assert "Loại văn bản: Thông báo kết luận số 41/TB-UBND" in out
    assert "==== Phòng Kinh tế, Hạ tầng và Đô thị ====" in out
    assert "Chủ trì (2):" in out
    assert "Hạn: 30/06/2026 | Lặp lại: không" in out
    assert "Lặp lại: hằng tuần" in out
    assert "==== Công an phường ====\nPhối hợp (2):" in out
    assert "(Đề nghị) Bảo đảm cấp điện" in out


def test_a_notice_that_assigns_nothing_says_so(tmp_path, capsys):
    path = tmp_path / "tin-tuc.md"
    path.write_text("Sáng nay, UBND phường đã tổ chức hội nghị tổng kết công tác năm.\n", encoding="utf-8")
    assert main(["parse", str(path)]) == 0
    assert "Văn bản này không giao nhiệm vụ cụ thể cho đơn vị nào" in capsys.readouterr().out


@pytest.mark.parametrize(("name", "content"), [("bang-tinh.xlsx", b"PK\x03\x04"), ("rong.txt", b"")])
def test_bad_file_gets_a_vietnamese_error_naming_supported_formats(tmp_path, capsys, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["parse", str(path), "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f'Không đọc được tệp "{name}"' in captured.err
    formats = ".docx, .doc, .odt, .rtf, .pdf (cả bản quét), ảnh .jpg, .png, .tif, .txt, .md."
    assert f"Định dạng được hỗ trợ: {formats}" in captured.err
    assert "Traceback" not in captured.err


def test_missing_file_is_reported_not_raised(tmp_path, capsys):
    assert main(["parse", str(tmp_path / "khong-co.docx")]) == 1
    assert "Không mở được tệp" in capsys.readouterr().err


def test_unit_directory_reports_unknown_units(notice_file, tmp_path, capsys):
    units = tmp_path / "units.yaml"
    units.write_text(
        "units:\n  - name: Phòng Kinh tế, Hạ tầng và Đô thị\n    kind: department\n", encoding="utf-8"
    )
    assert main(["parse", str(notice_file), "--json", "--units", str(units)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["tasks"][0]["units"] == ["Phòng Kinh tế, Hạ tầng và Đô thị"]
    assert "Công an phường" in data["unknown_units"]


def test_broken_unit_directory_is_a_clear_error(notice_file, tmp_path, capsys):
    assert main(["parse", str(notice_file), "--units", str(tmp_path / "none.yaml")]) == 1
    assert "Không tìm thấy danh mục đơn vị" in capsys.readouterr().err
