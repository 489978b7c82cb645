"""Intake without Telegram: names resolved against the units in the database (aliases, groups, near
misses), drafts stored once, pasted pieces joined."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.services.intake import IntakeOutcome, take_pasted_text, unit_directory
from storage.models import UnitSpec

NOW = datetime(2026, 6, 4, 2, 0, tzinfo=UTC)
NOTICE = """THÔNG BÁO
Kết luận của Chủ tịch UBND phường tại cuộc họp giao ban

1. Giao Phòng Kinh tế chủ trì, phối hợp Công an phường rà soát các điểm kinh doanh, hoàn thành \
trước ngày 30/6/2026.
2. Giao các phòng chuyên môn rà soát thủ tục hành chính, báo cáo trước ngày 15/7/2026.
3. Giao Ban Chỉ huy Quân sự phường tổ chức huấn luyện dân quân.
"""


async def _units(repos):
    await repos.units.import_units([
        UnitSpec(name="Phòng Kinh tế", kind="department", groups=["các phòng chuyên môn"]),
        UnitSpec(name="Phòng Nội vụ", kind="department", groups=["các phòng chuyên môn"]),
        UnitSpec(name="Công an phường", kind="police", aliases=["CA phường"]),
    ], now=NOW)


async def test_groups_stored_on_units_expand_to_their_members(repos):
    await _units(repos)
    directory = await unit_directory(repos)
    members = sorted(u.name for u in directory.expand("các phòng chuyên môn"))
    assert members == ["Phòng Kinh tế", "Phòng Nội vụ"]

    result = await take_pasted_text(repos, text=NOTICE, by=None, now=NOW)

    assert result.outcome is IntakeOutcome.draft
    tasks = result.notice.tasks
    assert [(u.unit_name, u.role) for u in tasks[0].units] == [("Phòng Kinh tế", "lead"),
                                                               ("Công an phường", "coordinate")]
    assert sorted(u.unit_name for u in tasks[1].units) == ["Phòng Kinh tế", "Phòng Nội vụ"]
    assert tasks[2].units == [] and [u.name for u in tasks[2].unresolved] == ["Ban Chỉ huy Quân sự phường"]


async def test_the_same_text_pasted_again_later_is_a_duplicate(repos):
    await _units(repos)
    office = await repos.people.upsert_from_telegram(8001, 8001, "Hà", NOW)
    first = await take_pasted_text(repos, text=NOTICE, by=office.id, now=NOW)
    again = await take_pasted_text(repos, text=NOTICE, by=office.id, now=NOW + timedelta(hours=1))
    assert again.outcome is IntakeOutcome.duplicate and again.notice.id == first.notice.id
    assert len(await repos.notices.list_recent(5)) == 1


async def test_a_piece_continues_the_draft_only_soon_after_and_unless_it_starts_a_notice(repos):
    await _units(repos)
    office = await repos.people.upsert_from_telegram(8001, 8001, "Hà", NOW)
    head, tail = NOTICE.split("3. ")
    first = await take_pasted_text(repos, text=head, by=office.id, now=NOW)

    joined = await take_pasted_text(repos, text="3. " + tail, by=office.id, now=NOW + timedelta(seconds=2))
    assert joined.outcome is IntakeOutcome.extended and joined.replaced_id == first.notice.id
    assert len(joined.notice.tasks) == 3
    # A whole new notice right after is its own draft; a piece after the window is too.
    other = NOTICE.replace("giao ban", "chuyên đề").replace("Kinh tế chủ trì", "Nội vụ chủ trì")
    separate = await take_pasted_text(repos, text=other, by=office.id, now=NOW + timedelta(seconds=4))
    assert separate.outcome is IntakeOutcome.draft
    late = await take_pasted_text(repos, text="4. Giao Phòng Nội vụ tổng hợp báo cáo.", by=office.id,
                                  now=NOW + timedelta(minutes=30))
    assert late.outcome is IntakeOutcome.draft
    assert len(await repos.notices.list_recent(5)) == 3
