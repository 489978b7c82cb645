"""A titled item followed by labelled fields ("- Nội dung: …", "- Đơn vị chủ trì: …", "- Cơ quan thực
hiện: …", "- Thời gian: …"): one task that begins with its title, then its content. Snippets written
for these tests."""

from datetime import date

from bot.parser import parse_notice


def tasks_of(text):
    return parse_notice(text).tasks


def test_the_task_begins_with_the_title_then_its_content():
    text = """II. CÁC HOẠT ĐỘNG
1. Ngày hội đọc sách
- Nội dung: Trưng bày sách, tổ chức thi kể chuyện theo sách cho thiếu nhi.
- Đơn vị chủ trì: Thư viện xã.
- Đơn vị phối hợp: Đoàn Thanh niên xã.
- Thời gian: Hoàn thành trước ngày 21/4/2027.
"""
    (task,) = tasks_of(text)
    assert task.text == "Ngày hội đọc sách: Trưng bày sách, tổ chức thi kể chuyện theo sách cho thiếu nhi."
    assert task.units == ["Thư viện xã"]
    assert task.coordinators == ["Đoàn Thanh niên xã"]
    assert task.deadline == date(2027, 4, 21)


def test_activity_blocks_each_give_a_task_for_every_body_they_name():
    text = """II. NỘI DUNG
Hoạt động 1: Truyền thông về phòng chống thiên tai
- Nội dung: Phát sóng chuyên mục hằng tuần trên Đài truyền thanh xã.
- Cơ quan thực hiện: Trung tâm Văn hóa - Thể thao, Phòng Văn hóa - Xã hội, Hội Chữ thập đỏ xã, Hội Liên \
hiệp Phụ nữ xã, Đoàn Thanh niên xã, các trường học, UBND các thôn.
- Thời gian: Quý III/2027.
Hoạt động 2: Diễn tập ứng phó lũ quét
- Nội dung: Tổ chức diễn tập tại thôn Nà Lừa.
- Cơ quan thực hiện: Ban Chỉ huy Quân sự xã.
- Thời gian: Tháng 6/2027.
"""
    first, second = tasks_of(text)
    assert first.text.startswith("Truyền thông về phòng chống thiên tai: Phát sóng chuyên mục")
    assert len(first.units) == 7
    assert first.deadline == date(2027, 9, 30)
    assert second.text == "Diễn tập ứng phó lũ quét: Tổ chức diễn tập tại thôn Nà Lừa."
    assert second.units == ["Ban Chỉ huy Quân sự xã"]


def test_a_title_that_only_numbers_its_content_is_left_out():
    text = """a) Hoạt động 3
- Nội dung: Tập huấn kỹ năng sơ cứu cho đội xung kích.
- Cơ quan thực hiện: Trạm Y tế xã.
"""
    (task,) = tasks_of(text)
    assert task.text == "Tập huấn kỹ năng sơ cứu cho đội xung kích."


def test_a_long_list_after_chu_tri_phoi_hop_gives_every_coordinator():
    text = """1. Hoạt động 1: Tuyên truyền về phòng chống bạo lực gia đình
- Nội dung: Phát hành tờ gấp, pa nô tại các khu dân cư.
- Cơ quan thực hiện: Phòng Văn hóa - Xã hội chủ trì, phối hợp với Trạm Y tế xã, Công an xã, Hội Liên \
hiệp Phụ nữ xã, Đoàn Thanh niên xã, Hội Nông dân xã, Hội Cựu chiến binh xã và UBND các thôn.
"""
    (task,) = tasks_of(text)
    assert task.text.startswith("Tuyên truyền về phòng chống bạo lực gia đình: Phát hành tờ gấp")
    assert task.units == ["Phòng Văn hóa - Xã hội"]
    assert len(task.coordinators) == 7


def test_a_doer_line_under_an_empty_field_is_its_value_and_a_task_line_stays_a_task():
    text = """b) Hoạt động 2
- Nội dung: Tổ chức diễn đàn thanh niên với pháp luật.
- Cơ quan thực hiện:
+ Đoàn Thanh niên xã chủ trì, phối hợp với các trường học.
+ Trung tâm Văn hóa - Thể thao xã đăng tải thông tin diễn đàn trên trang mạng xã hội của xã.
"""
    first, second = tasks_of(text)
    assert first.text == "Tổ chức diễn đàn thanh niên với pháp luật."
    assert first.units == ["Đoàn Thanh niên xã"]
    assert second.units == ["Trung tâm Văn hóa - Thể thao xã"]
