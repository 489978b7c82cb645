"""The unit directory: the names people write resolve to canonical units, groups to their members."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.parser.directory import DirectoryError, UnitDirectory
from bot.parser.models import ParsedNotice, ParsedTask

EXAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "units.example.yaml"

SMALL = """
units:
  - {name: Văn phòng HĐND và UBND quận, kind: office}
  - {name: Phòng Văn hóa và Thông tin, kind: department}
  - {name: Phòng Tài chính - Kế hoạch, kind: department}
  - {name: Phòng Y tế, kind: department}
  - {name: Trung tâm Y tế quận, kind: center, abbreviations: [TTYT quận]}
  - {name: Công an quận, kind: police}
  - {name: UBND Phường 1, kind: ward}
  - {name: UBND Phường 11, kind: ward}
  - {name: UBND Phường 2, kind: ward}
groups:
  - {name: UBND các phường, aliases: [UBND 3 phường], kinds: [ward]}
  - name: các phòng, ban, ngành
    kinds: [office, department, center, police]
  - {name: Khối văn xã, members: [Phòng VH&TT, Phòng Y tế]}
"""


@pytest.fixture
def directory() -> UnitDirectory:
    return UnitDirectory.from_yaml_text(SMALL)


def _name(directory: UnitDirectory, written: str) -> str | None:
    unit = directory.match(written)
    return unit.name if unit else None


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Văn phòng HĐND&UBND quận", "Văn phòng HĐND và UBND quận"),
        ("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân quận", "Văn phòng HĐND và UBND quận"),
        ("Phòng VH&TT", "Phòng Văn hóa và Thông tin"),
        ("Phòng VHTT quận", "Phòng Văn hóa và Thông tin"),
        ("Phòng Văn hoá - Thông tin", "Phòng Văn hóa và Thông tin"),
        ("TTYT quận", "Trung tâm Y tế quận"),
        ("Trung Tâm Y tế", "Trung tâm Y tế quận"),
        ("Ủy ban nhân dân phường 11", "UBND Phường 11"),
        ("UBND phường 1", "UBND Phường 1"),
        ("Phòng Tài chính – Kế hoạch quận", "Phòng Tài chính - Kế hoạch"),
        ("Phòng Tài chánh - Kế hoạch", "Phòng Tài chính - Kế hoạch"),  # near-miss typo
        ("Công an Quận", "Công an quận"),
        ("Trưởng Công an quận", "Công an quận"),  # the head of a unit stands for the unit
    ],
)
def test_written_variants_match_the_canonical_unit(directory, written, canonical):
    assert _name(directory, written) == canonical


@pytest.mark.parametrize(
    "written",
    [
        "Trung tâm Y tế phường",  # a ward's body is not the district's
        "Phòng Y tế dự phòng thành phố",
        "Sở Y tế",
        "UBND Phường 12",
        "UBND Phường 21",
        "Phòng Kinh tế",
        "Công an thành phố",  # another level of government
        "Công an phường",
    ],
)
def test_names_of_other_bodies_do_not_match(directory, written):
    assert _name(directory, written) is None


def test_similar_names_of_different_kinds_or_numbers_are_never_confused(directory):
    assert _name(directory, "Phòng Y tế") == "Phòng Y tế"
    assert _name(directory, "Trung tâm Y tế") == "Trung tâm Y tế quận"
    assert _name(directory, "Phường 1") == "UBND Phường 1"
    assert _name(directory, "Phường 11") == "UBND Phường 11"


def test_groups_expand_to_their_members(directory):
    wards = ["UBND Phường 1", "UBND Phường 11", "UBND Phường 2"]
    assert [u.name for u in directory.expand("UBND các phường")] == wards
    assert [u.name for u in directory.expand("Ủy ban nhân dân 3 phường")] == wards
    assert [u.name for u in directory.expand("Chủ tịch UBND các phường")] == wards
    assert len(directory.expand("các phòng, ban, ngành")) == 6
    assert [u.name for u in directory.expand("Khối văn xã")] == ["Phòng Văn hóa và Thông tin", "Phòng Y tế"]
    assert directory.match("UBND các phường") is None  # a group is not one unit
    assert [u.name for u in directory.expand("Công an quận")] == ["Công an quận"]
    assert directory.expand("Hội Nông dân") == []


def test_a_group_with_another_count_of_wards_is_not_this_group(directory):
    assert directory.expand("UBND 16 phường") == []


def test_resolve_gives_canonical_names_expands_groups_and_reports_unknown_once(directory):
    parsed = ParsedNotice(
        tasks=[
            ParsedTask(
                text="Rà soát",
                units=["Phòng VH&TT", "Công ty Điện lực"],
                coordinators=["các phòng, ban, ngành", "UBND các phường"],
                deadline=date(2026, 3, 31),
            ),
            ParsedTask(text="Kiểm tra", units=["TTYT quận", "Công ty Điện lực"], coordinators=["Sở Y tế"]),
        ]
    )
    resolved = directory.resolve(parsed)
    first, second = resolved.tasks
    assert first.units == ["Phòng Văn hóa và Thông tin", "Công ty Điện lực"]
    # The lead is not repeated among the coordinators a group brings in.
    assert "Phòng Văn hóa và Thông tin" not in first.coordinators
    assert first.coordinators[-3:] == ["UBND Phường 1", "UBND Phường 11", "UBND Phường 2"]
    assert len(first.coordinators) == 5 + 3
    assert first.deadline == date(2026, 3, 31)
    assert second.units == ["Trung tâm Y tế quận", "Công ty Điện lực"]
    assert second.coordinators == ["Sở Y tế"]
    assert resolved.unknown_units == ["Công ty Điện lực", "Sở Y tế"]
    assert parsed.tasks[0].units == ["Phòng VH&TT", "Công ty Điện lực"]  # the input is left alone


def test_example_directory_describes_a_whole_commune():
    directory = UnitDirectory.load(EXAMPLE)
    kinds = {unit.kind for unit in directory.units}
    assert {"office", "department", "hamlet", "police", "military", "center", "mass_org"} <= kinds
    assert len(directory.expand("các thôn")) == 6
    assert len(directory.expand("Ban nhân dân các thôn")) == 6
    assert len(directory.expand("các phòng, ban, ngành")) >= 7
    assert _name(directory, "Văn phòng HĐND&UBND xã") == "Văn phòng HĐND và UBND xã"
    assert _name(directory, "Phòng Văn hoá, Xã hội") == "Phòng Văn hóa - Xã hội"
    assert _name(directory, "Ủy ban MTTQ Việt Nam xã") == "Ủy ban Mặt trận Tổ quốc Việt Nam xã"
    assert _name(directory, "Công an") == "Công an xã"  # the level word may be left off
    assert _name(directory, "Trạm Y tế xã") != _name(directory, "Trung tâm Y tế")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("units: [", "invalid_yaml"),
        ("units: [{kind: ward}]", "invalid"),
        ("units: [{name: Phòng Y tế}, {name: Phòng Nội vụ, aliases: [Phòng Y tế quận]}]", "invalid"),
        ("units: []\ngroups: [{name: Khối, members: [Phòng Ma]}]", "invalid"),
        ("units: [{name: Phòng Y tế}]\ngroups: [{name: Phòng Y Tế, kinds: [x]}]", "invalid"),
    ],
)
def test_a_broken_directory_file_is_refused_with_a_reason(text, reason):
    with pytest.raises(DirectoryError) as caught:
        UnitDirectory.from_yaml_text(text)
    assert caught.value.reason == reason


def test_a_missing_directory_file_is_refused(tmp_path):
    with pytest.raises(DirectoryError) as caught:
        UnitDirectory.load(tmp_path / "khong-co.yaml")
    assert caught.value.reason == "not_found"


NAMED_WARDS = """
units:
  - {name: UBND phường Bến Nghé, kind: ward}
  - {name: UBND phường Đa Kao, kind: ward}
  - {name: UBND phường Tân Định, kind: ward}
  - {name: Phòng Nội vụ, kind: department}
  - {name: Phòng Tư pháp, kind: department}
  - {name: Phòng Văn hóa và Thông tin, kind: department}
"""


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("UBND các phường Bến Nghé, Đa Kao và Tân Định",
         ["UBND phường Bến Nghé", "UBND phường Đa Kao", "UBND phường Tân Định"]),
        ("Chủ tịch UBND phường Tân Định, Đa Kao", ["UBND phường Tân Định", "UBND phường Đa Kao"]),
        ("các Phòng: Nội vụ, Tư pháp, Văn hóa và Thông tin",
         ["Phòng Nội vụ", "Phòng Tư pháp", "Phòng Văn hóa và Thông tin"]),
        ("UBND các phường Bến Nghé, Cầu Kho", []),  # one unknown ward: the name stays as written
    ],
)
def test_units_listed_under_one_kind_word_expand_to_each_unit(written, expected):
    directory = UnitDirectory.from_yaml_text(NAMED_WARDS)
    assert [unit.name for unit in directory.expand(written)] == expected
