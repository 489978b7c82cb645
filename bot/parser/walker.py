"""The walker's state: the stack of enclosing headings and the tasks found so far.

A frame is one open heading (its numbering style, label, who it assigns, a deadline or recurrence
stated for its items). `emit` turns an item into a task with what it inherits from the frames.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.parser import cues
from bot.parser.assign import Assignment, parse_assignment
from bot.parser.deadlines import find_deadline, find_recurrence
from bot.parser.models import ParsedTask, Recurrence, TaskKind
from bot.parser.sentences import later_assignment
from bot.parser.units import split_units


@dataclass
class Frame:
    style: str
    label: str
    assignment: Assignment | None = None
    deadline: date | None = None
    recurrence: Recurrence | None = None
    collect: ParsedTask | None = None  # a task ending in ":" whose sub-items are its content
    # "6. Đề nghị các tổ chức cung cấp dịch vụ" read as a task; if sub-items follow, it was a
    # heading naming a unit whose name holds a verb, and `whole` is that reading
    tentative: ParsedTask | None = None
    whole: Assignment | None = None
    no_tasks: bool = False


@dataclass
class WalkerState:
    reference: date | None
    stack: list[Frame] = field(default_factory=list)
    tasks: list[ParsedTask] = field(default_factory=list)
    pending: list[ParsedTask] = field(default_factory=list)  # unit-less items waiting for fields
    applied: list[ParsedTask] = field(default_factory=list)  # items the current field block fills
    last: ParsedTask | None = None
    last_marked: bool = False
    last_depth: int = -1
    stopped: bool = False
    block_lead: bool = False  # the current field block named a lead unit

    # -- stack helpers -------------------------------------------------------------------------
    def pop_to(self, style: str) -> None:
        if style == "roman":
            self.stack.clear()
            return
        for i, frame in enumerate(self.stack):
            if frame.style == style:
                del self.stack[i:]
                return

    def inherited(self) -> Assignment | None:
        for frame in reversed(self.stack):
            if frame.assignment is not None:
                return frame.assignment
        return None

    def blocked(self) -> bool:
        """Inside a purpose/target/assessment section, unless a lead sentence there addresses units."""
        blocked = False
        for frame in self.stack:
            if frame.no_tasks:
                blocked = True
            elif frame.style in ("lead", "lead*"):
                blocked = False
        return blocked

    def section(self) -> str:
        """Label such as "III.1.a"; a dotted number ("2.8") already carries its parents."""
        labels: list[tuple[str, str]] = []
        for frame in self.stack:
            if frame.style == "multi":
                labels = [(style, label) for style, label in labels if style == "roman"]
            if frame.label:
                labels.append((frame.style, frame.label))
        return ".".join(label for _style, label in labels)

    def numbered_context(self) -> bool:
        return any(f.style not in ("bold",) and not f.style.endswith("*") for f in self.stack)

    # -- tasks ---------------------------------------------------------------------------------
    def emit(self, text: str, who: Assignment | None, marked: bool) -> ParsedTask:
        later = later_assignment(text) if who is not None else None
        if later is not None and cues.GENERIC_REST.match(later[1].rest):
            later = None  # "… . Chủ tịch yêu cầu các đơn vị nghiêm túc thực hiện.": a closing formula
        if later is not None:
            # a second sentence that assigns another unit is its own task
            start, other = later
            first = self.emit(text[:start].strip(), who, marked)
            self.emit(text[start:].strip(), other, marked)
            return first
        deadline = find_deadline(text, reference=self.reference)
        recurrence = find_recurrence(text)
        for frame in reversed(self.stack):
            deadline = deadline or frame.deadline
            recurrence = recurrence or frame.recurrence
        task = ParsedTask(
            text=text,
            units=list(who.units) if who else [],
            coordinators=list(who.coordinators) if who else [],
            kind=who.kind if who else TaskKind.assign,
            deadline=deadline,
            recurrence=recurrence,
            section=self.section() or None,
        )
        if who:
            self.tasks.append(task)
        self.last, self.last_marked, self.last_depth = task, marked, len(self.stack)
        return task

    def append(self, task: ParsedTask, text: str) -> None:
        task.text = f"{task.text} {text}"
        task.deadline = find_deadline(task.text, reference=self.reference) or task.deadline
        task.recurrence = task.recurrence or find_recurrence(text)

    def apply_fields(self, kind: str, value: str) -> None:
        targets = self.applied or self.pending
        if not targets:
            return
        if not self.applied:
            self.block_lead = False
        self.applied, self.pending = targets, []
        units, coords = split_units(value) if value else [], []
        who = parse_assignment(value, allow_subject=True) if kind in ("lead", "doer") and value else None
        if who is not None and who.units:  # "Sở Nội vụ chủ trì, phối hợp các sở, ban, ngành"
            units, coords = who.units, who.coordinators
        for task in targets:
            if units and (kind == "lead" or (kind == "doer" and not self.block_lead)):
                if not task.units:
                    self.tasks.append(task)
                task.units = units
                task.coordinators = coords or task.coordinators
            elif kind == "doer" and units:
                task.coordinators = task.coordinators or units
            elif kind == "coord" and units:
                task.coordinators = units
            elif kind == "time" and value:
                task.deadline = task.deadline or find_deadline(value, reference=self.reference)
                task.recurrence = task.recurrence or find_recurrence(value)
        self.block_lead = self.block_lead or (kind == "lead" and bool(units))

    def candidate(self, task: ParsedTask) -> None:
        """An item that labelled fields after it may still (re)assign."""
        if self.applied:
            self.applied = []
        self.pending.append(task)
