"""Conclusions published as prose (ward and commune portals, relayed directives): the units are the
subjects of sentences. Snippets written for these tests."""

from datetime import date

from bot.parser import parse_notice


def tasks_of(text):
    return parse_notice(text).tasks


def test_units_as_subjects_after_a_directive_is_announced():
    text = """Ngày 03/9/2026, UBND huyện Đơn Dương ban hành Công văn số 88/UBND-VP về phòng chống dịch.
Theo đó, Trung tâm Y tế huyện giám sát các ổ dịch, báo cáo UBND huyện trước ngày 20/9/2026.
Ủy ban nhân dân các xã, thị trấn ra quân diệt lăng quăng tại các khu dân cư.
Ngoài ra, Phòng Văn hóa và Thông tin được giao tuyên truyền trên hệ thống loa truyền thanh.
"""
    tasks = tasks_of(text)
    assert [t.units for t in tasks] == [
        ["Trung tâm Y tế huyện"],
        ["Ủy ban nhân dân các xã, thị trấn"],
        ["Phòng Văn hóa và Thông tin"],
    ]
    assert tasks[0].deadline == date(2026, 9, 20)


def test_a_dateline_is_the_reference_not_a_horizon_year():
    text = """Ngày 10/3/2027, UBND huyện Lạc Dương triển khai Đề án phát triển cà phê đặc sản đến năm 2035.
Theo đó, giao UBND các xã tổng hợp diện tích tái canh trước ngày 25/3.
"""
    (task,) = tasks_of(text)
    assert task.deadline == date(2027, 3, 25)


def test_the_speaker_and_what_the_issuer_did_are_not_tasks():
    text = """Sáng 14/5/2026, UBND phường Tân Phong tổ chức phiên họp thường kỳ tháng 5.
UBND phường Tân Phong ban hành Kế hoạch tổng vệ sinh môi trường.
Phát biểu kết luận, đồng chí Chủ tịch UBND phường khẳng định: chính quyền phường sẽ tập trung giải quyết \
dứt điểm các kiến nghị.
Các phòng, ban, đơn vị cần nghiêm túc quán triệt các mục tiêu đã đề ra.
"""
    assert tasks_of(text) == []


def test_a_news_report_without_a_directive_gives_nothing():
    text = """Chiều 21/8/2026, đoàn công tác của tỉnh kiểm tra tiến độ xây dựng trường học tại xã Ea Tu.
Trung tâm Y tế huyện cho biết đã tiếp nhận thêm 20 giường bệnh.
Công an xã tổ chức lực lượng trực suốt dịp lễ.
"""
    assert tasks_of(text) == []


def test_the_speakers_cue_names_the_doer_in_the_same_paragraph():
    text = (
        "Tại hội nghị, các đại biểu thảo luận về tình hình an ninh trật tự. Kết thúc hội nghị, Chủ tịch "
        "UBND xã Hòa Ninh yêu cầu các thôn tổ chức tuần tra ban đêm; Công an xã phối hợp với Ban Chỉ huy "
        "Quân sự xã lập danh sách đối tượng cần quản lý.\n"
    )
    first, second = tasks_of(text)
    assert first.units == ["các thôn"]
    assert second.units == ["Công an xã"]
    assert second.coordinators == ["Ban Chỉ huy Quân sự xã"]
