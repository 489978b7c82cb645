"""Walk a notice's paragraphs with a stack of headings and emit one task per assigned item.

An item becomes a task only when a doer is known: named in the item itself (sentence subject,
"Giao X …", "Đề nghị X …"), inherited from an enclosing heading ("2.8. Giao Phòng X chủ trì …:",
"5. Công an phường"), or given by labelled fields ("Đơn vị chủ trì: …"). Preambles, assessments,
targets and purposes name no doer for their items, so they yield nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.parser import cues
from bot.parser.assign import Assignment, parse_assignment
from bot.parser.deadlines import find_deadline, find_recurrence
from bot.parser.fields import parse_label
from bot.parser.models import ParsedTask, TaskKind
from bot.parser.sentences import addressee, heading_units, names_its_doers, task_text
from bot.parser.structure import Para, Row
from bot.parser.walker import Frame, WalkerState

_TERMINAL = (".", ";", ":", "!", "?", "…", "/.")
NUMBERED = ("roman", "multi", "num", "numparen", "paren", "alpha", "bold")


@dataclass
class Walker(WalkerState):
    # -- paragraphs ----------------------------------------------------------------------------
    def feed(self, p: Para) -> None:
        text = p.text
        if self.stopped:
            if cues.RESUME.match(text):
                self.stopped = False
                self.stack.clear()
            return
        if cues.STOP.match(text) or (not p.style and cues.STATUTE_QUOTE.match(text) and text.endswith(":")):
            self.stopped = True
            return
        if cues.CLOSING.match(p.body or text) or cues.APPENDIX.match(text) or cues.is_title(text):
            self.stack.clear()
            self.last = None
            return
        if cues.EXECUTION.search(text) or cues.HEADER_LINE.search(text[:100]):
            return
        label = parse_label(p.body if p.style else text)
        if label:
            self.field(label, p)
            return
        style = p.style or ("bold" if p.bold and len(text) < 250 else None)
        if style in NUMBERED:
            self.numbered(p, style)
        else:
            self.plain(p, style)

    def field(self, label: tuple[str, str], p: Para) -> None:
        kind, value = label
        if kind == "task":
            self.applied = []
            if value:
                self.pending.append(self.emit(value, None, True))
            return
        if kind != "other":
            self.apply_fields(kind, value)

    def numbered(self, p: Para, style: str) -> None:
        body = p.body if p.style else p.text
        while self.stack and self.stack[-1].style == "lead*":
            self.stack.pop()
        self.pop_to(style)
        self.promote_heading()
        self.pending, self.applied, self.last = [], [], None
        frame = Frame(style, p.label)
        frame.deadline = find_deadline(body, reference=self.reference) if body.endswith(":") else None
        frame.recurrence = find_recurrence(body) if body.endswith(":") else None
        if cues.NO_TASK_SECTION.match(body):
            frame.no_tasks = True
            self.stack.append(frame)
            return
        explicit = names_its_doers(body)
        who = parse_assignment(body, allow_subject=True) if explicit or not self.blocked() else None
        if who is None and len(body) < 220 and not self.blocked():
            who = heading_units(body)
        if who is not None and cues.INTRO_END.search(who.rest) and len(who.rest) < 150:
            # "Giao Phòng X hoàn thành trước ngày … các nội dung sau:" introduces its bullets
            frame.deadline = find_deadline(who.rest, reference=self.reference)
            frame.recurrence = find_recurrence(who.rest)
            who = Assignment(who.units, who.coordinators, who.kind, "")
        if who is not None:
            frame.assignment = who
            self.stack.append(frame)
            if not who.heading_only:
                text = task_text(body, who)
                frame.collect = self.emit(text, who, True) if body.endswith(":") else None
                if frame.collect is None:
                    task = self.emit(text, who, True)
                    if not body.endswith(_TERMINAL) and len(body) < 150:
                        frame.whole = heading_units(body, lenient=True)
                        frame.tentative = task if frame.whole else None
            return
        inherited = self.inherited()
        self.stack.append(frame)
        heading = body.endswith(":") and len(body) < 120
        if cues.NOT_TASK.match(body) or self.blocked():
            return
        if inherited and style not in ("roman", "bold") and not heading:
            task = self.emit(body, inherited, True)
            self.candidate(task)
            frame.collect = task if body.endswith(":") else None
        elif not inherited and not p.bold and not body.endswith(":") and len(body) > 60:
            self.candidate(self.emit(body, None, True))

    def promote_heading(self) -> None:
        """A sub-item follows a tentative task: it was a heading; its sub-items inherit the whole."""
        top = self.stack[-1] if self.stack else None
        if top is None or top.tentative is None or top.whole is None:
            return
        if top.tentative in self.tasks:
            self.tasks.remove(top.tentative)
        top.assignment, top.tentative = top.whole, None

    def plain(self, p: Para, style: str | None) -> None:
        body = p.body if p.style else p.text
        marked = style is not None
        if marked:
            self.promote_heading()
        top = self.stack[-1] if self.stack else None
        who = None
        if not self.blocked() or names_its_doers(body):
            who = parse_assignment(body, allow_subject=marked or self.numbered_context())
        if who is not None and who.heading_only:
            if marked:
                self.pop_to(f"{style}*")
            self.stack.append(Frame(f"{style}*" if marked else "bold", "", who))
            self.last = None
            return
        if who is not None:
            if not cues.NOT_TASK.match(who.rest) and not cues.GENERIC_REST.match(who.rest):
                self.candidate(self.emit(task_text(body, who), who, marked))
            return
        if cues.NOT_TASK.match(body):
            return
        if not marked and body.endswith(":"):
            lead = cues.LEAD_SENTENCE.search(body) if self.numbered_context() else None
            who = Assignment([lead.group(1)], [], TaskKind.assign, "") if lead else addressee(body)
            if who is not None:
                # "yêu cầu X thực hiện … sau:" governs the bullets right after it, not later numbered items
                self.stack.append(Frame("lead" if lead else "lead*", "", who))
                self.last = None
                return
        if top is not None and top.collect is not None and marked:
            self.append(top.collect, body)
            return
        inherited = self.inherited()
        if inherited is None:
            if self.blocked():
                return
            if not marked and self.last is not None and self.last_marked and self.last in self.pending:
                self.append(self.last, body)
            elif marked or (self.numbered_context() and len(body) > 60):
                self.candidate(self.emit(body, None, marked))
            return
        if self.blocked():
            return
        if not marked and self.last is not None and self.last_marked and self.last_depth == len(self.stack):
            self.append(self.last, body)
            return
        if not marked and len(body) < 25 and not body.endswith("."):
            return  # a stray line ("Đô thị Hà Nội"), not a task
        # a "Thời hạn: …" or "Đơn vị phối hợp: …" line after it may still complete it
        self.candidate(self.emit(body, inherited, marked))


def extract(items: list[Para | Row], reference: date | None) -> list[ParsedTask]:
    walker = Walker(reference)
    for item in items:
        if isinstance(item, Para):
            walker.feed(item)
        elif any(cues.STOP.match(cell) for cell in item.cells):
            walker.stopped = True  # "Nơi nhận" laid out in a signature table
    return walker.tasks
