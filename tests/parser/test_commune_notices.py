"""A commune's own conclusion notice: items addressed to commune posts ("công chức Tư pháp - Hộ tịch"),
to heads of hamlets, to the Front and its organisations. Snippets written for these tests."""

from datetime import date

from bot.parser import parse_notice

_NOTICE = """ỦY BAN NHÂN DÂN
XÃ TÂN PHÚ
Số: 18/TB-UBND
Tân Phú, ngày 09 tháng 4 năm 2027

THÔNG BÁO
Kết luận của Chủ tịch UBND xã tại cuộc họp giao ban ngày 07/4/2027

1. Đối với công chức Văn hóa - Xã hội:
- Rà soát danh sách trẻ em chưa có thẻ bảo hiểm y tế trước ngày 20/4/2027.
- Tham mưu tổ chức Ngày hội văn hóa các dân tộc.

2. Trưởng các thôn: Vận động nhân dân ký cam kết không đốt rơm rạ sau thu hoạch.

3. Công chức Tư pháp - Hộ tịch phối hợp Công an xã rà soát các trường hợp chưa đăng ký khai sinh.
"""


def test_commune_posts_and_heads_of_hamlets_are_doers():
    tasks = parse_notice(_NOTICE).tasks
    assert [t.units for t in tasks] == [
        ["Công chức Văn hóa - Xã hội"],
        ["Công chức Văn hóa - Xã hội"],
        ["Trưởng các thôn"],
        ["Công chức Tư pháp - Hộ tịch"],
    ]
    assert tasks[0].deadline == date(2027, 4, 20)
    assert tasks[2].text.startswith("Vận động nhân dân ký cam kết")
    assert tasks[3].coordinators == ["Công an xã"]
