"""Scanned notices read by character recognition parse like the text they show; what the reader repairs;
its limits (page cap, time limit per page) and a server without Tesseract."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from PIL import Image
from rapidfuzz import fuzz

from bot.parser import parse_notice
from bot.parser.directory import UnitDirectory, UnitEntry
from bot.parser.readers import DocumentError, DocumentErrorReason, read
from bot.parser.readers import scan as scan_module
from bot.parser.readers.ocr_image import skew_angle
from bot.parser.readers.ocr_repair import repair_line_start, repair_text
from bot.parser.readers.tools import find_tools
from messages.render import render
from tests.parser.ocr_pages import (
    NOTICE,
    NOTICE_UNITS,
    TABLE_NOTICE,
    as_photo,
    image_bytes,
    image_pdf,
    render_pages,
)

needs_ocr = pytest.mark.skipif(
    not find_tools().ocr, reason="Tesseract with its Vietnamese data (tesseract-ocr-vie) is not installed"
)
DIRECTORY = UnitDirectory(units=[UnitEntry(name=name) for name in NOTICE_UNITS])


def assert_same_notice(scanned_text: str, notice: str = NOTICE) -> None:
    """The scan gives the typed notice's tasks: same units, deadlines, recurrence, near-same words."""
    scanned = parse_notice(scanned_text, directory=DIRECTORY)
    typed = parse_notice(notice, directory=DIRECTORY)
    assert typed.tasks and scanned.notice.number == typed.notice.number
    assert scanned.notice.issued_on == typed.notice.issued_on
    assert [(t.units, t.coordinators, t.deadline, t.recurrence) for t in scanned.tasks] == [
        (t.units, t.coordinators, t.deadline, t.recurrence) for t in typed.tasks
    ]
    for found, written in zip(scanned.tasks, typed.tasks, strict=True):
        assert fuzz.ratio(found.text, written.text) >= 95, (found.text, written.text)
    assert scanned.unknown_units == []


@needs_ocr
def test_an_image_only_pdf_of_two_pages_parses_like_its_text():
    pages = render_pages(NOTICE, font_pt=16)
    assert len(pages) == 2
    progress: list[tuple[int, int]] = []

    reading = read(image_pdf(pages), "tb-58-scan.pdf", on_page=lambda *pages: progress.append(pages))

    assert progress == [(0, 2), (1, 2), (2, 2)]
    assert reading.scan is not None
    assert [p.page for p in reading.scan.pages] == [1, 2] and reading.scan.confidence > 85
    assert reading.scan.weak_pages == []
    assert "2" not in [line.strip() for line in reading.text.splitlines()]  # the page number is dropped
    assert_same_notice(reading.text)


@needs_ocr
def test_a_phone_photo_with_a_seal_and_a_signature_parses_like_its_text():
    photo = as_photo(render_pages(NOTICE)[0])
    assert max(photo.size) == 1280  # what Telegram keeps of a photo

    reading = read(image_bytes(photo, "PNG"), "anh-thong-bao.png")

    assert reading.scan is not None and len(reading.scan.pages) == 1
    assert_same_notice(reading.text)


@needs_ocr
def test_a_scanned_appendix_table_gives_one_task_per_row_with_its_units_and_deadline():
    pages = render_pages(TABLE_NOTICE)

    reading = read(image_pdf(pages), "ke-hoach-61.pdf")

    rows = [line.split("\t") for line in reading.text.splitlines() if "\t" in line]
    assert [len(row) for row in rows] == [5, 5, 5, 5]
    assert rows[3][2:] == ["Phòng Văn hóa - Xã hội", "", "30/6/2026"]
    assert_same_notice(reading.text, TABLE_NOTICE)


@needs_ocr
def test_a_blank_scan_says_no_text_was_recognised():
    blank = Image.new("L", (150, 210), 255)
    with pytest.raises(DocumentError) as caught:
        read(image_pdf([blank], dpi=72), "trang-trang.pdf")
    assert caught.value.reason is DocumentErrorReason.no_text_recognised


def test_a_scan_over_the_page_cap_is_refused_before_any_page_is_recognised(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # any call to Tesseract would fail loudly
    pages = [Image.new("L", (60, 85), 255) for _ in range(scan_module.MAX_SCAN_PAGES + 1)]
    with pytest.raises(DocumentError) as caught:
        read(image_pdf(pages, dpi=10), "ho-so-200-trang.pdf")
    assert caught.value.reason is DocumentErrorReason.scan_too_long
    message = render("errors/document_error.html.j2", reason=caught.value.reason, filename="hồ sơ.pdf",
                     max_scan_pages=30)
    assert "bản quét dài quá 30 trang" in message


def _fake_tesseract(folder: Path, script: str) -> None:
    """A `tesseract` program on PATH that behaves as the test needs."""
    program = folder / "tesseract"
    program.write_text("#!/bin/sh\n" + script)
    program.chmod(program.stat().st_mode | stat.S_IEXEC)


def test_a_server_without_tesseract_names_what_it_lacks_in_one_line(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DocumentError) as caught:
        read(image_bytes(Image.new("L", (60, 85), 255)), "anh.jpg")
    assert caught.value.reason is DocumentErrorReason.ocr_missing
    message = render("errors/document_error.html.j2", reason=caught.value.reason, filename="anh.jpg")
    assert message.splitlines() == [
        "Không đọc được tệp <b>anh.jpg</b>: đây là bản quét hoặc ảnh chụp, nhưng máy chủ chưa cài phần "
        "mềm nhận dạng chữ Tesseract (gói tesseract-ocr và tesseract-ocr-vie); vui lòng báo quản trị viên "
        "cài đặt, hoặc gửi tệp .docx hay PDF có lớp chữ."
    ]


def test_tesseract_without_vietnamese_data_is_named_as_such(monkeypatch, tmp_path):
    _fake_tesseract(tmp_path, 'echo "List of available languages (2):"; echo eng; echo osd\n')
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DocumentError) as caught:
        read(image_bytes(Image.new("L", (60, 85), 255)), "anh.png")
    assert caught.value.reason is DocumentErrorReason.ocr_language_missing
    message = render("errors/document_error.txt.j2", reason=caught.value.reason, filename="anh.png")
    assert len(message.splitlines()) == 1 and "(gói tesseract-ocr-vie)" in message


# Two recognised lines, as Tesseract's TSV gives them: a unit heading whose "1." came out as "l.",
# and a bullet with a date misread and split by spaces.
_PAGE_ONE_TSV = "\\n".join([
    "level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop\\twidth\\theight\\tconf\\ttext",
    *(f"5\\t1\\t1\\t1\\t{line}\\t{n}\\t{x}\\t{y}\\t{w}\\t40\\t{conf}\\t{word}"
      for line, n, x, y, w, conf, word in [
        (1, 1, 300, 300, 40, 91, "l."), (1, 2, 360, 300, 150, 95, "Công"), (1, 3, 530, 300, 60, 96, "an"),
        (1, 4, 610, 300, 190, 94, "phường"),
        (2, 1, 300, 380, 20, 93, "-"), (2, 2, 340, 380, 160, 96, "Tuần"), (2, 3, 520, 380, 100, 95, "tra"),
        (2, 4, 640, 380, 140, 96, "trước"), (2, 5, 800, 380, 110, 95, "ngày"),
        (2, 6, 930, 380, 130, 70, "3O/4"),
        (2, 7, 1080, 380, 20, 80, "/"), (2, 8, 1120, 380, 120, 88, "2026."),
    ]),
])


def test_a_page_over_its_time_limit_is_skipped_and_named_while_the_others_are_read(monkeypatch, tmp_path):
    # Page 1 is read at once; page 2 never finishes and must be killed at the time limit.
    _fake_tesseract(tmp_path, f"""
if [ "$1" = "--list-langs" ]; then echo vie; exit 0; fi
cat >/dev/null
if [ -e "{tmp_path}/page-1-done" ]; then exec sleep 60; fi
touch "{tmp_path}/page-1-done"
printf '{_PAGE_ONE_TSV}\\n'
""")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(scan_module, "PAGE_TIMEOUT", 1.0)
    pages = [Image.new("L", (1400, 1000), 255), Image.new("L", (1400, 1000), 255)]

    reading = read(image_pdf(pages, dpi=300), "tb-hai-trang.pdf")

    assert reading.text == "1. Công an phường\n- Tuần tra trước ngày 30/4/2026."
    assert reading.scan is not None
    assert [(p.page, p.read) for p in reading.scan.weak_pages] == [(2, False)]
    assert reading.scan.confidence == pytest.approx(90.8, abs=0.1)  # page 1's words only


@pytest.mark.parametrize(
    ("line", "repaired"),
    [
        ("l. Văn phòng HĐND và UBND phường", "1. Văn phòng HĐND và UBND phường"),
        ("3, Phòng Y tế", "3. Phòng Y tế"),
        ("2.l. Giao Phòng Nội vụ", "2.1. Giao Phòng Nội vụ"),
        ("1 . Công an phường", "1. Công an phường"),
        ("l0. Trung tâm Y tế", "10. Trung tâm Y tế"),
        ("— Rà soát hồ sơ", "- Rà soát hồ sơ"),
        # Left alone: a Roman numeral, a wrapped line that starts with a number, a year.
        ("I. NHIỆM VỤ TRỌNG TÂM", "I. NHIỆM VỤ TRỌNG TÂM"),
        ("15, các phòng chuyên môn", "15, các phòng chuyên môn"),
        ("2026, UBND phường", "2026, UBND phường"),
    ],
)
def test_misread_list_markers_are_set_right_at_the_start_of_a_line(line, repaired):
    assert repair_line_start(line) == repaired


@pytest.mark.parametrize(
    ("text", "repaired"),
    [
        ("từ ngày 0l/7/2025", "từ ngày 01/7/2025"),
        ("trước ngày 3O/6/2O26.", "trước ngày 30/6/2026."),
        ("trước ngày 30 / 6 / 2026", "trước ngày 30/6/2026"),
        ("trước ngày 15/6/ 2026", "trước ngày 15/6/2026"),
        ("trong tháng 7 /2026", "trong tháng 7/2026"),
        ("trước ngày 30.6/2026", "trước ngày 30/6/2026"),
        # Not dates, or not repairable: unchanged.
        ("Quyết định số 12/2026/QĐ-UBND", "Quyết định số 12/2026/QĐ-UBND"),
        ("đạt 17/18 chỉ tiêu", "đạt 17/18 chỉ tiêu"),
        ("ngày 45/13/2026", "ngày 45/13/2026"),
    ],
)
def test_misread_dates_are_set_right(text, repaired):
    assert repair_text(text) == repaired


@pytest.mark.parametrize("degrees", [-4.0, 2.5])
def test_a_crooked_page_is_found_crooked_by_as_much_as_it_was_turned(degrees):
    page = render_pages(NOTICE, dpi=100, skew_degrees=degrees)[0]
    assert skew_angle(page) == pytest.approx(-degrees, abs=0.3)
    assert skew_angle(render_pages(NOTICE, dpi=100)[0]) == pytest.approx(0.0, abs=0.2)
