"""Units are listed the way a Vietnamese clerk reads them: numbers by value, đ after d, tones last."""

from __future__ import annotations

from storage.collation import vn_key
from storage.models import RoleName
from tests.bot.roles_setup import add_person, add_unit

OFFICE_ID = 7301


def test_names_sort_by_the_vietnamese_alphabet_and_numbers_by_value():
    names = ["Tổ dân phố 10", "Đội Quản lý trật tự", "Tổ dân phố 2", "Ủy ban MTTQ", "Duyên Hải", "Uông Bí",
             "Ấp 1", "An Phú", "Cơ quan", "Công an phường", "Cố vấn", "tổ dân phố 1"]

    assert sorted(names, key=vn_key) == [
        "An Phú", "Ấp 1", "Cố vấn", "Công an phường", "Cơ quan", "Duyên Hải", "Đội Quản lý trật tự",
        "tổ dân phố 1", "Tổ dân phố 2", "Tổ dân phố 10", "Uông Bí", "Ủy ban MTTQ"]


async def test_the_units_overview_lists_residential_groups_in_numeric_order(running_app, person):
    for name in ("Tổ dân phố 10", "Đội Trật tự đô thị", "Tổ dân phố 2", "Tổ dân phố 1",
                 "Ban Chỉ huy Quân sự"):
        await add_unit(running_app, name, kind="ward")
    await add_person(running_app, OFFICE_ID, "Lan", RoleName.office)

    overview = await person(OFFICE_ID, "Lan").ask("/donvi")

    listed = [line.removeprefix("• ") for line in overview.text.splitlines() if line.startswith("• ")]
    assert listed == ["Ban Chỉ huy Quân sự", "Đội Trật tự đô thị", "Tổ dân phố 1", "Tổ dân phố 2",
                      "Tổ dân phố 10"]
