"""What the office and the operator read about scans: the preview's scan note, the progress message,
the formats line of `dondoc run`; and unit names misread by recognition still reach their unit."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.parser import parse_notice
from bot.parser.directory import UnitDirectory, UnitEntry
from bot.parser.readers.tools import Tools
from bot.services.preview import summarise
from messages.render import render
from storage.models import Notice, ScannedPage
from tests.parser.ocr_pages import NOTICE_UNITS


def _scanned_notice(**fields) -> Notice:
    now = datetime(2026, 3, 12, 2, 0, tzinfo=UTC)
    values = dict(id=7, number="58/TB-UBND", issuer="UBND phường Hòa An", title=None, issued_on=None,
                  meeting_on=None, kind="conclusion", source_name="ảnh-chụp.jpg", source_sha256=None,
                  source_file_id=None, text="", status="draft", created_by=None, leader_id=None,
                  created_at=now, updated_at=now, published_at=None, withdrawn_at=None)
    return Notice(**{**values, **fields})


def test_the_scan_note_gives_the_confidence_and_names_the_weak_pages():
    notice = _scanned_notice(scan_confidence=87.44, scan_weak_pages=[
        ScannedPage(page=3, confidence=61.6), ScannedPage(page=5, confidence=0.0, read=False)])
    assert render("scan/preview_note.html.j2", n=notice).splitlines() == [
        "🔎 <b>Văn bản được đọc từ bản quét</b> bằng nhận dạng chữ (độ tin cậy 87%): vui lòng đối chiếu kỹ "
        "tên đơn vị, thời hạn và số liệu với bản gốc trước khi gửi.",
        "Trang cần kiểm tra kỹ: 3 (độ tin cậy 62%), 5 (không đọc được).",
    ]


def test_a_clean_scan_gets_the_note_without_pages_and_a_typed_notice_gets_none():
    clean = render("scan/preview_note.html.j2", n=_scanned_notice(scan_confidence=95.0))
    assert len(clean.splitlines()) == 1 and "(độ tin cậy 95%)" in clean
    typed = summarise(_scanned_notice(source_name="tb.docx"), [])
    scanned = summarise(_scanned_notice(scan_confidence=95.0), [])
    assert "bản quét" not in render("notice_preview.html.j2", preview=typed, note=None, shown=0)
    assert clean in render("notice_preview.html.j2", preview=scanned, note=None, shown=0).splitlines()


def test_the_progress_message_counts_pages():
    assert [render("scan/progress.html.j2", done=done, total=7) for done in (0, 3, 7)] == [
        "Đang nhận dạng chữ trên bản quét (7 trang)…",
        "Đang nhận dạng chữ: trang 3/7",
        "Đã nhận dạng chữ xong 7/7 trang; đang đọc nội dung…",
    ]


def test_dondoc_run_says_in_one_line_which_formats_the_server_reads():
    everything = render("cli/formats.txt.j2", tools=Tools("/usr/bin/tesseract", True, "/usr/bin/soffice"))
    assert everything == ("Định dạng thông báo nhận được: .docx, .pdf có lớp chữ, .txt, .md; bản quét và ảnh "
                          "chụp (.pdf, .jpg, .png, .tif): có; .doc, .rtf, .odt: có.")
    bare = render("cli/formats.txt.j2", tools=Tools(None, False, None))
    assert len(bare.splitlines()) == 1
    assert "thiếu Tesseract (apt-get install tesseract-ocr tesseract-ocr-vie)" in bare
    assert "thiếu LibreOffice (apt-get install libreoffice-writer-nogui)" in bare
    no_vietnamese = render("cli/formats.txt.j2", tools=Tools("/usr/bin/tesseract", False, "/usr/bin/soffice"))
    assert "thiếu dữ liệu tiếng Việt của Tesseract (apt-get install tesseract-ocr-vie)" in no_vietnamese


def test_unit_names_with_misread_diacritics_still_reach_their_unit_through_the_directory():
    directory = UnitDirectory(units=[UnitEntry(name=name) for name in NOTICE_UNITS])
    misread = "\n".join([
        "1. Phòng Văn hoá - Xã hôi",
        "- Lập danh sách hộ nghèo, gửi UBND phường trước ngày 31/3/2026.",
        "2. Phòng Kinh tê, Hạ tâng và Đô thi",
        "- Rà soát các tuyến đường bị ngập trước ngày 25/3/2026.",
    ])
    parsed = parse_notice(misread, directory=directory)
    assert [task.units for task in parsed.tasks] == [
        ["Phòng Văn hóa - Xã hội"], ["Phòng Kinh tế, Hạ tầng và Đô thị"],
    ]
    assert parsed.unknown_units == []
