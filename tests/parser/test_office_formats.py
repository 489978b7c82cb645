"""Word 97–2003 .doc, .rtf and .odt notices: converted by LibreOffice, then read like the .docx."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest

from bot.parser import parse_notice
from bot.parser.readers import DocumentError, DocumentErrorReason, read_document
from bot.parser.readers.tools import find_tools
from messages.render import render
from tests.parser.docs import docx_bytes, new_document
from tests.parser.ocr_pages import NOTICE

needs_office = pytest.mark.skipif(
    not find_tools().converter, reason="LibreOffice (libreoffice-writer-nogui) is not installed"
)


def _notice_docx() -> bytes:
    document = new_document()
    for line in NOTICE.splitlines():
        document.add_paragraph(line)
    return docx_bytes(document)


def _saved_as(docx: bytes, suffix: str) -> bytes:
    """The .docx saved in another format by LibreOffice, as an office would with "Save as"."""
    soffice = find_tools().soffice
    assert soffice is not None
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        (folder / "tb.docx").write_bytes(docx)
        subprocess.run(
            [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--convert-to",
             suffix.lstrip("."), "--outdir", str(folder / "out"), str(folder / "tb.docx")],
            capture_output=True, timeout=120, check=True, env={"HOME": work, "PATH": "/usr/bin:/bin"},
        )
        return (folder / "out" / f"tb{suffix}").read_bytes()


def _tasks(text: str) -> list[tuple]:
    return [(t.text, t.units, t.coordinators, t.deadline) for t in parse_notice(text).tasks]


@needs_office
def test_a_doc_saved_by_libreoffice_reads_and_parses_like_its_docx():
    docx = _notice_docx()
    doc = _saved_as(docx, ".doc")
    assert doc.startswith(b"\xd0\xcf\x11\xe0")  # an OLE2 Word 97-2003 file, not a renamed docx

    text = read_document(doc, "tb-58.doc")

    assert text == read_document(docx, "tb-58.docx")
    assert len(_tasks(text)) == 5 and _tasks(text) == _tasks(NOTICE)


@needs_office
def test_an_rtf_written_by_hand_is_read():
    # Vietnamese letters as RTF unicode escapes, as Word writes them.
    body = "Giao Phòng Văn hóa - Xã hội lập danh sách hộ nghèo, báo cáo trước ngày 31/3/2026."
    escaped = "".join(c if ord(c) < 128 else f"\\u{ord(c)}?" for c in body)
    rtf = ("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\f0\\fs26 " + escaped + "\\par}").encode()
    assert read_document(rtf, "tb.rtf") == body


@needs_office
def test_a_damaged_doc_is_unreadable_not_imported_as_plain_text():
    with pytest.raises(DocumentError) as caught:
        read_document(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00\xff" * 600, "hong.doc")
    assert caught.value.reason is DocumentErrorReason.unreadable


@needs_office
def test_a_doc_that_is_really_html_is_read():
    # Older document systems save web pages with a .doc name.
    page = "<html><body><p>Giao Công an phường tuần tra trước ngày 30/4/2026.</p></body></html>"
    assert read_document(page.encode(), "tb.doc") == "Giao Công an phường tuần tra trước ngày 30/4/2026."


def test_a_docx_renamed_to_doc_and_bytes_of_no_known_kind_need_no_libreoffice(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice
    assert read_document(_notice_docx(), "tb.doc") == read_document(_notice_docx(), "tb.docx")
    with pytest.raises(DocumentError) as caught:
        read_document(b"MZ\x90\x00 not a document", "cai-dat.doc")
    assert caught.value.reason is DocumentErrorReason.unreadable


def test_a_server_without_libreoffice_names_what_it_lacks_in_one_line(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DocumentError) as caught:
        read_document(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 Word 97", "tb.doc")
    assert caught.value.reason is DocumentErrorReason.converter_missing
    message = render("errors/document_error.html.j2", reason=caught.value.reason, filename="tb.doc")
    assert message.splitlines() == [
        "Không đọc được tệp <b>tb.doc</b>: máy chủ chưa cài LibreOffice (gói libreoffice-writer-nogui) để "
        "chuyển các định dạng .doc, .rtf, .odt; vui lòng báo quản trị viên cài đặt, hoặc mở tệp bằng Word, "
        "lưu thành .docx rồi gửi lại."
    ]
