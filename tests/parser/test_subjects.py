"""Doers named indirectly: the owners in "<thing> của <units>", and "đơn vị" pointing back at a topic."""

from bot.parser import parse_notice


def test_owners_named_in_a_topic_heading_do_its_bullets():
    text = """**3. Về vệ sinh môi trường:** Khuôn viên của các trường học, cơ sở y tế thực hiện như sau:

- Tổng vệ sinh khuôn viên vào sáng thứ Bảy hằng tuần.

- Phân loại rác thải tại nguồn.
"""
    tasks = parse_notice(text).tasks
    assert [t.text[:15] for t in tasks] == ["Tổng vệ sinh kh", "Phân loại rác t"]
    assert all(t.units == ["các trường học, cơ sở y tế"] for t in tasks)


def test_a_possessive_opening_a_plain_statement_names_no_doer():
    text = """II. KẾT QUẢ

Ý kiến của Phòng Tài chính - Kế hoạch về dự toán năm 2026 đã được tiếp thu đầy đủ trong báo cáo.
"""
    assert parse_notice(text).tasks == []


def test_the_head_of_the_unit_a_topic_names():
    text = """1. Về phòng cháy chữa cháy:

- Riêng đối với các chợ truyền thống, giao Giám đốc đơn vị kiểm tra hệ thống điện trước ngày 20/01/2026.
"""
    (task,) = parse_notice(text).tasks
    assert task.units == ["Giám đốc các chợ truyền thống"]
