"""Reading uploaded notices: the text each format gives the parser, and the refusals."""

from __future__ import annotations

import codecs
import io
import random
import unicodedata
import zipfile

import pdfplumber
import pytest

from bot.parser.readers import DocumentError, DocumentErrorReason, read_document
from messages.render import render
from tests.parser import sample_notice
from tests.parser.docs import (
    NoticePdf,
    add_num,
    add_numbering,
    docx_bytes,
    new_document,
    number_paragraph,
)

# --- text ------------------------------------------------------------------------------------------


def test_text_with_bom_crlf_and_decomposed_accents_reads_as_nfc_lines():
    decomposed = unicodedata.normalize("NFD", "Giao Phòng Tài chính - Kế hoạch:\r\n- Rà soát hồ sơ.\r\n")
    text = read_document(codecs.BOM_UTF8 + decomposed.encode("utf-8"), "thong-bao.txt")
    assert text == "Giao Phòng Tài chính - Kế hoạch:\n- Rà soát hồ sơ."
    assert unicodedata.is_normalized("NFC", text)


def test_bullet_glyphs_and_page_feeds_become_dashes_and_lines():
    raw = "Giao Phòng Y tế:\n• Kiểm tra chợ;\n\uf0b7\tTập huấn;\fKý tên"
    assert read_document(raw.encode(), "tb.txt").splitlines() == [
        "Giao Phòng Y tế:", "- Kiểm tra chợ;", "- Tập huấn;", "Ký tên",
    ]


def test_markdown_and_utf16_with_bom_are_read():
    assert read_document("**1. Giao Công an quận:**".encode(), "tb.md") == "**1. Giao Công an quận:**"
    utf16 = "Ủy ban nhân dân phường\tHằng tháng".encode("utf-16")
    assert read_document(utf16, "bang.TXT") == "Ủy ban nhân dân phường\tHằng tháng"


def test_text_in_a_legacy_encoding_is_refused_not_garbled():
    with pytest.raises(DocumentError) as caught:
        read_document("Pho\u0300ng T\u01b0 pha\u0301p".encode("cp1258"), "cu.txt")
    assert caught.value.reason == DocumentErrorReason.unreadable


# --- docx ------------------------------------------------------------------------------------------


def test_docx_numbering_is_rendered_from_the_numbering_definitions():
    document = new_document()
    num = add_numbering(document, [("upperRoman", "%1."), ("decimal", "%1.%2."), ("lowerLetter", "%3)")])
    for level, text in [(0, "NHIỆM VỤ"), (1, "Giao Phòng Nội vụ:"), (2, "Rà soát"), (2, "Báo cáo"),
                        (1, "Giao Phòng Y tế:"), (2, "Kiểm tra"), (0, "TỔ CHỨC THỰC HIỆN")]:
        number_paragraph(document.add_paragraph(text), num, level)
    lines = read_document(docx_bytes(document), "tb.docx").splitlines()
    # The second-level label reads "%1.%2." with the first level's counter in decimal form only
    # when the definition says so; here level 1 is upperRoman, so it shows as "I.1.".
    assert lines == ["I. NHIỆM VỤ", "I.1. Giao Phòng Nội vụ:", "a) Rà soát", "b) Báo cáo",
                     "I.2. Giao Phòng Y tế:", "a) Kiểm tra", "II. TỔ CHỨC THỰC HIỆN"]


def test_docx_lists_sharing_a_definition_continue_and_a_start_override_restarts():
    document = new_document()
    first = add_numbering(document, [("decimal", "%1.")], num_id=60)
    pasted = add_num(document, abstract_id=60, num_id=61)
    restarted = add_num(document, abstract_id=60, num_id=62, restart_at=1)
    for num, text in [(first, "Phòng Nội vụ"), (first, "Phòng Y tế"), (pasted, "Công an quận"),
                      (restarted, "Rà soát"), (restarted, "Báo cáo")]:
        number_paragraph(document.add_paragraph(text), num)
    assert read_document(docx_bytes(document), "tb.docx").splitlines() == [
        "1. Phòng Nội vụ", "2. Phòng Y tế", "3. Công an quận", "1. Rà soát", "2. Báo cáo",
    ]


def test_docx_bullets_become_dashes_and_bold_runs_merge_into_one_span():
    document = new_document()
    bullets = add_numbering(document, [("bullet", "\uf0b7")], num_id=70)
    heading = document.add_paragraph()
    heading.add_run("2.8. Giao ").bold = True
    heading.add_run("Phòng Kinh tế").bold = True
    heading.add_run(" chủ trì, phối hợp UBND các phường:")
    number_paragraph(document.add_paragraph("Kiểm tra chợ."), bullets)
    document.add_paragraph("- Gạch đầu dòng gõ tay.")
    assert read_document(docx_bytes(document), "tb.docx").splitlines() == [
        "**2.8. Giao Phòng Kinh tế** chủ trì, phối hợp UBND các phường:",
        "- Kiểm tra chợ.",
        "- Gạch đầu dòng gõ tay.",
    ]


def test_docx_tabs_typed_for_spacing_are_not_taken_for_table_columns():
    document = new_document()
    document.add_paragraph("1.\tGiao Phòng Kinh tế:")
    document.add_paragraph("\t- Kiểm tra chợ;")
    document.add_paragraph("Số: 15/TB-UBND\t\t\tPhú Nhuận, ngày 20 tháng 01 năm 2026")
    assert read_document(docx_bytes(document), "tb.docx").splitlines() == [
        "1. Giao Phòng Kinh tế:",
        "- Kiểm tra chợ;",
        "Số: 15/TB-UBND\tPhú Nhuận, ngày 20 tháng 01 năm 2026",
    ]


def test_docx_line_breaks_inside_a_paragraph_start_new_lines():
    document = new_document()
    paragraph = document.add_paragraph()
    heading = paragraph.add_run("Giao Phòng Kinh tế:")
    heading.bold = True
    heading.add_break()  # Shift+Enter, as clerks type bullets under a heading
    paragraph.add_run("- Kiểm tra chợ;").add_break()
    paragraph.add_run("- Tập huấn.")
    assert read_document(docx_bytes(document), "tb.docx").splitlines() == [
        "**Giao Phòng Kinh tế:**", "- Kiểm tra chợ;", "- Tập huấn.",
    ]


def test_docx_table_rows_keep_body_order_and_join_cell_paragraphs():
    document = new_document()
    document.add_paragraph("PHỤ LỤC")
    table = document.add_table(rows=4, cols=3)
    header = ("Nội dung", "Cơ quan chủ trì", "Thời hạn")
    for row in (0, 2):  # the header row repeated after a page break
        for col, text in enumerate(header):
            table.cell(row, col).text = text
    table.cell(1, 0).text = "Rà soát các hộ kinh doanh"
    table.cell(1, 0).add_paragraph("trên địa bàn phường")  # a sentence continued: joined with a space
    table.cell(1, 1).text = "Phòng Kinh tế"
    table.cell(1, 1).add_paragraph("UBND các phường")  # two unit names: joined with "; "
    table.cell(1, 2).text = "Quý II/2026"
    merged = table.cell(3, 0).merge(table.cell(3, 2))
    merged.text = "II. LĨNH VỰC VĂN HÓA - XÃ HỘI"
    document.add_paragraph("Nơi nhận:")
    assert read_document(docx_bytes(document), "tb.docx").splitlines() == [
        "PHỤ LỤC",
        "Nội dung\tCơ quan chủ trì\tThời hạn",
        "Rà soát các hộ kinh doanh trên địa bàn phường\tPhòng Kinh tế; UBND các phường\tQuý II/2026",
        "Nội dung\tCơ quan chủ trì\tThời hạn",
        "II. LĨNH VỰC VĂN HÓA - XÃ HỘI",  # a merged cell appears once
        "Nơi nhận:",
    ]


def test_docx_vertically_merged_cell_is_written_once_and_keeps_the_columns():
    document = new_document()
    table = document.add_table(rows=3, cols=3)
    for col, text in enumerate(("Nội dung", "Cơ quan chủ trì", "Thời hạn")):
        table.cell(0, col).text = text
    table.cell(1, 0).text = "Kiểm tra chợ"
    table.cell(2, 0).text = "Kiểm tra bếp ăn tập thể"
    table.cell(1, 1).merge(table.cell(2, 1)).text = "Phòng Y tế"
    table.cell(1, 2).text = "Quý I/2026"
    table.cell(2, 2).text = "Quý II/2026"
    assert read_document(docx_bytes(document), "tb.docx").splitlines()[1:] == [
        "Kiểm tra chợ\tPhòng Y tế\tQuý I/2026",
        "Kiểm tra bếp ăn tập thể\t\tQuý II/2026",
    ]


def test_docx_borderless_two_column_header_reads_as_lines_but_a_ruled_table_keeps_its_columns():
    document = new_document()
    header = document.add_table(rows=1, cols=2)  # no borders: layout, as Word notices start
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN"
    header.cell(0, 0).add_paragraph("QUẬN PHÚ NHUẬN")
    header.cell(0, 0).add_paragraph("Số: 15/TB-UBND")
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    header.cell(0, 1).add_paragraph("Phú Nhuận, ngày 20 tháng 01 năm 2026")
    tasks = document.add_table(rows=2, cols=2, style="Table Grid")
    for col, text in enumerate(("Nhiệm vụ", "Đơn vị thực hiện")):
        tasks.cell(0, col).text = text
    tasks.cell(1, 0).text = "Rà soát hộ nghèo"
    tasks.cell(1, 1).text = "Phòng Nội vụ"
    assert read_document(docx_bytes(document), "tb.docx").splitlines() == [
        "ỦY BAN NHÂN DÂN",
        "QUẬN PHÚ NHUẬN",
        "Số: 15/TB-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Phú Nhuận, ngày 20 tháng 01 năm 2026",
        "Nhiệm vụ\tĐơn vị thực hiện",
        "Rà soát hộ nghèo\tPhòng Nội vụ",
    ]


def test_docx_sample_notice_reads_like_its_text():
    text = read_document(sample_notice.as_docx(), "tb.docx")
    assert text.replace("**", "") == sample_notice.as_text().strip()
    assert "**1. Giao Phòng Tài chính - Kế hoạch chủ trì, phối hợp Chi cục Thuế quận:**" in text


# --- pdf -------------------------------------------------------------------------------------------


def _page_texts(data: bytes) -> list[list[str]]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text().splitlines() for page in pdf.pages]


def _pdf_with_bullet_across_pages() -> bytes:
    """Pad the preamble until a bullet's lines straddle the first page break."""
    for pad in range(3, 14):
        data = sample_notice.as_pdf(pad_lines=pad)
        pages = _page_texts(data)
        first_body_line_of_page_2 = pages[1][1]  # after the running header
        if first_body_line_of_page_2[:1].islower():
            return data
    raise AssertionError("no padding puts a page break inside a bullet")


def test_pdf_lines_rejoin_into_the_notice_paragraphs_without_page_furniture():
    data = _pdf_with_bullet_across_pages()
    pages = _page_texts(data)
    assert len(pages) >= 2 and pages[0][-1] == "1" and pages[1][0].startswith("UBND QUẬN")
    lines = read_document(data, "tb.pdf").splitlines()
    expected = [line for line in sample_notice.as_text().splitlines() if line]
    content = [line.replace("**", "") for line in lines if not line.startswith("Ngày 20 tháng 01")]
    preamble = next(line for line in expected if line.startswith("Ngày 20 tháng 01"))
    assert content == [line for line in expected if line != preamble]
    assert all(line == preamble for line in lines if line.startswith("Ngày 20 tháng 01"))
    assert not any("UBND QUẬN HAI BÀ TRƯNG" in line for line in lines)


class _FootnotedPdf(NoticePdf):
    FOOTNOTE = (
        "1 Kế hoạch số 01/KH-UBND ngày 02/01/2026 của UBND quận về phát triển kinh tế - xã hội năm 2026, "
        "được ban hành sau khi có ý kiến của Thường trực Quận ủy."
    )

    def footer(self) -> None:
        if self.page_no() == 1:
            self.set_y(-32)
            self.set_font("DejaVu", size=7)
            self.multi_cell(0, 3.5, self.FOOTNOTE)
        super().footer()


def test_pdf_footnote_moves_after_the_body_and_does_not_cut_a_bullet():
    bullet = ("- Rà soát, tổng hợp nhu cầu vốn đầu tư công năm 2026 của các phòng, ban, ngành và UBND các "
              "phường, tham mưu UBND quận phân bổ vốn, báo cáo kết quả trước ngày 15/02/2026.")
    for count in range(12, 20):
        pdf = _FootnotedPdf()
        pdf.set_auto_page_break(True, margin=36)
        pdf.add_page()
        for _ in range(count):
            pdf.paragraph(bullet, indent=10)
        data = pdf.bytes()
        if _page_texts(data)[1][1][:1].islower():  # page 2 opens inside a bullet
            break
    else:
        raise AssertionError("no bullet count puts a page break inside a bullet")
    assert read_document(data, "tb.pdf").splitlines() == [bullet] * count + [_FootnotedPdf.FOOTNOTE]


def test_pdf_header_columns_stay_on_their_rows_separated_by_tabs():
    pdf = NoticePdf(header=None)
    pdf.add_page()
    rows = [
        ("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("QUẬN PHÚ NHUẬN", "Độc lập - Tự do - Hạnh phúc"),
        ("Số: 15/TB-UBND", "Phú Nhuận, ngày 20 tháng 01 năm 2026"),
    ]
    for left, right in rows:
        pdf.cell(70, 6, left, align="C")
        pdf.cell(0, 6, right, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.paragraph("Ngày 20 tháng 01 năm 2026, Chủ tịch UBND quận chủ trì phiên họp UBND quận để kiểm điểm "
                  "kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội tháng 01.", indent=10)
    lines = read_document(pdf.bytes(), "tb.pdf").splitlines()
    assert lines[:3] == ["\t".join(row) for row in rows]
    assert lines[3].startswith("Ngày 20 tháng 01 năm 2026,") and lines[3].endswith("tháng 01.")
    assert len(lines) == 4


def test_pdf_ruled_table_rows_keep_columns_stacked_units_and_repeated_headers():
    header = ("TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn")
    rows = [
        (str(i), f"Kiểm tra an toàn thực phẩm tại các chợ, cơ sở kinh doanh đợt {i}",
         "Phòng Y tế\nTrung tâm Y tế quận", "Phòng Lao động - Thương binh và Xã hội",
         f"Trước ngày {i}/3/2026")
        for i in range(1, 31)
    ]
    pdf = NoticePdf()
    pdf.add_page()
    pdf.set_font("DejaVu", size=9)
    with pdf.table(col_widths=(10, 60, 35, 30, 30), line_height=5) as table:  # headings repeat per page
        for row in [header, *rows]:
            table.row(row)
    data = pdf.bytes()
    assert len(_page_texts(data)) >= 2
    header_line = "\t".join(f"**{cell}**" for cell in header)  # fpdf2 sets headings in bold
    lines = read_document(data, "pl.pdf").splitlines()
    assert lines[0] == header_line and lines.count(header_line) >= 2
    body = [line for line in lines if line != header_line]
    assert body == [
        f"{i}\tKiểm tra an toàn thực phẩm tại các chợ, cơ sở kinh doanh đợt {i}\tPhòng Y tế; Trung tâm Y tế "
        f"quận\tPhòng Lao động - Thương binh và Xã hội\tTrước ngày {i}/3/2026"
        for i in range(1, 31)
    ]


def test_pdf_list_indented_as_a_block_keeps_each_bullet_whole():
    intro = "Giao các phòng, ban, ngành thực hiện các nhiệm vụ sau:"
    bullets = [
        "- Rà soát, tổng hợp nhu cầu vốn đầu tư công năm 2026 của các phòng, ban, ngành và UBND các phường, "
        "báo cáo trước ngày 15/02/2026.",
        "- Theo dõi tiến độ thu ngân sách trên địa bàn, đề xuất giải pháp tăng thu, chống thất thu thuế đối "
        "với hộ kinh doanh, báo cáo hằng tháng.",
    ]
    pdf = NoticePdf(header=None)
    pdf.add_page()
    pdf.paragraph(intro, indent=10)
    margin = pdf.l_margin
    pdf.set_left_margin(margin + 15)  # marker and wrapped lines share the list's indent
    for bullet in bullets:
        pdf.paragraph(bullet, gap=0)
    pdf.set_left_margin(margin)
    pdf.paragraph("Nơi nhận:", gap=0)
    assert read_document(pdf.bytes(), "tb.pdf").splitlines() == [intro, *bullets, "Nơi nhận:"]


def test_pdf_footnote_marks_and_a_diagonal_watermark_are_left_out():
    pdf = NoticePdf(header=None)
    pdf.add_page()
    pdf.paragraph("THÔNG BÁO", bold=True, indent=70)
    pdf.paragraph("Kết luận của Chủ tịch UBND quận", indent=50)
    pdf.set_x(pdf.l_margin + 10)
    pdf.write(6, "Thực hiện Kế hoạch số 01/KH-UBND")
    pdf.char_vpos = "SUP"
    pdf.write(6, "1")
    pdf.char_vpos = "LINE"
    pdf.write(6, " của UBND quận, Chủ tịch UBND quận giao các phòng, ban, ngành triển khai thực hiện các "
                 "nhiệm vụ sau đây một cách nghiêm túc, hiệu quả.")
    pdf.ln(8)
    with pdf.rotation(45, 100, 150):
        pdf.set_font("DejaVu", size=40)
        pdf.text(60, 150, "BẢN NHÁP")
    assert read_document(pdf.bytes(), "tb.pdf") == (
        "**THÔNG BÁO**\nKết luận của Chủ tịch UBND quận\n"
        "Thực hiện Kế hoạch số 01/KH-UBND của UBND quận, Chủ tịch UBND quận giao các phòng, ban, ngành "
        "triển khai thực hiện các nhiệm vụ sau đây một cách nghiêm túc, hiệu quả."
    )


def test_pdf_hyphenation_repaired_only_where_a_word_was_split():
    pdf = NoticePdf(header=None)
    pdf.add_page()
    width = pdf.epw
    lines = [
        "Triển khai hệ thống quản lý văn bản trên nền tảng Inter-",
        "net và phát triển kinh tế -",
        "xã hội, bảo đảm an ninh chính trị-",
        "xã hội trên địa bàn quận theo kế hoạch kinh-",
        "doanh đã được phê duyệt.",
    ]
    for line in lines:
        # Stretch every line but the last to the full width, as a justified hard wrap would be.
        pdf.set_stretching(100)
        if line is not lines[-1]:
            pdf.set_stretching(100 * width / pdf.get_string_width(line))
        pdf.cell(width, 6, line, new_x="LMARGIN", new_y="NEXT")
    text = read_document(pdf.bytes(), "tb.pdf")
    assert text == (
        "Triển khai hệ thống quản lý văn bản trên nền tảng Internet và phát triển kinh tế - xã hội, "
        "bảo đảm an ninh chính trị-xã hội trên địa bàn quận theo kế hoạch kinh-doanh đã được phê duyệt."
    )


# --- refusals --------------------------------------------------------------------------------------


def _zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "filename", "reason"),
    [
        (b"GIF89a....", "anh.gif", DocumentErrorReason.unsupported_type),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "bang.xls", DocumentErrorReason.unsupported_type),
        (b"Phong Noi vu", "khong-duoi", DocumentErrorReason.unsupported_type),
        (b"PK\x03\x04 truncated", "hong.docx", DocumentErrorReason.unreadable),
        (_zip_without_document(), "rong-ruot.docx", DocumentErrorReason.unreadable),
        (random.Random(7).randbytes(4000), "rac.pdf", DocumentErrorReason.unreadable),
        (b"%PDF-1.7\n" + random.Random(8).randbytes(4000), "cut.pdf", DocumentErrorReason.unreadable),
        (b"", "rong.docx", DocumentErrorReason.empty),
        (b"  \r\n\t ", "trang.txt", DocumentErrorReason.empty),
    ],
)
def test_bad_documents_raise_a_document_error_with_its_reason(data, filename, reason):
    with pytest.raises(DocumentError) as caught:
        read_document(data, filename)
    assert caught.value.reason == reason
    assert caught.value.filename == filename


TCVN3 = ("Giao Phßng Tµi chÝnh - KÕ ho¹ch chñ tr×, phèi hîp víi Chi côc ThuÕ quËn rµ so¸t nguån thu "
         "ng©n s¸ch, b¸o c¸o Uû ban nh©n d©n quËn tr\u00adíc ngµy 15/02/2026.")
VNI = ("Giao Phoøng Taøi chính - Keá hoaïch chuû trì, phoái hôïp vôùi Chi cuïc Thueá quaän raø soaùt "
       "nguoàn thu ngaân saùch, baùo caùo UÛy ban nhaân daân quaän tröôùc ngaøy 15/02/2026.")


@pytest.mark.parametrize("legacy", [TCVN3, VNI])
def test_a_docx_typed_in_a_pre_unicode_vietnamese_encoding_is_refused(legacy):
    document = new_document()
    document.add_paragraph(legacy)
    with pytest.raises(DocumentError) as caught:
        read_document(docx_bytes(document), "cu.docx")
    assert caught.value.reason == DocumentErrorReason.legacy_encoding


def test_unicode_text_with_a_few_latin_symbols_is_not_taken_for_a_legacy_encoding():
    text = ("Giao Phòng Tài chính - Kế hoạch chủ trì rà soát nguồn thu ngân sách § 2, nhiệt độ 30°C, "
            "« tiết kiệm » — báo cáo Ủy ban nhân dân quận trước ngày 15/02/2026. © UBND quận")
    assert read_document(text.encode(), "tb.txt") == text


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_damaged_copies_of_a_good_file_give_text_or_a_document_error_never_a_crash(fmt):
    good = sample_notice.as_docx() if fmt == "docx" else sample_notice.as_pdf()
    rng = random.Random(fmt)
    outcomes = set()
    for _ in range(15):
        damaged = bytearray(good)
        start = rng.randrange(len(damaged) // 4, len(damaged))
        damaged[start : start + 64] = rng.randbytes(64)
        if rng.random() < 0.3:
            damaged = damaged[: rng.randrange(len(damaged) // 2, len(damaged))]
        try:
            outcomes.add(type(read_document(bytes(damaged), f"hong.{fmt}")).__name__)
        except DocumentError as exc:
            outcomes.add(exc.reason.value)
    # A PDF whose text layer was destroyed is read as a scan (or refused if the server cannot).
    assert outcomes <= {"str", "unreadable", "empty", "no_text_recognised", *MISSING_PROGRAM}


def test_a_document_over_the_size_limit_is_refused_before_reading():
    with pytest.raises(DocumentError) as caught:
        read_document(b"x" * 2001, "to.txt", max_bytes=2000)
    assert caught.value.reason == DocumentErrorReason.too_large
    assert read_document(b"x" * 2000, "vua.txt", max_bytes=2000) == "x" * 2000


def test_a_docx_that_unpacks_to_far_more_than_the_limit_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * 6_000_000)
    data = buffer.getvalue()
    assert len(data) < 1_000_000
    with pytest.raises(DocumentError) as caught:
        read_document(data, "bom.docx", max_bytes=1_000_000)
    assert caught.value.reason == DocumentErrorReason.too_large


def test_justified_paragraphs_without_indent_or_spacing_are_told_apart():
    paragraphs = [
        "Ngày 20 tháng 01 năm 2026, Chủ tịch UBND quận chủ trì phiên họp UBND quận để kiểm điểm kết quả "
        "thực hiện nhiệm vụ phát triển kinh tế - xã hội tháng 01 và triển khai nhiệm vụ tháng 02 năm 2026.",
        "Giao Phòng Tài chính - Kế hoạch chủ trì, phối hợp với Chi cục Thuế quận rà soát nguồn thu, đề xuất "
        "giải pháp chống thất thu ngân sách, báo cáo UBND quận trước ngày 15/02/2026.",
        "Giao Công an quận tăng cường tuần tra bảo đảm an ninh trật tự trên địa bàn quận trong dịp Tết.",
    ]
    pdf = NoticePdf(header=None)
    pdf.add_page()
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, paragraph, align="J", new_x="LMARGIN", new_y="NEXT")
    assert _page_texts(pdf.bytes())[0][0] != paragraphs[0]  # really wrapped
    assert read_document(pdf.bytes(), "tb.pdf").splitlines() == paragraphs


def test_a_full_one_line_paragraph_does_not_swallow_the_next_indented_one():
    pdf = NoticePdf(header=None)
    pdf.add_page()
    indent = 10
    sentence = "Người lao động đi làm vào ngày Tết Dương lịch được tính lương thế nào theo quy định"
    words = sentence.split(" ")
    room = pdf.epw - indent - pdf.c_margin * 2
    question = words[0]
    for word in words[1:]:  # as many words as fit on one indented line
        if pdf.get_string_width(f"{question} {word}?") > room:
            break
        question = f"{question} {word}"
    question += "?"
    answer = ("Căn cứ theo quy định tại Điều 98 Bộ luật Lao động, người lao động làm việc vào ngày lễ, "
              "Tết được trả thêm tiền lương theo quy định.")
    pdf.paragraph(question, indent=indent, gap=0)
    pdf.paragraph(answer, indent=indent, gap=0)
    assert read_document(pdf.bytes(), "tb.pdf").splitlines() == [question, answer]


def test_empty_docx_body_is_reported_empty():
    with pytest.raises(DocumentError) as caught:
        read_document(docx_bytes(new_document()), "trang.docx")
    assert caught.value.reason == DocumentErrorReason.empty


# --- the message a person reads --------------------------------------------------------------------


# A server without Tesseract or LibreOffice: one line naming what it lacks (tests/parser/test_ocr*.py).
MISSING_PROGRAM = {DocumentErrorReason.ocr_missing, DocumentErrorReason.ocr_language_missing,
                   DocumentErrorReason.converter_missing}


@pytest.mark.parametrize("reason", [r for r in DocumentErrorReason if r not in MISSING_PROGRAM])
def test_every_reason_has_a_vietnamese_message_naming_the_supported_formats(reason):
    html = render("errors/document_error.html.j2", reason=reason, filename="<b>tb</b>&.doc", max_mb=20)
    first, last = html.splitlines()
    assert first.startswith("Không đọc được tệp <b>&lt;b&gt;tb&lt;/b&gt;&amp;.doc</b>: ")
    assert last == (
        "Định dạng được hỗ trợ: .docx, .doc, .odt, .rtf, .pdf (cả bản quét), ảnh .jpg, .png, .tif, .txt, .md."
    )
    text = render("errors/document_error.txt.j2", reason=reason, filename="tb.doc")
    assert text.splitlines()[0].startswith('Không đọc được tệp "tb.doc": ')


def test_messages_differ_by_reason():
    messages = {render("errors/document_error.txt.j2", reason=r, filename="a") for r in DocumentErrorReason}
    assert len(messages) == len(DocumentErrorReason)


# --- the parser sees the same notice whatever the format -------------------------------------------


def _tasks(parsed):
    return [
        (" ".join(t.text.replace("**", "").split()), t.units, t.coordinators, t.deadline, t.recurrence)
        for t in parsed.tasks
    ]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_docx_and_pdf_parse_to_the_same_tasks_as_the_text(fmt):
    from bot.parser import parse_notice

    data = sample_notice.as_docx() if fmt == "docx" else _pdf_with_bullet_across_pages()
    from_text = _tasks(parse_notice(sample_notice.as_text()))
    from_file = _tasks(parse_notice(read_document(data, f"tb.{fmt}")))
    assert len(from_text) == 6
    assert from_file == from_text
    deadlines = [task[3] for task in from_file]
    assert deadlines[0].isoformat() == "2026-02-15" and deadlines[-1].isoformat() == "2026-04-30"
