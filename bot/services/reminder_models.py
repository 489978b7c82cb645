"""What the reminder policy reads (one assignment's state) and what it returns (reminders due now)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import AwareDatetime, BaseModel, Field

from storage.models import OPEN_STATUSES, AssignmentStatus


class ReminderKind(StrEnum):
    before_7d = "before_7d"
    before_3d = "before_3d"
    before_1d = "before_1d"
    due_today = "due_today"
    overdue = "overdue"
    recurring_period = "recurring_period"
    stale_nudge = "stale_nudge"
    # The head asked "Nhắc lại sau 1 ngày": the latest reminder again once the snooze ends.
    snooze_repeat = "snooze_repeat"
    escalation = "escalation"


def before_kind(days: int) -> str:
    """Kind name of a before-deadline tier; tiers other than 7/3/1 (configured) get the same pattern."""
    return f"before_{days}d"


class ReminderSubject(BaseModel):
    """One assignment as the reminder policy sees it. Storage fills it; nothing here touches Telegram."""

    assignment_id: int
    unit_id: int
    unit_name: str
    task_text: str
    notice_id: int | None = None
    notice_number: str | None = None
    # The leader who owns the notice, told of escalations besides the office.
    owner_leader_id: int | None = None
    role: Literal["lead", "coordinate"] = "lead"
    # The current deadline, after approved extensions; None for tasks without one.
    deadline: date | None = None
    recurrence: Literal["daily", "weekly", "monthly", "quarterly", "yearly", "periodic"] | None = None
    # The assignment's status, or "withdrawn" when its notice was withdrawn (nothing is due then).
    status: AssignmentStatus | Literal["withdrawn"]
    published_at: AwareDatetime
    # When the current deadline took effect (extension approved); published_at when never extended.
    deadline_set_at: AwareDatetime | None = None
    acknowledged_at: AwareDatetime | None = None
    last_progress_at: AwareDatetime | None = None
    snoozed_until: AwareDatetime | None = None
    snooze_count: int = 0
    # Every reminder key already recorded for this assignment (outbox or reminders_sent).
    already_sent_keys: frozenset[str] = Field(default_factory=frozenset)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class DueReminder(BaseModel):
    """A reminder the sweep should enqueue now. `key` is the outbox idempotency key (UNIQUE)."""

    assignment_id: int
    unit_id: int
    unit_name: str
    kind: str
    key: str
    audience: Literal["head", "office"]
    task_text: str
    notice_id: int | None = None
    notice_number: str | None = None
    owner_leader_id: int | None = None
    role: Literal["lead", "coordinate"] = "lead"
    deadline: date | None = None
    # Calendar days past the deadline as written (what people say: "quá hạn 5 ngày"), and working days.
    days_late: int = 0
    working_days_late: int = 0
    # Working days left until the deadline (before-deadline tiers), 0 on the due day.
    working_days_left: int | None = None
    # Recurring tasks: the period to report on, e.g. "2026-07", "2026-W28", "2026-Q3", "2026".
    period_id: str | None = None
    period_start: date | None = None
    recurrence: str | None = None
    # Days since the last progress (stale nudge).
    idle_days: int | None = None
    # Whether the "Nhắc lại sau 1 ngày" button may be shown.
    can_snooze: bool = False
    # For snooze_repeat: the kind being repeated.
    repeats: str | None = None


class ReminderDigest(BaseModel):
    """Everything due for one unit in one sweep: one message to each of its heads."""

    unit_id: int
    unit_name: str
    items: list[DueReminder]

    @property
    def keys(self) -> list[str]:
        return [item.key for item in self.items]


class EscalationDigest(BaseModel):
    """Escalations for the office (leader_id None) or for one leader who owns the notices."""

    leader_id: int | None
    items: list[DueReminder]


class SnoozeDecision(BaseModel):
    allowed: bool
    snoozed_until: datetime | None = None
    snooze_count: int
    remaining: int


class PeriodGap(BaseModel):
    """A recurring assignment with no progress in the current period (for the office digest)."""

    assignment_id: int
    unit_id: int
    unit_name: str
    task_text: str
    notice_number: str | None
    recurrence: str
    period_id: str
    period_start: date
    last_progress_at: datetime | None


class SweepPlan(BaseModel):
    now: AwareDatetime
    in_window: bool
    # `now` itself inside the window.
    next_window_open: AwareDatetime
    heads: list[ReminderDigest]
    escalations: list[EscalationDigest]
    # Every item, heads' and office's: each key is enqueued once.
    due: list[DueReminder]
