"""A collective addressee whose sentence only announces the list after it ("các thôn, tổ dân phố
triển khai các nội dung như:"): each item is a task of that collective. Snippets written for these tests."""

from bot.parser import parse_notice

_HEAD = """ỦY BAN NHÂN DÂN
XÃ PHÚ LỘC
Số: 52/TB-UBND
Phú Lộc, ngày 10 tháng 11 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch UBND xã tại cuộc họp giao ban tháng 11 năm 2026

"""


def test_plain_subject_announcing_items_with_nhu_gives_them_to_it():
    tasks = parse_notice(
        _HEAD + "Các thôn, tổ dân phố triển khai các nội dung như:\n"
        "- Tuyên truyền phòng chống cháy nổ trong mùa hanh khô.\n"
        "- Vận động nhân dân tham gia bảo hiểm y tế hộ gia đình.\n"
    ).tasks
    assert [t.text for t in tasks] == [
        "Tuyên truyền phòng chống cháy nổ trong mùa hanh khô.",
        "Vận động nhân dân tham gia bảo hiểm y tế hộ gia đình.",
    ]
    assert all(t.units == ["Các thôn, tổ dân phố"] for t in tasks)


def test_collective_after_a_cue_over_numbered_items():
    tasks = parse_notice(
        _HEAD + "Đề nghị các bộ phận chuyên môn, đơn vị trực thuộc UBND xã tập trung thực hiện tốt "
        "các nội dung sau:\n"
        "1. Rà soát thủ tục hành chính còn tồn đọng, giải quyết dứt điểm trong tháng 11.\n"
        "2. Cập nhật dữ liệu dân cư lên hệ thống định danh điện tử.\n"
    ).tasks
    assert len(tasks) == 2
    assert all(t.units == ["các bộ phận chuyên môn, đơn vị trực thuộc UBND xã"] for t in tasks)


def test_subject_announcing_facts_is_no_lead():
    parsed = parse_notice(
        _HEAD + "Theo đó, UBND xã Phú Lộc công bố mở chợ đầu mối nông sản, với một số thông tin như sau:\n"
        "- Địa điểm: thôn Đông, xã Phú Lộc.\n"
        "- Diện tích: 1,2 ha.\n"
    )
    assert parsed.tasks == []
