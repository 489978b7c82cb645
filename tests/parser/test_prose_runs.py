"""Run-on prose conclusions, as commune and ward portals publish them: after a directive that names
its addressee, each following sentence that opens with an action and no subject is one more task of
that addressee. Snippets written for these tests."""

from datetime import date

from bot.parser import parse_notice


def tasks_of(text):
    return parse_notice(text).tasks


_NEWS = """UBND xã Đồng Văn họp thường kỳ tháng 11
Ngày đăng: 26/11/2026

Sáng 25/11/2026, UBND xã Đồng Văn tổ chức phiên họp thường kỳ. Theo báo cáo, trong tháng xã đã cấp \
mới 240 căn cước; tỷ lệ hồ sơ trực tuyến đạt 92%.

Kết luận phiên họp, đồng chí Chủ tịch UBND xã yêu cầu các bộ phận chuyên môn bám sát kế hoạch năm. \
Triển khai thu ngân sách những tháng cuối năm, phấn đấu hoàn thành trước ngày 20/12. Tăng cường quản lý \
đất đai; xử lý dứt điểm các trường hợp lấn chiếm. Đồng thời, rà soát các hộ có nhà ở xuống cấp để hỗ trợ \
trước mùa rét. Trong tháng, xã đã vận động được 45 triệu đồng ủng hộ quỹ vì người nghèo. Tổ chức thành \
công hội nghị tổng kết.
"""


def test_each_action_sentence_after_the_directive_is_a_task_of_its_addressee():
    tasks = tasks_of(_NEWS)
    assert [t.text[:30] for t in tasks] == [
        "Kết luận phiên họp, đồng chí C",
        "Triển khai thu ngân sách những",
        "Tăng cường quản lý đất đai; xử",
        "Đồng thời, rà soát các hộ có n",
    ]
    assert all(t.units == ["các bộ phận chuyên môn"] for t in tasks)


def test_each_sentence_keeps_its_own_deadline():
    tasks = tasks_of(_NEWS)
    assert [t.deadline for t in tasks] == [None, date(2026, 12, 20), None, None]


def test_a_report_of_what_was_done_ends_the_run():
    texts = [t.text for t in tasks_of(_NEWS)]
    assert not any("45 triệu" in text or "hội nghị tổng kết" in text for text in texts)


def test_a_sentence_that_only_times_the_work_stays_with_its_task():
    text = """Chiều 03/3/2027, UBND phường Cẩm Phả kiểm tra công tác phòng cháy tại chợ trung tâm.
Kết luận buổi kiểm tra, đồng chí Phó Chủ tịch UBND phường yêu cầu Ban quản lý chợ lắp đặt bổ sung bình \
chữa cháy tại các dãy ki-ốt. Hoàn thành trước ngày 15/3/2027.
"""
    (task,) = tasks_of(text)
    assert task.deadline == date(2027, 3, 15)
    assert task.units == ["Ban quản lý chợ"]


def test_numbered_items_of_several_sentences_stay_one_task_each():
    text = """Đề nghị UBND các xã:
1. Rà soát hộ nghèo phát sinh. Lập danh sách đề nghị hỗ trợ.
2. Tuyên truyền người dân tham gia bảo hiểm y tế. Vận động hộ cận nghèo tham gia.
"""
    assert len(tasks_of(text)) == 2


def test_a_lead_ending_in_a_colon_is_no_task_when_actions_follow_it():
    text = """Chiều 27/02/2027, UBND xã Yên Lạc họp giao ban tháng 2.
Phát biểu chỉ đạo, đồng chí Chủ tịch UBND xã đề nghị các thôn tập trung một số nhiệm vụ trọng tâm \
trong tháng 3: Ra quân làm thủy lợi nội đồng; hoàn thành gieo cấy lúa xuân trước ngày 15/3. Tổ chức \
tuyên truyền phòng chống cháy rừng.
"""
    tasks = tasks_of(text)
    assert [t.text[:25] for t in tasks] == ["Ra quân làm thủy lợi nội ", "Tổ chức tuyên truyền phòn"]
    assert tasks[0].deadline == date(2027, 3, 15)


def test_a_sector_named_as_the_subject_starts_a_task_of_its_own():
    text = """Sáng 05/8/2027, UBND xã Tiên Lữ họp triển khai năm học mới.
Đồng chí Chủ tịch UBND xã giao Trạm Y tế xã kiểm tra vệ sinh bếp ăn các trường. Ngành Giáo dục chỉ \
đạo các trường rà soát đội ngũ giáo viên.
"""
    assert [t.units for t in tasks_of(text)] == [["Trạm Y tế xã"], ["Ngành Giáo dục"]]


def test_a_speakers_numbered_points_are_tasks_of_the_addressee():
    text = """Sáng 14/10/2027, UBND xã Đông Hưng triển khai nhiệm vụ quý IV.
Kết luận hội nghị, đồng chí Chủ tịch UBND xã đề nghị các thôn tập trung làm tốt một số nhiệm vụ sau: \
Một là, thu hoạch lúa mùa, triển khai sản xuất vụ đông. Hai là, đẩy nhanh thu ngân sách, hoàn thành \
dự toán trước ngày 15/12. Thứ ba, Công an xã tăng cường tuần tra địa bàn.
"""
    tasks = tasks_of(text)
    assert [t.text[:12] for t in tasks] == ["Một là, thu ", "Hai là, đẩy ", "Thứ ba, Công"]
    assert [t.units for t in tasks] == [["các thôn"], ["các thôn"], ["Công an xã"]]
    assert tasks[1].deadline == date(2027, 12, 15)


def test_units_listed_after_a_colon_each_take_their_clause():
    text = """Chiều 30/9/2027, UBND xã Thanh Sơn họp thành viên UBND xã.
Kết luận cuộc họp, đồng chí Chủ tịch UBND xã giao nhiệm vụ cụ thể cho từng bộ phận: Văn phòng HĐND và \
UBND xã tham mưu tổ chức kỳ họp HĐND xã cuối năm; công chức Địa chính rà soát hồ sơ đất đai còn tồn \
đọng; Ban Chỉ huy Quân sự xã chuẩn bị công tác tuyển quân.
"""
    assert [t.units for t in tasks_of(text)] == [
        ["Văn phòng HĐND và UBND xã"],
        ["công chức Địa chính"],
        ["Ban Chỉ huy Quân sự xã"],
    ]
