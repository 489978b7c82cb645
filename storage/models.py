"""What storage returns: pydantic models, never rows. Times are aware UTC datetimes; dates are dates."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from enum import IntEnum, StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from storage.vocabulary import NoticeKind, Recurrence, TaskFlag, TaskKind


def _from_json(value: Any) -> Any:
    # JSON columns arrive as text; models built in code pass lists/dicts straight through.
    if isinstance(value, str | bytes):
        return json.loads(value)
    return value


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise ValueError("datetime must be timezone-aware")
    return value


JsonList = Annotated[list[Any], BeforeValidator(_from_json)]
JsonStrList = Annotated[list[str], BeforeValidator(_from_json)]
JsonIntList = Annotated[list[int], BeforeValidator(_from_json)]
JsonDict = Annotated[dict[str, Any], BeforeValidator(_from_json)]
UtcDatetime = Annotated[datetime, AfterValidator(_aware)]


class RoleName(StrEnum):
    admin = "admin"
    office = "office"
    leader = "leader"
    head = "head"
    deputy = "deputy"


UNIT_ROLES = frozenset({RoleName.head, RoleName.deputy})


class NoticeStatus(StrEnum):
    draft = "draft"
    published = "published"
    withdrawn = "withdrawn"


class AssignmentRole(StrEnum):
    lead = "lead"
    coordinate = "coordinate"


class AssignmentStatus(StrEnum):
    new = "new"
    acknowledged = "acknowledged"
    in_progress = "in_progress"
    done = "done"
    # office sent a done assignment back; it is open again
    returned = "returned"


# The one definition of an open assignment (still to be done): Assignment.is_open, the reminder policy's
# ReminderSubject.is_open and the repositories' SQL (assignments.OPEN_SQL) all read this set.
OPEN_STATUSES = frozenset({
    AssignmentStatus.new,
    AssignmentStatus.acknowledged,
    AssignmentStatus.in_progress,
    AssignmentStatus.returned,
})


class ExtensionDecision(StrEnum):
    pending = "pending"
    approved = "approved"
    declined = "declined"


class OutboxStatus(StrEnum):
    pending = "pending"
    sent = "sent"
    failed = "failed"


class StoredModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class TenantKind(StrEnum):
    province = "province"
    commune = "commune"
    ward = "ward"
    other = "other"


class Tenant(StoredModel):
    """One People's Committee of the deployment: its units, roles, notices … are its own."""

    id: int
    name: str
    kind: TenantKind
    # per-tenant overrides of the process settings ({"reminders": {...}, "digests": {...}})
    settings: JsonDict
    created_at: UtcDatetime
    updated_at: UtcDatetime


class UnitSpec(BaseModel):
    """One entry of a unit directory to import."""

    name: str
    kind: str = "other"
    aliases: list[str] = Field(default_factory=list)
    groups: list[str] = Field(default_factory=list)


class Unit(StoredModel):
    id: int
    name: str
    kind: str
    aliases: JsonStrList
    groups: JsonStrList
    active: bool
    created_at: UtcDatetime
    updated_at: UtcDatetime


class Person(StoredModel):
    id: int
    telegram_user_id: int
    chat_id: int | None
    display_name: str
    reachable: bool
    created_at: UtcDatetime
    updated_at: UtcDatetime


class LeaderTitle(StrEnum):
    """How a leader is addressed (the words are in messages/templates/people/_title.j2)."""

    chairman = "chairman"
    vice_chairman = "vice_chairman"


class RoleGrant(StoredModel):
    id: int
    person_id: int
    role: RoleName
    unit_id: int | None
    unit_name: str | None = None
    granted_by: int | None
    granted_at: UtcDatetime
    title: LeaderTitle | None = None  # leaders only


class Invite(StoredModel):
    id: int
    tenant_id: int
    token_hash: str
    unit_id: int | None
    role: RoleName
    created_by: int | None
    created_at: UtcDatetime
    expires_at: UtcDatetime
    used_by: int | None
    used_at: UtcDatetime | None
    title: LeaderTitle | None = None  # a leader's invite may say which leader


class UnresolvedUnit(BaseModel):
    """A unit name from the notice that the directory could not match yet."""

    name: str
    role: AssignmentRole


class TaskUnit(BaseModel):
    assignment_id: int
    unit_id: int
    unit_name: str
    role: AssignmentRole


class Task(StoredModel):
    id: int
    notice_id: int
    position: int
    section: str | None
    text: str
    kind: TaskKind
    deadline: date | None
    recurrence: Recurrence | None
    unresolved: Annotated[list[UnresolvedUnit], BeforeValidator(_from_json)]
    # why the office should look twice (the parser's doubts; an office edit settles some of them)
    flags: Annotated[list[TaskFlag], BeforeValidator(_from_json)] = Field(default_factory=list)
    span_start: int | None = None  # where the task starts in the notice's text, when known
    # filled by get_with_tasks / tasks.for_notice: the units the task is assigned to, leads first
    units: list[TaskUnit] = Field(default_factory=list)


class CandidateStatus(StrEnum):
    open = "open"
    taken = "taken"  # the office turned it into a task
    dismissed = "dismissed"  # the office said it is no task


class Candidate(StoredModel):
    """A sentence of a draft that looks like an order but gave no task (the preview's safety net)."""

    id: int
    notice_id: int
    position: int
    text: str
    units: JsonStrList
    span_start: int | None
    status: CandidateStatus
    task_id: int | None


class ScannedPage(BaseModel):
    """A page of a scanned notice the office should check closely (see notices.scan_weak_pages)."""

    page: int
    confidence: float
    read: bool = True  # False: character recognition gave up on the page


class Notice(StoredModel):
    id: int
    number: str | None
    issuer: str | None
    title: str | None
    issued_on: date | None
    meeting_on: date | None
    kind: NoticeKind
    source_name: str | None
    source_sha256: str | None
    source_file_id: str | None
    text: str
    status: NoticeStatus
    created_by: int | None
    leader_id: int | None
    created_at: UtcDatetime
    updated_at: UtcDatetime
    published_at: UtcDatetime | None
    withdrawn_at: UtcDatetime | None
    # Set when the text came from a scan (character recognition): mean confidence 0–100.
    scan_confidence: float | None = None
    scan_weak_pages: Annotated[list[ScannedPage], BeforeValidator(_from_json)] = Field(default_factory=list)
    # None unless asked for (notices.get_with_tasks)
    tasks: list[Task] | None = None

    def unresolved_names(self) -> list[str]:
        """Unmatched unit names across all tasks, in order of first mention."""
        seen: dict[str, None] = {}
        for task in self.tasks or []:
            for item in task.unresolved:
                seen.setdefault(item.name, None)
        return list(seen)


class Assignment(StoredModel):
    id: int
    task_id: int
    unit_id: int
    role: AssignmentRole
    status: AssignmentStatus
    percent: int
    deadline: date | None  # current (effective) deadline, after approved extensions
    acknowledged_at: UtcDatetime | None
    acknowledged_by: int | None
    done_at: UtcDatetime | None
    done_on: date | None  # local date of done_at
    done_by: int | None
    done_note: str | None
    returned_reason: str | None
    last_progress_at: UtcDatetime | None
    snoozed_until: UtcDatetime | None
    snooze_count: int
    created_at: UtcDatetime
    updated_at: UtcDatetime
    # set when the office withdrew the task after publishing: no longer open, reminded or counted
    withdrawn_at: UtcDatetime | None = None
    # denormalised for display and the sweeps
    unit_name: str
    task_text: str
    task_section: str | None
    task_position: int
    task_kind: TaskKind
    task_deadline: date | None  # as written in the notice
    recurrence: Recurrence | None
    notice_id: int
    notice_number: str | None
    notice_title: str | None
    notice_issued_on: date | None
    notice_status: NoticeStatus
    notice_published_at: UtcDatetime | None
    notice_leader_id: int | None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES and self.withdrawn_at is None

    @property
    def is_actionable(self) -> bool:
        """Open on a published notice: what reminders chase, reminder buttons act on and digests count."""
        return self.is_open and self.notice_status == NoticeStatus.published

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.deadline is not None and self.deadline < today

    @property
    def done_late(self) -> bool | None:
        """None while not done; False when done with no deadline."""
        if self.status != AssignmentStatus.done or self.done_on is None:
            return None
        return self.deadline is not None and self.done_on > self.deadline


class Progress(StoredModel):
    id: int
    assignment_id: int
    author_id: int | None
    text: str
    percent: int | None
    file_ids: JsonStrList
    chat_id: int | None
    message_id: int | None
    created_at: UtcDatetime
    edited_at: UtcDatetime | None


class Extension(StoredModel):
    id: int
    assignment_id: int
    requested_by: int | None
    previous_deadline: date | None
    proposed_date: date
    reason: str
    decision: ExtensionDecision
    decided_by: int | None
    decided_at: UtcDatetime | None
    created_at: UtcDatetime


class Priority(IntEnum):
    """Order of sending: lower goes first. An answer to the person who just acted (a reply, a
    confirmation) overtakes broadcasts, reminders and digests, which are bulk."""

    answer = 0
    bulk = 1


class OutboxFacts(BaseModel):
    """What an outbox row is about, in columns so reports query them instead of parsing keys."""

    notice_id: int | None = None
    unit_id: int | None = None
    person_id: int | None = None
    part: int | None = None
    tier: str | None = None


class NewOutboxMessage(OutboxFacts):
    """A message to enqueue (outbox.enqueue_many)."""

    key: str
    chat_id: int
    kind: str
    payload: dict[str, Any]
    priority: Priority = Priority.bulk


class OutboxMessage(StoredModel, OutboxFacts):
    id: int
    tenant_id: int | None = None  # None: a message of the deployment, no committee's
    # not a column: the tenant's name when the recipient serves several (OutboxDelivery.claim_due)
    tenant_label: str | None = None
    key: str
    chat_id: int
    kind: str
    payload: JsonDict
    status: OutboxStatus
    attempts: int
    next_attempt_at: UtcDatetime
    last_error: str | None
    telegram_message_id: int | None
    created_at: UtcDatetime
    sent_at: UtcDatetime | None
    priority: Priority = Priority.bulk
    claimed_by: str | None = None


class MessageLink(StoredModel):
    id: int
    chat_id: int
    message_id: int
    kind: str
    notice_id: int | None
    assignment_ids: JsonIntList
    created_at: UtcDatetime


class ReminderSent(StoredModel):
    id: int
    assignment_id: int
    kind: str
    period: str
    sent_at: UtcDatetime


class DayOff(StoredModel):
    day: date
    reason: str
    added_by: int | None
    created_at: UtcDatetime


class AuditEntry(StoredModel):
    id: int
    at: UtcDatetime
    actor_id: int | None
    action: str
    entity: str
    entity_id: int | None
    before: Annotated[dict[str, Any] | None, BeforeValidator(_from_json)]
    after: Annotated[dict[str, Any] | None, BeforeValidator(_from_json)]


class DigestRow(BaseModel):
    """The four official buckets for one unit."""

    unit_id: int
    unit_name: str
    done_on_time: int = 0
    done_late: int = 0
    open_in_term: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        return self.done_on_time + self.done_late + self.open_in_term + self.overdue


class ReportCounts(BaseModel):
    """The official form: done (on time / late) and not done (within term / overdue) among items with a
    deadline, items without one apart. Items are tasks in a report's totals, assignments per unit."""

    done_on_time: int = 0
    done_late: int = 0
    open_in_term: int = 0
    overdue: int = 0
    no_deadline_done: int = 0
    no_deadline_open: int = 0

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def not_done(self) -> int:
        return self.open_in_term + self.overdue

    @property
    def no_deadline(self) -> int:
        return self.no_deadline_done + self.no_deadline_open

    @property
    def total(self) -> int:
        return self.done + self.not_done + self.no_deadline

    @property
    def due(self) -> int:
        """Items whose deadline has come, done or not: what the on-time rate is measured against."""
        return self.done + self.overdue

    @property
    def on_time_rate(self) -> float | None:
        """Done on time over items done or overdue, in percent; None while nothing is due yet."""
        return None if self.due == 0 else 100.0 * self.done_on_time / self.due


class UnitReportCounts(ReportCounts):
    unit_id: int
    unit_name: str


@dataclass(slots=True)
class ReportTaskRow:
    """One assignment in a report's task list. A slotted dataclass, not a pydantic model: a yearly report
    reads a hundred thousand of these, and validating each one would cost seconds."""

    assignment_id: int
    task_id: int
    notice_id: int
    notice_number: str | None
    notice_issued_on: date | None
    position: int
    task_text: str
    unit_id: int
    unit_name: str
    role: str  # AssignmentRole value
    deadline: date | None
    done_on: date | None  # only when done by the report's day
    status: str  # AssignmentStatus value
    percent: int
    acknowledged: bool
    latest_progress: str | None

    @classmethod
    def from_row(cls, row: Any) -> ReportTaskRow:
        """From a row of reports.task_rows, columns in field order; ISO date texts become dates."""
        (assignment_id, task_id, notice_id, number, issued, position, text, unit_id, unit_name, role,
         deadline, done_on, status, percent, acknowledged_at, latest) = tuple(row)
        return cls(assignment_id, task_id, notice_id, number, _day(issued), position, text, unit_id,
                   unit_name, role, _day(deadline), _day(done_on), status, percent,
                   acknowledged_at is not None, latest)


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)
