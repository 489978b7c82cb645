"""A simulated sweep: calls the pure policy at chosen moments and feeds sent keys back, as the real
sweep does through the outbox's UNIQUE keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.config import ReminderPolicy
from bot.services.calendar import WorkCalendar
from bot.services.reminder_models import DueReminder, ReminderSubject
from bot.services.reminder_policy import due_reminders

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# Window boundaries and midday: the minutes where an off-by-one in the window would show.
SAMPLE_TIMES = (time(7, 29), time(7, 30), time(12, 0), time(16, 59), time(17, 0), time(17, 30))


def at(day: date, hhmm: str = "07:30") -> datetime:
    hour, minute = map(int, hhmm.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=VN)


def subject(assignment_id: int = 1, **fields) -> ReminderSubject:
    values = {
        "assignment_id": assignment_id,
        "unit_id": fields.pop("unit_id", 10 + assignment_id),
        "unit_name": f"Phòng số {assignment_id}",
        "task_text": f"Nhiệm vụ {assignment_id}",
        "notice_number": "123/TB-UBND",
        "status": "acknowledged",
        "published_at": at(date(2026, 6, 3), "09:00"),
    }
    values.update(fields)
    return ReminderSubject(**values)


@dataclass
class Sent:
    at: datetime
    item: DueReminder

    @property
    def local(self) -> datetime:
        return self.at.astimezone(VN)


@dataclass
class Sweeper:
    calendar: WorkCalendar
    policy: ReminderPolicy
    subjects: dict[int, ReminderSubject] = field(default_factory=dict)
    log: list[Sent] = field(default_factory=list)

    def add(self, *subjects: ReminderSubject) -> None:
        for item in subjects:
            self.subjects[item.assignment_id] = item

    def update(self, assignment_id: int, **changes) -> None:
        self.subjects[assignment_id] = self.subjects[assignment_id].model_copy(update=changes)

    def sweep(self, now: datetime) -> list[DueReminder]:
        due = due_reminders(self.subjects.values(), now, self.calendar, self.policy)
        keys = [item.key for item in due]
        assert len(keys) == len(set(keys)), "a sweep produced the same key twice"
        for item in due:
            current = self.subjects[item.assignment_id]
            assert item.key not in current.already_sent_keys, "a sent key came back"
            self.update(item.assignment_id, already_sent_keys=current.already_sent_keys | {item.key})
            self.log.append(Sent(now, item))
        return due

    def walk(self, start: date, end: date, times=SAMPLE_TIMES) -> None:
        day = start
        while day <= end:
            for moment in times:
                self.sweep(datetime.combine(day, moment, tzinfo=VN))
            day += timedelta(days=1)

    def sent(self, assignment_id: int | None = None) -> list[tuple[date, str]]:
        return [
            (entry.local.date(), entry.item.kind)
            for entry in self.log
            if assignment_id is None or entry.item.assignment_id == assignment_id
        ]


@pytest.fixture
def policy() -> ReminderPolicy:
    return ReminderPolicy()


@pytest.fixture
def calendar() -> WorkCalendar:
    return WorkCalendar()


@pytest.fixture
def sweeper(calendar: WorkCalendar, policy: ReminderPolicy) -> Sweeper:
    return Sweeper(calendar, policy)
