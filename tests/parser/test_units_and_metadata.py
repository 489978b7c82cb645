"""Splitting unit lists into whole unit names, and reading a notice's metadata."""

from datetime import date

import pytest

from bot.parser import parse_notice
from bot.parser.models import NoticeKind
from bot.parser.units import split_units


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("Phòng Kinh tế, Hạ tầng và Đô thị", ["Phòng Kinh tế, Hạ tầng và Đô thị"]),
        ("Phòng Lao động, Thương binh và Xã hội quận", ["Phòng Lao động, Thương binh và Xã hội quận"]),
        ("Phòng Y tế, Trung tâm Y tế và UBND 15 phường", ["Phòng Y tế", "Trung tâm Y tế", "UBND 15 phường"]),
        ("Văn phòng HĐND và UBND phường", ["Văn phòng HĐND và UBND phường"]),
        (
            "các phòng, ban, ngành, cơ quan, UBND 15 phường",
            ["các phòng, ban, ngành, cơ quan", "UBND 15 phường"],
        ),
        ("Chi cục Thuế; Phòng Tài chính - Kế hoạch", ["Chi cục Thuế", "Phòng Tài chính - Kế hoạch"]),
        ("Sở Tư pháp và các cơ quan, đơn vị liên quan", ["Sở Tư pháp", "các cơ quan, đơn vị liên quan"]),
        (
            "UBND các phường Hòa An, Hòa Bình và Tân Lập",
            ["UBND phường Hòa An", "UBND phường Hòa Bình", "UBND phường Tân Lập"],
        ),
        ("Phòng Văn hóa và Thông tin theo chức năng, nhiệm vụ", ["Phòng Văn hóa và Thông tin"]),
    ],
)
def test_unit_lists_split_only_into_whole_unit_names(text, units):
    assert split_units(text) == units


def test_district_conclusion_metadata():
    text = """ỦY BAN NHÂN DÂN
QUẬN TÂN BÌNH

Số: 215/TB-UBND

Tân Bình, ngày 12 tháng 3 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch UBND quận tại phiên họp thường kỳ tháng 3 năm 2026

Ngày 10/3/2026, UBND quận tổ chức phiên họp thường kỳ tháng 3 năm 2026.
"""
    meta = parse_notice(text).notice
    assert meta.number == "215/TB-UBND"
    assert meta.issuer == "UBND quận Tân Bình"
    assert meta.issued_on == date(2026, 3, 12)
    assert meta.meeting_on == date(2026, 3, 10)
    assert meta.kind == NoticeKind.conclusion
    assert meta.title.startswith("Kết luận của Chủ tịch UBND quận")


def test_plan_kind_from_its_number():
    meta = parse_notice(
        "Số: 88/KH-UBND\n\nPhường 5, ngày 02 tháng 4 năm 2026\n\nKẾ HOẠCH\nTổ chức Tết trồng cây\n"
    ).notice
    assert meta.kind == NoticeKind.plan
    assert meta.number == "88/KH-UBND"


def test_year_less_deadline_reads_against_the_meeting_date():
    text = """Ngày 05/6/2026, UBND phường tổ chức phiên họp thường kỳ.

1. Công an phường

- Rà soát hệ thống camera, hoàn thành trước ngày 30/6.
"""
    (task,) = parse_notice(text).tasks
    assert task.deadline == date(2026, 6, 30)


def test_a_long_unbroken_line_is_read_at_once():
    # A run of letters with no space used to send the date-line pattern into exponential backtracking.
    assert parse_notice("X" * 5000 + ", ngày 02 tháng 3 năm 2026\n").tasks == []
