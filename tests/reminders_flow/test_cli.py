"""`dondoc reminders --at`: what goes out at a moment, printed, with nothing sent or recorded."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

from tests.cli import Ran, dondoc
from tests.postgres import on_both_engines
from tests.reminders_flow.world import at


async def _counts(world) -> tuple[int, int]:
    outbox = await world.db.fetch_value("SELECT COUNT(*) FROM outbox")
    sent = await world.db.fetch_value("SELECT COUNT(*) FROM reminders_sent")
    return outbox, sent


def _cli(db: Path, moment: str) -> Ran:
    return dondoc("reminders", "--at", moment, "--db", db)


@on_both_engines("world")
async def test_preview_lists_recipient_unit_tier_and_tasks_and_changes_nothing(world):
    # Sweep up to the day before, so the preview shows what tomorrow morning adds.
    await world.walk(date(2026, 6, 3), date(2026, 6, 11))
    before = await _counts(world)
    tomorrow = at(date(2026, 6, 12), "07:30")
    await world.close()

    done = await asyncio.to_thread(_cli, world.path, "2026-06-12 07:30")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.splitlines()[0] == (
        "Nhắc việc lúc 07:30 12/06/2026 (Thứ Sáu): chỉ xem trước, không gửi, không ghi nhận."
    )

    await world.open()
    assert await _counts(world) == before  # nothing enqueued, nothing recorded
    # The preview says exactly what the real sweep then sends: each recipient, unit and tier.
    result = await world.sweep(tomorrow)
    assert result.messages
    for message in result.messages:
        assert f"Người nhận: {message.person_name}" in out
        if message.unit_name:
            assert f"Đơn vị: {message.unit_name}" in out
    assert "[đến hạn hôm nay]" in out
    assert f"Sẽ gửi {len(result.messages)} tin nhắn." in out


async def test_preview_outside_the_window_names_the_next_opening(world):
    await world.close()
    done = await asyncio.to_thread(_cli, world.path, "2026-06-13 09:00")  # a Saturday
    assert done.returncode == 0, done.stderr
    assert "Ngoài khung giờ gửi (07:30–17:00 ngày làm việc): không gửi gì." in done.stdout
    assert "Lần gửi tiếp theo: 07:30 15/06/2026 (Thứ Hai)." in done.stdout


def test_a_malformed_moment_is_refused_in_vietnamese(tmp_path):
    done = _cli(tmp_path / "none.sqlite3", "15/06/2026")
    assert done.returncode == 2
    assert "Thời điểm không hợp lệ" in done.stderr


def test_a_missing_database_is_reported_and_not_created(tmp_path):
    missing = tmp_path / "none.sqlite3"
    done = _cli(missing, "2026-06-15 07:30")
    assert done.returncode == 1
    assert "Không tìm thấy cơ sở dữ liệu" in done.stderr
    assert not missing.exists()


@on_both_engines("world")
async def test_repair_recomputes_every_stored_moment_and_sends_nothing(world):
    await world.sweep(at(date(2026, 6, 3), "12:00"))
    async with world.db.transaction():
        await world.db.execute("UPDATE assignments SET next_reminder_at = '2099-01-01T00:00:00+00:00'")
    before = await _counts(world)
    open_count = len([a for a in await world.assignments() if a.is_actionable])
    await world.close()

    done = await asyncio.to_thread(dondoc, "reminders", "--repair", "--db", world.path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (f"Đã tính lại lịch nhắc việc của {open_count} nhiệm vụ đang mở trong {world.path};"
                           " không gửi tin nào.\n")

    await world.open()
    assert await _counts(world) == before
    stored = await world.db.fetch_value("SELECT MAX(next_reminder_at) FROM assignments"
                                        " WHERE status <> 'done' AND withdrawn_at IS NULL")
    assert stored < "2099"
