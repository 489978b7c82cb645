"""Several doers in one item or sentence, each after a semicolon, in any case ("…; công an xã …; các
trường học trên địa bàn …"). Snippets written for these tests."""

from datetime import date

from bot.parser import parse_notice
from tests.parser.commune_head import HEAD


def test_three_doers_of_one_numbered_item():
    tasks = parse_notice(
        HEAD + "1. Phòng Kinh tế chủ trì kiểm tra các điểm tập kết vật liệu xây dựng; Công an xã xử lý các "
        "trường hợp lấn chiếm lòng đường; Đoàn Thanh niên xã ra quân dọn dẹp vệ sinh trước ngày 30/6/2026.\n"
    ).tasks
    assert [t.units for t in tasks] == [["Phòng Kinh tế"], ["Công an xã"], ["Đoàn Thanh niên xã"]]
    assert [t.deadline for t in tasks] == [None, None, date(2026, 6, 30)]


def test_lowercase_doers_after_a_cue_in_prose():
    tasks = parse_notice(
        HEAD + "Chủ tịch UBND xã yêu cầu Phòng Kinh tế rà soát các hộ sản xuất kinh doanh chưa đăng ký; "
        "công an xã tăng cường kiểm tra tạm trú, tạm vắng; các trường học trên địa bàn tổ chức cho học sinh "
        "ký cam kết an toàn giao thông.\n"
    ).tasks
    assert [t.units for t in tasks] == [["Phòng Kinh tế"], ["công an xã"], ["các trường học trên địa bàn"]]
    assert tasks[2].text.startswith("các trường học trên địa bàn tổ chức cho học sinh")


def test_sectors_named_by_their_field_are_doers():
    tasks = parse_notice(
        HEAD + "Ông Nguyễn Văn An, Chủ tịch UBND xã đề nghị ngành giáo dục xã chuẩn bị tốt cơ sở vật chất "
        "cho năm học mới; ngành y tế tăng cường kiểm tra an toàn thực phẩm tại các bếp ăn bán trú.\n"
    ).tasks
    assert [t.units for t in tasks] == [["ngành giáo dục xã"], ["ngành y tế"]]


def test_shares_of_the_work_after_trong_do_are_tasks_of_their_units():
    tasks = parse_notice(
        HEAD + "Chủ tịch UBND xã đề nghị các bộ phận chuyên môn tập trung hoàn thành các chỉ tiêu năm 2026, "
        "trong đó Phòng Kinh tế đôn đốc thu ngân sách, Phòng Văn hóa - Xã hội rà soát hộ nghèo.\n"
    ).tasks
    assert [t.units for t in tasks][1:] == [["Phòng Kinh tế"], ["Phòng Văn hóa - Xã hội"]]
    assert tasks[2].text == "Phòng Văn hóa - Xã hội rà soát hộ nghèo."


def test_a_unit_list_after_trong_do_stays_one_list():
    tasks = parse_notice(
        HEAD + "1. Các phòng chuyên môn rà soát thủ tục hành chính, trong đó Phòng Kinh tế, Phòng Văn hóa "
        "- Xã hội hoàn thành trước ngày 20/7/2026.\n"
    ).tasks
    assert [t.units for t in tasks] == [["Các phòng chuyên môn"], ["Phòng Kinh tế", "Phòng Văn hóa - Xã hội"]]
