"""Short commune news: the doer comes after a framing phrase ("Nhiệm vụ thời gian tới, …"), after the
speaker's verb of saying ("Chủ tịch UBND xã nhấn mạnh, …"), or opens with a verb that narrates in other
uses ("tiếp tục", "có trách nhiệm"). Snippets written for these tests."""

from datetime import date

from bot.parser import parse_notice

_NEWS = """UBND xã Phú Lộc họp giao ban công tác tháng 11

Sáng ngày 03/11/2026, UBND xã Phú Lộc tổ chức cuộc họp giao ban đánh giá kết quả thực hiện nhiệm vụ tháng 10 \
và triển khai nhiệm vụ tháng 11 năm 2026. Đồng chí Lê Văn Tâm, Chủ tịch UBND xã chủ trì cuộc họp.

"""


def _tasks(body: str):
    return parse_notice(_NEWS + body).tasks


def test_agenda_phrase_before_the_subject():
    tasks = _tasks(
        "Nhiệm vụ thời gian tới, Ban Chỉ huy Quân sự xã hoàn thành hồ sơ gọi công dân nhập ngũ năm 2027.\n"
    )
    assert [t.units for t in tasks] == [["Ban Chỉ huy Quân sự xã"]]


def test_speakers_verb_of_saying_before_the_subject():
    tasks = _tasks(
        "Hội Liên hiệp Phụ nữ xã phối hợp tổ chức ngày hội gia đình. Chủ tịch UBND xã nhấn mạnh, các thôn "
        "phải hoàn thành việc rà soát hộ nghèo trước ngày 30/11/2026.\n"
    )
    assert [t.units for t in tasks] == [["Hội Liên hiệp Phụ nữ xã"], ["các thôn"]]
    assert [t.deadline for t in tasks] == [None, date(2026, 11, 30)]


def test_speakers_colon_before_the_subject():
    tasks = _tasks("Đồng chí Chủ tịch UBND xã lưu ý: Trạm Y tế xã phải theo dõi chặt chẽ dịch bệnh.")
    assert [t.units for t in tasks] == [["Trạm Y tế xã"]]


def test_subject_that_carries_on_its_work_is_a_doer():
    tasks = _tasks(
        "Nhiệm vụ thời gian tới, Ủy ban Mặt trận Tổ quốc Việt Nam xã tiếp tục vận động quỹ "
        "\"Vì người nghèo\"; "
        "Đoàn Thanh niên xã có trách nhiệm ra quân dọn vệ sinh các tuyến đường liên thôn.\n"
    )
    assert [t.units for t in tasks] == [["Ủy ban Mặt trận Tổ quốc Việt Nam xã"], ["Đoàn Thanh niên xã"]]


def test_speaker_receiving_a_delegation_is_no_task():
    tasks = _tasks("Chiều cùng ngày, lãnh đạo UBND xã tiếp đoàn công tác của Sở Nông nghiệp và Môi trường.\n")
    assert tasks == []


def test_name_word_that_is_also_a_verb_stays_in_the_name_its_level_closes():
    tasks = _tasks(
        "Đồng chí cũng giao Trung tâm Dịch vụ tổng hợp xã phối hợp với các thôn tổ chức thu gom rác thải.\n"
    )
    assert [t.units for t in tasks] == [["Trung tâm Dịch vụ tổng hợp xã"]]
    assert tasks[0].coordinators == ["các thôn"]


def test_ordinal_points_after_a_lead_each_name_their_doer():
    tasks = _tasks(
        "Kết luận cuộc họp, đồng chí Chủ tịch UBND xã yêu cầu các ngành chuyên môn, các thôn tập trung "
        "thực hiện tốt một số nhiệm vụ trọng tâm sau: Một là, Công an xã đảm bảo an ninh trật tự dịp Tết. "
        "Hai là, Trạm Y tế xã tăng cường kiểm tra vệ sinh an toàn thực phẩm. Ba là, các thôn tổ chức "
        "tổng vệ sinh môi trường trước ngày 20/12/2026.\n"
    )
    assert [t.units for t in tasks] == [["Công an xã"], ["Trạm Y tế xã"], ["các thôn"]]
    assert tasks[2].deadline == date(2026, 12, 20)


def test_a_commune_desk_is_a_unit():
    tasks = _tasks(
        "Kết luận cuộc họp, Chủ tịch UBND xã yêu cầu nâng cao chất lượng phục vụ người dân. "
        "Bộ phận Một cửa xã tiếp tục nâng cao chất lượng giải quyết thủ tục hành chính, không để hồ sơ "
        "trễ hạn.\n"
    )
    assert [t.units for t in tasks] == [["Bộ phận Một cửa xã"]]


def test_a_leader_reminding_units_gives_them_the_task():
    tasks = _tasks(
        "Kết luận cuộc họp, đồng chí Chủ tịch UBND xã ghi nhận kết quả đạt được. Đồng chí cũng lưu ý các tổ "
        "dân phố tiếp tục vận động nhân dân tham gia phân loại rác tại nguồn.\n"
    )
    assert [t.units for t in tasks] == [["các tổ dân phố"]]


def test_a_unit_reminding_its_staff_keeps_the_task():
    tasks = _tasks(
        "Kết luận cuộc họp, Chủ tịch UBND xã giao nhiệm vụ cho các đơn vị. Trạm Y tế xã nhắc nhở các cơ sở "
        "kinh doanh thực phẩm thực hiện nghiêm quy định về an toàn thực phẩm.\n"
    )
    assert [t.units for t in tasks] == [["Trạm Y tế xã"]]


def test_giao_trach_nhiem_cho_names_the_doer():
    tasks = _tasks(
        "Chủ tịch UBND xã giao trách nhiệm cho Phòng Kinh tế theo dõi sát diễn biến thời tiết, hướng dẫn "
        "bà con thu hoạch lúa chạy lũ.\n"
    )
    assert [t.units for t in tasks] == [["Phòng Kinh tế"]]


def test_second_doer_after_households_served_by_the_first():
    tasks = _tasks(
        "Kết luận hội nghị, đồng chí Chủ tịch UBND xã đề nghị: Phòng Văn hóa - Xã hội phối hợp với Hội Chữ "
        "thập đỏ xã rà soát, hỗ trợ các hộ khó khăn dịp Tết; Ban Chỉ huy Quân sự xã chuẩn bị lực lượng sẵn "
        "sàng ứng phó thiên tai.\n"
    )
    assert [t.units for t in tasks] == [["Phòng Văn hóa - Xã hội"], ["Ban Chỉ huy Quân sự xã"]]


def test_duty_topic_naming_units_before_their_actions():
    tasks = _tasks(
        "Kết luận cuộc họp, Chủ tịch UBND xã giao nhiệm vụ cụ thể. Đối với các thôn, tổ dân phố: tiếp tục "
        "tuyên truyền, vận động nhân dân chấp hành quy định về phòng cháy, chữa cháy.\n"
    )
    assert [t.units for t in tasks] == [["các thôn, tổ dân phố"]]


def test_duty_topic_that_selects_places_names_no_doer():
    tasks = _tasks(
        "Kết luận cuộc họp, Chủ tịch UBND xã yêu cầu các thôn thực hiện. Đối với các thôn còn hộ nghèo: "
        "tiếp tục rà soát, hỗ trợ sinh kế.\n"
    )
    assert all(t.units != ["các thôn còn hộ nghèo"] for t in tasks)


def test_committee_named_for_what_it_does_keeps_its_whole_name():
    tasks = _tasks(
        "Kết luận cuộc họp, Chủ tịch UBND xã giao nhiệm vụ. Văn phòng Ban chỉ đạo phòng, chống thiên tai xã "
        "phải theo dõi sát diễn biến mưa lũ. Thường trực Ban tổ chức Đại hội xã phải chuẩn bị tài liệu.\n"
    )
    assert [t.units for t in tasks] == [
        ["Văn phòng Ban chỉ đạo phòng, chống thiên tai xã"],
        ["Thường trực Ban tổ chức Đại hội xã"],
    ]


def test_a_capitalised_cue_in_the_paragraph_makes_its_subjects_doers():
    tasks = parse_notice(
        "Xã Phú Lộc đẩy mạnh tiêm chủng mở rộng\n\n"
        "Trạm Y tế xã có trách nhiệm tổng hợp danh sách trẻ chưa tiêm chủng, gửi UBND xã. Yêu cầu các thôn "
        "phối hợp rà soát, vận động gia đình đưa trẻ đi tiêm.\n"
    ).tasks
    assert [t.units for t in tasks] == [["Trạm Y tế xã"], ["các thôn"]]
