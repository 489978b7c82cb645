"""What the parser returns: a notice's metadata and the tasks it assigns."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

# the notice's words live with storage (which keeps them); the parser's callers import them from here
from storage.vocabulary import NoticeKind, Recurrence, TaskFlag, TaskKind

__all__ = ["NoticeKind", "NoticeMeta", "ParsedNotice", "ParsedTask", "Recurrence", "TaskFlag", "TaskKind",
           "Unclaimed"]


class NoticeMeta(BaseModel):
    number: str | None = None
    issuer: str | None = None
    title: str | None = None
    issued_on: date | None = None
    meeting_on: date | None = None
    kind: NoticeKind = NoticeKind.other


class ParsedTask(BaseModel):
    text: str
    units: list[str] = Field(default_factory=list)
    coordinators: list[str] = Field(default_factory=list)
    kind: TaskKind = TaskKind.assign
    deadline: date | None = None
    recurrence: Recurrence | None = None
    section: str | None = None
    # Where the task came from in the notice's text: [start, end) character offsets.
    span: tuple[int, int] | None = None
    flags: list[TaskFlag] = Field(default_factory=list)


class Unclaimed(BaseModel):
    """A sentence that looks like an order (an assignment cue near a unit-like name) but gave no task:
    the preview offers it to the office as a possible missed task."""

    text: str
    # The unit names it mentions, directory names when the directory matched them.
    units: list[str] = Field(default_factory=list)
    span: tuple[int, int] | None = None


class ParsedNotice(BaseModel):
    notice: NoticeMeta = Field(default_factory=NoticeMeta)
    tasks: list[ParsedTask] = Field(default_factory=list)
    # Unit names found in the text that the unit directory could not match (empty without a directory).
    unknown_units: list[str] = Field(default_factory=list)
    # The safety net: order-like sentences outside every task found.
    unclaimed: list[Unclaimed] = Field(default_factory=list)

    def units(self) -> list[str]:
        """Every lead or coordinating unit, in order of first mention."""
        seen: dict[str, None] = {}
        for task in self.tasks:
            for name in (*task.units, *task.coordinators):
                seen.setdefault(name, None)
        return list(seen)
