"""A lead sentence names the addressee; the items or sentences after it carry no unit of their own and
are every one a task for that addressee. Snippets written for these tests."""

from bot.parser import parse_notice


def tasks_of(text):
    return parse_notice(text).tasks


def test_topic_items_under_a_long_lead_are_the_addressees_tasks():
    text = """THÔNG BÁO
Kết luận của Thứ trưởng tại buổi làm việc với tỉnh Điện Biên

Đề nghị Tỉnh ủy, UBND tỉnh Điện Biên tiếp tục quan tâm lãnh đạo, chỉ đạo các cấp, các ngành tập trung \
thực hiện quyết liệt các nhiệm vụ, giải pháp đã đề ra, trong đó chú trọng một số nội dung sau:

1. Về giáo dục: Sắp xếp lại mạng lưới điểm trường lẻ ở vùng cao. Bảo đảm bữa ăn bán trú cho học sinh.

2. Về y tế: Củng cố mạng lưới y tế thôn bản; luân phiên bác sĩ về trạm y tế xã.

3. Phát triển du lịch cộng đồng gắn với bản sắc văn hóa các dân tộc.

4. Chính quyền cấp xã cần nâng cao chất lượng giải quyết thủ tục hành chính.

5. Đẩy mạnh giải ngân vốn các chương trình mục tiêu quốc gia.
"""
    tasks = tasks_of(text)
    assert len(tasks) == 5
    assert all(task.units == ["Tỉnh ủy", "UBND tỉnh Điện Biên"] for task in tasks)
    assert tasks[0].text.startswith("Về giáo dục: Sắp xếp lại mạng lưới")
    assert tasks[2].text.startswith("Phát triển du lịch cộng đồng")


def test_a_lead_that_asks_for_something_itself_is_one_more_task():
    text = """Đề nghị UBND các xã, phường khẩn trương thành lập Tổ công tác giải phóng mặt bằng do Chủ tịch \
UBND làm tổ trưởng, phân công từng thành viên phụ trách từng hộ dân, và thực hiện một số nội dung sau:
1. Rà soát danh sách hộ có đất bị thu hồi.
2. Niêm yết công khai phương án bồi thường tại nhà văn hóa thôn.
"""
    tasks = tasks_of(text)
    assert [t.text[:24] for t in tasks] == [
        "Đề nghị UBND các xã, phư",
        "Rà soát danh sách hộ có ",
        "Niêm yết công khai phươn",
    ]


def test_a_colon_list_of_sentences_in_prose_gives_one_task_per_sentence():
    text = """Chiều ngày 09/10/2026, UBND xã Phong Thổ tổ chức họp giao ban tháng 10.

Kết thúc buổi họp, đồng chí Chủ tịch UBND xã thống nhất, giao các công chức chuyên môn tập trung triển \
khai các nội dung như: Cập nhật dữ liệu dân cư trên hệ thống định danh điện tử. Hướng dẫn các thôn tổ \
chức bình xét hộ nghèo năm 2027. Kiểm tra việc khai thác cát trái phép trên sông Nậm Na.
"""
    tasks = tasks_of(text)
    assert [t.text for t in tasks] == [
        "Cập nhật dữ liệu dân cư trên hệ thống định danh điện tử.",
        "Hướng dẫn các thôn tổ chức bình xét hộ nghèo năm 2027.",
        "Kiểm tra việc khai thác cát trái phép trên sông Nậm Na.",
    ]
    assert all(t.units == ["các công chức chuyên môn"] for t in tasks)


def test_paragraphs_under_a_lead_may_name_their_own_doer():
    text = """Sáng 10/6/2027, UBND xã Kim Sơn sơ kết công tác 6 tháng đầu năm.

Kết luận hội nghị, đồng chí Chủ tịch UBND xã yêu cầu các bộ phận chuyên môn trong thời gian tới tập \
trung thực hiện các nhiệm vụ sau:

Đẩy nhanh giải phóng mặt bằng các dự án, hoàn thành trước ngày 30/7/2027.

Công an xã bảo đảm an ninh trật tự dịp hè.
"""
    tasks = tasks_of(text)
    assert [t.units for t in tasks] == [["các bộ phận chuyên môn"], ["Công an xã"]]


def test_paragraphs_under_a_speakers_colon_name_their_doers():
    text = """Sáng 10/6/2027, UBND xã Kim Sơn sơ kết công tác 6 tháng đầu năm.

Phát biểu kết luận, đồng chí Chủ tịch UBND xã yêu cầu:

Công chức Tài chính - Kế toán đẩy mạnh thu ngân sách, phấn đấu đạt 70% dự toán trước ngày 30/9/2027.

Trưởng các thôn vận động nhân dân tham gia bảo hiểm y tế hộ gia đình.
"""
    tasks = tasks_of(text)
    assert [t.units for t in tasks] == [["Công chức Tài chính - Kế toán"], ["Trưởng các thôn"]]


def test_an_item_naming_the_addressees_level_stays_the_addressees_task():
    text = """Đề nghị Tỉnh ủy, UBND tỉnh Lai Châu:
1. Rà soát quy hoạch các khu tái định cư.
2. Tỉnh cần tập trung hoàn thành dứt điểm việc sắp xếp dân cư vùng thiên tai.
"""
    assert [t.units for t in tasks_of(text)] == [["Tỉnh ủy", "UBND tỉnh Lai Châu"]] * 2


def test_a_short_numbered_lead_ending_in_a_colon_is_no_task_of_its_own():
    text = """1. Đề nghị Tỉnh ủy, UBND tỉnh Kon Tum chỉ đạo các cơ quan chức năng:
a) Khắc phục hậu quả mưa lũ, sớm ổn định đời sống nhân dân. Hỗ trợ lương thực cho các hộ bị thiệt hại.
b) Sửa chữa các tuyến đường bị sạt lở; bảo đảm giao thông thông suốt.
"""
    tasks = tasks_of(text)
    assert [t.text[:20] for t in tasks] == ["Khắc phục hậu quả mư", "Sửa chữa các tuyến đ"]
    assert all(t.units == ["Tỉnh ủy", "UBND tỉnh Kon Tum"] for t in tasks)
