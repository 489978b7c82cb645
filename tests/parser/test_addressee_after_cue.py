"""What may stand between a speaker's cue and the addressee in news-style conclusions: a time adverbial,
a bare locality, a topic that is itself the addressee. Snippets written for these tests."""

from datetime import date

from bot.parser import parse_notice


def tasks_of(text):
    return parse_notice(text).tasks


def test_a_time_adverbial_between_the_cue_and_the_subject():
    text = """Chiều 11/4/2027, đồng chí Hoàng Văn Tú, Phó Chủ tịch UBND phường Yên Thế kiểm tra công tác \
thu gom rác tại các tổ dân phố.
Đồng chí yêu cầu trong những tháng tới, Tổ công tác môi trường phường phải bố trí thêm điểm tập kết rác.
Cũng tại buổi kiểm tra, đồng chí đề nghị ngay trong tháng 5, Hội Cựu chiến binh phường cần vận động \
hội viên phân loại rác tại nguồn.
"""
    tasks = tasks_of(text)
    assert [t.units for t in tasks] == [["Tổ công tác môi trường phường"], ["Hội Cựu chiến binh phường"]]


def test_a_year_framing_the_speakers_directive():
    text = """Ngày 08/01/2027, UBND xã Nà Hang tổng kết công tác năm 2026.
Năm 2027, đồng chí Chủ tịch UBND xã chỉ đạo Ban Chỉ huy Quân sự xã cần sớm hoàn thành công tác tuyển \
quân; Trạm Y tế xã phải chủ động phòng chống dịch bệnh mùa đông xuân.
"""
    tasks = tasks_of(text)
    assert [t.units for t in tasks] == [["Ban Chỉ huy Quân sự xã"], ["Trạm Y tế xã"]]


def test_a_bare_commune_is_the_committee_the_text_names():
    text = """Sáng 19/5/2027, đoàn công tác của huyện kiểm tra tiến độ xây dựng nông thôn mới tại xã Mường \
Lay. Theo báo cáo, xã Mường Lay đã đạt 16/19 tiêu chí.
Kết luận buổi kiểm tra, đồng chí Phó Chủ tịch UBND huyện ghi nhận nỗ lực của địa phương, đồng thời \
yêu cầu thời gian tới xã cần tập trung hoàn thiện tiêu chí về môi trường, hoàn thành trước ngày 30/9/2027.
"""
    (task,) = tasks_of(text)
    assert task.units == ["UBND xã Mường Lay"]
    assert task.deadline == date(2027, 9, 30)


def test_a_bare_ward_without_a_named_ward_keeps_the_committee_for_the_office_to_map():
    text = """Kết luận buổi kiểm tra, đồng chí Chủ tịch UBND quận yêu cầu phường phải xử lý dứt điểm \
tình trạng lấn chiếm vỉa hè trên các tuyến phố chính.
"""
    (task,) = tasks_of(text)
    assert task.units == ["UBND phường"]


def test_the_issuers_own_level_speaking_of_itself_is_no_task():
    text = """ỦY BAN NHÂN DÂN
HUYỆN MÈO VẠC
Số: 21/TB-UBND
Mèo Vạc, ngày 06 tháng 02 năm 2027
THÔNG BÁO
Kết luận của Chủ tịch UBND huyện tại hội nghị giao ban tháng 01
Thời gian tới, huyện cần tập trung cao độ cho mục tiêu giảm nghèo bền vững.
Giao Phòng Dân tộc hướng dẫn các xã rà soát hộ nghèo trước ngày 28/02/2027.
"""
    (task,) = tasks_of(text)
    assert task.units == ["Phòng Dân tộc"]


def test_a_topic_is_the_addressee_when_the_cue_names_nobody_after_it():
    text = """Sáng 02/12/2026, UBND xã Bảo Lâm họp giao ban.
Đối với Công an xã, đồng chí Chủ tịch yêu cầu tăng cường tuần tra kiểm soát dịp cuối năm.
"""
    (task,) = tasks_of(text)
    assert task.units == ["Công an xã"]
    assert task.text.endswith("tăng cường tuần tra kiểm soát dịp cuối năm.")


def test_a_modal_after_the_subject_directs_without_a_cue():
    text = """Sáng 21/3/2027, đoàn công tác của UBND xã Mỹ Hòa kiểm tra công tác phòng cháy tại chợ.
Qua kiểm tra, Ban quản lý chợ phải bố trí lại lối thoát nạn trước ngày 31/3/2027.
Ban quản lý chợ cho biết sẽ khắc phục ngay.
"""
    (task,) = tasks_of(text)
    assert task.units == ["Ban quản lý chợ"]
    assert task.deadline == date(2027, 3, 31)
