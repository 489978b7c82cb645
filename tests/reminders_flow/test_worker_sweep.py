"""A sweep big enough to be loaded and planned in the worker process (over its own connection) sends,
records and schedules exactly what the same sweep does in the bot's process; its writes go in small
transactions that never part a reminder from the messages that carry it."""

from __future__ import annotations

from datetime import date

from bot.services import reminders
from bot.services.reminder_messages import PlannedMessage
from bot.services.reminder_models import DueReminder
from tests.reminders_flow.world import World, at

JUNE_3, JULY_10 = date(2026, 6, 3), date(2026, 7, 10)


async def _walked(settings, tmp_path, name: str, worker_from: int, monkeypatch) -> dict[str, list]:
    monkeypatch.setattr(reminders, "WORKER_MIN_SUBJECTS", worker_from)
    world = World(tmp_path / f"{name}.sqlite3", settings)
    await world.setup(at(JUNE_3, "09:00"))
    try:
        await world.walk(JUNE_3, JULY_10)
        db = world.db
        assert db is not None
        return {
            "messages": [[(m.key, m.chat_id, m.text, [i.key for i in m.items]) for m in r.messages]
                         for r in world.results],
            "outbox": [tuple(row) for row in await db.fetch_all(
                "SELECT key, chat_id, payload, created_at FROM outbox ORDER BY key")],
            "recorded": [tuple(row) for row in await db.fetch_all(
                "SELECT assignment_id, kind, period, sent_at FROM reminders_sent ORDER BY 1, 2, 3")],
            "moments": [tuple(row) for row in await db.fetch_all(
                "SELECT id, next_reminder_at FROM assignments ORDER BY id")],
        }
    finally:
        await world.close()


async def test_a_sweep_in_the_worker_process_does_what_the_same_sweep_does_in_process(
    settings, tmp_path, monkeypatch
):
    in_worker = await _walked(settings, tmp_path, "worker", 1, monkeypatch)
    in_process = await _walked(settings, tmp_path, "process", 10**9, monkeypatch)

    assert any(in_worker["messages"]) and in_worker["recorded"]
    assert in_worker == in_process


def _message(key: str, *items: str) -> PlannedMessage:
    return PlannedMessage(
        key=key, chat_id=1, person_id=1, person_name="Trưởng", audience="head", text=key, payload={},
        items=[DueReminder(assignment_id=1, unit_id=1, unit_name="Phòng", kind="overdue", key=item,
                           audience="head", task_text="Việc") for item in items],
    )


def test_messages_that_carry_one_reminder_are_written_in_one_transaction():
    head, deputy = _message("head", "r1", "r2"), _message("deputy", "r1", "r2")
    other = [_message(f"unit{n}", f"u{n}") for n in range(3)]
    office, leader = _message("office", "e1", "e2"), _message("leader", "e2")

    groups = reminders._record_groups([head, other[0], deputy, other[1], office, other[2], leader], 3)

    assert [[m.key for m in group] for group in groups] == [
        ["head", "deputy", "unit0"], ["unit1", "office", "leader"], ["unit2"]]
