"""Each notice layout the parser reads, with snippets written for the test."""

from datetime import date

from bot.parser import parse_notice
from bot.parser.models import Recurrence, TaskKind


def tasks_of(text):
    return parse_notice(text).tasks


def starts(tasks):
    return [t.text[:30] for t in tasks]


def test_giao_heading_with_coordinators_gives_each_bullet_to_the_lead_unit():
    text = """THÔNG BÁO
Kết luận của Chủ tịch UBND phường tại phiên họp tháng 3 năm 2026

1. Giao Phòng Văn hóa - Xã hội chủ trì, phối hợp Trung tâm Y tế, Công an phường:

- Kiểm tra các cơ sở kinh doanh karaoke trên địa bàn.

- Tổ chức tuyên truyền phòng chống dịch sốt xuất huyết.
"""
    tasks = tasks_of(text)
    assert starts(tasks) == ["Kiểm tra các cơ sở kinh doanh ", "Tổ chức tuyên truyền phòng chố"]
    for task in tasks:
        assert task.units == ["Phòng Văn hóa - Xã hội"]
        assert task.coordinators == ["Trung tâm Y tế", "Công an phường"]
        assert task.section == "1"


def test_bold_unnumbered_heading_followed_by_one_paragraph():
    text = """**Giao Ban Chỉ huy Quân sự phường chủ trì, phối hợp các cơ quan liên quan:**

Chuẩn bị tổ chức Lễ giao nhận quân năm 2027 đảm bảo đúng quy định.
"""
    (task,) = tasks_of(text)
    assert task.units == ["Ban Chỉ huy Quân sự phường"]
    assert task.coordinators == ["các cơ quan liên quan"]
    assert task.text.startswith("Chuẩn bị tổ chức Lễ giao nhận")


def test_plain_numbered_unit_headings_own_the_bullets_below_them():
    text = """I. NHIỆM VỤ CỤ THỂ

4. Trung tâm Phục vụ hành chính công

- Hướng dẫn người dân nộp hồ sơ trực tuyến.

5. Công an phường

- Tăng cường tuần tra ban đêm tại các tuyến phố chính.

- Rà soát cơ sở lưu trú, hoàn thành trước ngày 20/4/2026.
"""
    tasks = tasks_of(text)
    assert [t.units for t in tasks] == [
        ["Trung tâm Phục vụ hành chính công"],
        ["Công an phường"],
        ["Công an phường"],
    ]
    assert tasks[2].deadline == date(2026, 4, 20)
    assert tasks[1].deadline is None


def test_bullet_naming_its_own_doers_overrides_the_heading_unit():
    text = """2.3. Giao Phòng Kinh tế, Hạ tầng và Đô thị chủ trì, phối hợp UBND các phường:

- Duy trì vệ sinh môi trường các tuyến phố.

- UBND các phường Hòa An, Hòa Bình thực hiện thu gom rác đúng giờ quy định.
"""
    first, second = tasks_of(text)
    assert first.units == ["Phòng Kinh tế, Hạ tầng và Đô thị"]
    assert second.units == ["UBND phường Hòa An", "UBND phường Hòa Bình"]
    assert second.coordinators == []


def test_sentence_subjects_in_the_implementation_part():
    text = """III. TỔ CHỨC THỰC HIỆN

1. Ủy ban MTTQ Việt Nam và các đoàn thể phường căn cứ Kế hoạch này xây dựng chương trình phối hợp.

2. Giao Văn phòng HĐND và UBND phường theo dõi, đôn đốc việc thực hiện hằng tháng.
"""
    first, second = tasks_of(text)
    assert first.units == ["Ủy ban MTTQ Việt Nam", "các đoàn thể phường"]
    assert "căn cứ Kế hoạch này" in first.text
    assert second.units == ["Văn phòng HĐND và UBND phường"]
    assert second.recurrence == Recurrence.monthly


def test_giao_inside_a_paragraph_after_a_connector():
    text = """Theo đó, UBND quận giao Sở Tài chính chủ trì, phối hợp với Phòng Kinh tế rà soát dự toán.

Đồng thời, giao Ban Quản lý dự án khu vực khẩn trương bàn giao mặt bằng cho nhà thầu.
"""
    first, second = tasks_of(text)
    assert first.units == ["Sở Tài chính"]
    assert first.coordinators == ["Phòng Kinh tế"]
    assert second.units == ["Ban Quản lý dự án khu vực"]


def test_de_nghi_heading_makes_requests():
    text = """3. Đề nghị Công ty Điện lực quận, Công ty Cấp nước số 2:

Bảo đảm cấp điện, nước liên tục trong dịp Tết.
"""
    (task,) = tasks_of(text)
    assert task.kind == TaskKind.request
    assert task.units == ["Công ty Điện lực quận", "Công ty Cấp nước số 2"]


def test_tab_table_with_group_rows_and_repeated_header():
    text = """PHỤ LỤC
TT\tNội dung nhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời hạn hoàn thành
I.\tRà soát các chỉ tiêu kinh tế - xã hội năm 2026\tPhòng Tài chính - Kế hoạch\tCác phòng, ban\tQuý III/2026
1\t- Đôn đốc thu ngân sách\tChi cục Thuế; Phòng Kinh tế\tUBND các phường\tthường xuyên

TT\tNội dung nhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời hạn hoàn thành
2\tHoàn thành lịch công tác năm mới\tVăn phòng UBND quận\tCác đơn vị liên quan\ttrước ngày 31/12/2026
"""
    group, row1, row2 = tasks_of(text)
    assert group.text.startswith("Rà soát các chỉ tiêu")
    assert group.units == ["Phòng Tài chính - Kế hoạch"]
    assert row1.text == "Đôn đốc thu ngân sách"
    assert row1.units == ["Chi cục Thuế", "Phòng Kinh tế"]
    assert row1.coordinators == ["UBND các phường"]
    assert row2.deadline == date(2026, 12, 31)


def test_table_with_one_cell_per_line_between_lone_pipes():
    text = """|
STT
|
Tên nhiệm vụ
|
Cơ quan chủ trì
|
Cơ quan phối hợp
|
|
1
|
Xây dựng kho dữ liệu
dùng chung của phường
|
Phòng Văn hóa - Xã hội
|
Công an phường; Trung tâm Phục vụ hành chính công
|
"""
    (task,) = tasks_of(text)
    assert task.text == "Xây dựng kho dữ liệu dùng chung của phường"
    assert task.units == ["Phòng Văn hóa - Xã hội"]
    assert task.coordinators == ["Công an phường", "Trung tâm Phục vụ hành chính công"]


def test_markdown_pipe_table_where_the_doer_column_is_the_lead():
    text = """| TT | Nội dung | Đơn vị thực hiện | Thời gian |
|---|---|---|---|
| 1 | Tổng hợp báo cáo quý | Văn phòng UBND phường | hằng quý |
"""
    (task,) = tasks_of(text)
    assert task.units == ["Văn phòng UBND phường"]
    assert task.recurrence == Recurrence.quarterly


def test_labelled_fields_after_the_items_give_them_units_and_time():
    text = """1. Nâng cao năng lực cán bộ

- Tổ chức tập huấn nghiệp vụ cho công chức phường.

Đơn vị chủ trì: Phòng Nội vụ.

Đơn vị phối hợp: Trung tâm Chính trị quận.

Thời gian thực hiện: Hằng năm.
"""
    (task,) = tasks_of(text)
    assert task.units == ["Phòng Nội vụ"]
    assert task.coordinators == ["Trung tâm Chính trị quận"]
    assert task.recurrence == Recurrence.yearly


def test_section_deadline_applies_to_bullets_and_a_bullet_deadline_overrides():
    text = """2. Giao Phòng Tư pháp hoàn thành trước ngày 30/9/2026 các nội dung sau:

- Rà soát văn bản quy phạm pháp luật.

- Báo cáo kết quả tự kiểm tra trước ngày 15/8/2026.
"""
    first, second = tasks_of(text)
    assert first.deadline == date(2026, 9, 30)
    assert second.deadline == date(2026, 8, 15)


def test_hard_wrapped_pdf_text_is_rejoined_into_one_task():
    text = """III. TỔ CHỨC THỰC HIỆN

1. Giao Phòng Nội vụ tham mưu UBND quận kiện toàn tổ chức bộ máy các cơ

quan chuyên môn, bảo đảm hoạt động hiệu lực, hiệu quả theo đúng quy định

của pháp luật hiện hành.

2. Giao Thanh tra quận giải quyết dứt điểm các vụ việc khiếu nại tồn đọng.
"""
    first, second = tasks_of(text)
    assert first.text.endswith("theo đúng quy định của pháp luật hiện hành.")
    assert second.units == ["Thanh tra quận"]


def test_bullet_continued_after_a_page_break_stays_one_task():
    text = """1. Giao Phòng Y tế:

- Tăng cường kiểm tra an toàn thực phẩm tại các bếp ăn tập thể, nhất là

các trường mầm non trên địa bàn.

- Giám sát dịch bệnh truyền nhiễm.
"""
    tasks = tasks_of(text)
    assert len(tasks) == 2
    assert tasks[0].text.endswith("các trường mầm non trên địa bàn.")


def test_doi_voi_heading_and_role_in_parentheses():
    text = """1. Đối với Phòng Văn hóa - Xã hội:
a) Tổ chức Ngày hội đọc sách thiếu nhi.
2. Phòng Kinh tế, Hạ tầng và Đô thị (chủ trì), phối hợp Công an phường:
+ Lập biên bản các trường hợp lấn chiếm vỉa hè.
"""
    first, second = tasks_of(text)
    assert first.units == ["Phòng Văn hóa - Xã hội"]
    assert second.units == ["Phòng Kinh tế, Hạ tầng và Đô thị"]
    assert second.coordinators == ["Công an phường"]
    assert second.text.startswith("Lập biên bản")


def test_one_paragraph_per_line_keeps_a_short_unit_heading_apart_from_its_task():
    text = """III. TỔ CHỨC THỰC HIỆN
3. UBND 10 phường
Căn cứ Kế hoạch này, xây dựng kế hoạch tổ chức tại địa phương.
4. Phòng Giáo dục và Đào tạo: Chỉ đạo các trường học tổ chức cuộc thi cấp trường.
"""
    first, second = tasks_of(text)
    assert first.units == ["UBND 10 phường"]
    assert first.text.startswith("Căn cứ Kế hoạch này")
    assert second.units == ["Phòng Giáo dục và Đào tạo"]


def test_a_time_line_after_a_bullet_gives_it_its_deadline():
    text = """2. Giao Phòng Tư pháp:

- Rà soát các thủ tục hành chính còn chồng chéo.

Thời hạn hoàn thành: trước ngày 15/10/2026.

- Phổ biến Luật Thủ đô cho cán bộ phường.
"""
    first, second = tasks_of(text)
    assert first.deadline == date(2026, 10, 15)
    assert second.deadline is None


def test_unit_colon_task_bullets_under_a_lead_sentence():
    text = """Ngày 02/3/2026, Chủ tịch UBND phường chủ trì cuộc họp và kết luận như sau:

- Phòng Văn hóa - Xã hội: tham mưu tổ chức Ngày Quốc tế Phụ nữ 8/3.

- Công an phường: bảo đảm an ninh trật tự tại các điểm tổ chức lễ hội.
"""
    first, second = tasks_of(text)
    assert first.units == ["Phòng Văn hóa - Xã hội"]
    assert second.units == ["Công an phường"]


def test_lead_sentences_address_the_items_after_them():
    letter = """Sở Giáo dục và Đào tạo đề nghị UBND các xã, phường thực hiện nghiêm các nội dung. Cụ thể:

- Hạn chế hoạt động ngoài trời cho học sinh khi chất lượng không khí xấu.
"""
    (task,) = tasks_of(letter)
    assert task.units == ["UBND các xã, phường"]
    assert task.kind == TaskKind.request

    conclusion = """I. ĐÁNH GIÁ CHUNG

Thời gian qua, Thành phố đạt nhiều kết quả. Thời gian tới, thành phố Đà Nẵng cần tập trung các nhiệm vụ sau:

1. Rà soát, sắp xếp các đơn vị sự nghiệp công lập.
"""
    (task,) = tasks_of(conclusion)
    assert task.units == ["thành phố Đà Nẵng"]


def test_topic_sections_with_subject_bullets_and_a_parenthesised_time():
    text = """1. Lĩnh vực kinh tế - đô thị:
- Phòng Quản lý đô thị khẩn trương hoàn thiện hồ sơ quy hoạch (thời hạn: 30/6/2026).
- Giao Đội Quản lý trật tự đô thị quận phối hợp UBND phường 5 xử lý công trình vi phạm.
- Thống nhất với đề xuất của Phòng Giáo dục và Đào tạo về kế hoạch tuyển sinh.
"""
    first, second = tasks_of(text)
    assert first.units == ["Phòng Quản lý đô thị"]
    assert first.deadline == date(2026, 6, 30)
    assert second.units == ["Đội Quản lý trật tự đô thị quận"]
    assert second.coordinators == ["UBND phường 5"]


def test_a_merged_group_row_repeating_its_title_is_not_a_task():
    text = """STT\tNội dung\tĐơn vị chủ trì\tThời gian thực hiện
I.\tCẢI CÁCH HÀNH CHÍNH\tCẢI CÁCH HÀNH CHÍNH\tCẢI CÁCH HÀNH CHÍNH
1\tSố hóa hồ sơ đất đai\tPhòng Kinh tế, Hạ tầng và Đô thị\tTháng 9/2026
"""
    (task,) = tasks_of(text)
    assert task.units == ["Phòng Kinh tế, Hạ tầng và Đô thị"]
    assert task.section == "PL.I.1"
    assert task.deadline == date(2026, 9, 30)


def test_a_later_sentence_that_assigns_another_unit_is_its_own_task():
    text = """1. Về lịch nghỉ Tết:

- Đối với cơ sở y tế công lập: Sở Y tế có trách nhiệm hướng dẫn bố trí trực 24/24 theo quy định. """
    text += "Riêng đối với các bệnh viện huyện, giao Thủ trưởng đơn vị có kế hoạch bố trí nghỉ bù.\n"
    first, second = tasks_of(text)
    assert first.units == ["Sở Y tế"]
    assert first.text.endswith("theo quy định.")
    assert second.units == ["Thủ trưởng các bệnh viện huyện"]  # "đơn vị" refers to the topic


def test_person_addressees_and_unit_colon_headings_with_their_first_task():
    text = """1. Giao đồng chí Phó Chủ tịch UBND quận phụ trách khối Kinh tế chỉ đạo rà soát các dự án chậm.
2. **Văn phòng HĐND và UBND quận:** Tham mưu tổ chức Hội nghị sơ kết quý I.
- Theo dõi, tổng hợp việc thực hiện kết luận.
"""
    first, second, third = tasks_of(text)
    assert first.units == ["đồng chí Phó Chủ tịch UBND quận phụ trách khối Kinh tế"]
    assert second.units == third.units == ["Văn phòng HĐND và UBND quận"]


def test_heading_and_its_task_on_one_line_as_pdf_readers_join_them():
    text = "2.2. Giao Phòng Tư pháp chủ trì, phối hợp Chi cục Thuế, UBND 15 phường: Thực hiện dự toán.\n"
    (task,) = tasks_of(text)
    assert task.units == ["Phòng Tư pháp"]
    assert task.coordinators == ["Chi cục Thuế", "UBND 15 phường"]
    assert task.text == "Thực hiện dự toán."


def test_request_heading_with_its_task_after_a_colon():
    (task,) = tasks_of("12. Đề nghị Công ty Điện lực quận: Khẩn trương kiểm tra, khắc phục sự cố.\n")
    assert task.kind == TaskKind.request
    assert task.units == ["Công ty Điện lực quận"]
    assert task.text.startswith("Khẩn trương kiểm tra")


def test_table_row_whose_last_cells_are_empty_is_still_a_task():
    header = "TT\tNội dung\tCơ quan chủ trì\tCơ quan phối hợp\tThời hạn\n"
    text = header + "1\tLập danh sách hộ nghèo\tPhòng Văn hóa - Xã hội\n"
    (task,) = tasks_of(text)
    assert task.units == ["Phòng Văn hóa - Xã hội"]
    assert task.coordinators == []
