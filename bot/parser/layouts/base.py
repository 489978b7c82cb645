"""What every layout recogniser shares: the scope a node is read in, the candidate task it emits, and
the walk that hands each node to the recognisers.

A recogniser is a function `(node, scope, walk) -> list[Candidate] | None`: None means "not my
layout", a list (possibly empty) means the node (and whatever of its subtree the recogniser read) is
done. Recognisers never see each other's state: what a heading means for the items under it travels
down in the `Scope` they pass to `walk.children`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.parser import cues
from bot.parser.address import Addressee, parse_addressee
from bot.parser.known_names import KnownNames
from bot.parser.outline import NUMBERED, Node, Outline
from bot.parser.unit_words import OPENING_RE
from bot.parser.units import opens_with_unit


@dataclass(frozen=True)
class Fields:
    """Labelled fields ("Đơn vị chủ trì: …", "Thời gian thực hiện: …") that govern an item."""

    lead: str = ""
    doer: str = ""
    coord: str = ""
    time: str = ""

    def add(self, kind: str, value: str) -> Fields:
        if kind in ("lead", "doer", "coord", "time") and value and not getattr(self, kind):
            return replace(self, **{kind: value})
        return self

    @property
    def names_units(self) -> bool:
        return bool(self.lead or self.doer)


NO_FIELDS = Fields()


@dataclass(frozen=True)
class Scope:
    addressee: Addressee | None = None  # who the enclosing heading or lead sentence addresses
    blocked: bool = False  # inside a purpose, target or assessment section: no task without a doer
    # Enclosing headings that state a deadline or a cycle for their items, innermost first.
    timing: tuple[str, ...] = ()
    fields: Fields = NO_FIELDS
    labels: tuple[tuple[str, str], ...] = ()  # (style, label) of enclosing numbered items
    numbered: bool = False  # inside a numbered list, where an item may open with its subject
    lead: bool = False  # directly under a lead sentence that named the addressee
    implied: Addressee | None = None  # who the closing line tells to act (recipients.py)

    def within(self, node: Node) -> Scope:
        """The scope for `node`'s children: its label added, its fields left behind."""
        labels = self.labels
        if node.style == "multi":  # "2.8" already carries its parents' numbers
            labels = tuple(item for item in labels if item[0] == "roman")
        if node.para.label:
            labels = (*labels, (node.style or "", node.para.label))
        numbered = self.numbered or (node.style in NUMBERED and node.style != "bold")
        return replace(self, labels=labels, numbered=numbered, fields=NO_FIELDS, lead=False)

    def under(self, node: Node) -> Scope:
        """`within`, and a numbered heading ending in ":" states the deadline or cycle of its items
        ("2. Để hoàn thành trước ngày 30/11/2025, …:")."""
        inner = self.within(node)
        if node.style in NUMBERED and node.opens:
            inner = replace(inner, timing=(node.text, *self.timing))
        return inner

    def section(self, node: Node | None = None) -> str | None:
        labels = self.within(node).labels if node is not None else self.labels
        return ".".join(label for _style, label in labels) or None


@dataclass
class Candidate:
    """A task as a layout found it, before units are resolved and dates read."""

    text: str
    addressee: Addressee
    start: int  # [start, end) of the paragraphs it came from in the source text
    end: int
    section: str | None = None
    timing: tuple[str, ...] = ()  # heading texts whose deadline/cycle apply when the text states none
    fields: Fields = NO_FIELDS
    layout: str = ""
    time_first: bool = False  # the time field outranks dates in the text (a table's time column)


class Walk:
    """Hands nodes to the recognisers in order; the first that knows the layout reads it."""

    def __init__(self, outline: Outline, names: KnownNames, recognisers: list[Recogniser]) -> None:
        self.outline = outline
        self.names = names
        self._recognisers = recognisers

    def node(self, node: Node, scope: Scope) -> list[Candidate]:
        for recognise in self._recognisers:
            found = recognise(node, scope, self)
            if found is not None:
                return found
        return []

    def children(self, node: Node | None, scope: Scope) -> list[Candidate]:
        """Read `node`'s children (the roots for None), each with the labelled fields that follow
        its run of items: "- item; - item; Đơn vị chủ trì: X" gives both items to X."""
        kids = self.outline.children(node) if node is not None else self.outline.root_nodes()
        found: list[Candidate] = []
        for child, fields in zip(kids, field_runs(self.outline, kids), strict=True):
            if child.field is not None and child.field[0] != "task":
                # "Cơ quan thực hiện:" over "+ Sở X chủ trì …": items that name their own doers
                found.extend(self.children(child, scope) if not child.field[1] else [])
                continue
            governed = fields.names_units or bool(fields.time)
            found.extend(self.node(child, replace(scope, fields=fields) if governed else scope))
        return found


Recogniser = Callable[[Node, Scope, Walk], "list[Candidate] | None"]


def lists_content(walk: Walk, node: Node) -> bool:
    """Does `node` announce its content rather than tasks: "… báo cáo gồm:", or "… các nội dung
    sau:" over items that are neither actions nor orders to a unit ("Số hộ …", "Những khó khăn …")?"""
    if not node.text.endswith((":", ":\n")):
        return False  # both intros end in a colon: no need to scan the text for them
    if cues.CONTENT_INTRO.search(node.text):
        return True
    kids = [kid for kid in walk.outline.children(node) if kid.style is not None]
    if not cues.TOPIC_INTRO.search(node.text) or not kids:
        return False
    orders = sum(starts_with_verb(kid.text) or opens_with_unit(kid.text, walk.names) for kid in kids)
    return orders * 2 < len(kids)


# "Về phát triển kinh tế: Tập trung …", "Đồng thời, rà soát …": what may stand before an item's action.
_ITEM_TOPIC = re.compile(
    r"^(?:(?:Về|Đối với|Riêng)\s[^:;.]{1,150}?:\s*|(?:Đồng thời|Ngoài ra|Bên cạnh đó),\s*)"
)


def starts_with_verb(text: str) -> bool:
    """Does an item open with an action ("Rà soát …", "Khẩn trương hoàn thiện …"), perhaps after its
    topic ("Về quy hoạch: Rà soát …")?"""
    topic = _ITEM_TOPIC.match(text)
    if topic is not None:
        text = text[topic.end() :]
    first = text[:1].lower() + text[1:40]
    return bool(OPENING_RE.match(first))


def field_values(outline: Outline, node: Node) -> Fields:
    """A field node's value with its sub-fields: "b) Cơ quan thực hiện:" + "- Đơn vị chủ trì: X"."""
    fields = NO_FIELDS
    if node.field is not None:
        fields = fields.add(*node.field)
    for child in outline.children(node):
        if child.field is not None:
            fields = fields.add(*child.field)
        elif fills(node, child):
            fields = fields.add(node.field[0] if node.field else "doer", child.text)
    return fields


def fills(field: Node, line: Node) -> bool:
    """Is `line` the value of an empty field above it: "- Cơ quan thực hiện:" over "+ Sở X chủ trì,
    phối hợp với …" (units and roles only; "+ Sở Y đăng tải …" is a task of its own)?"""
    if field.field is None or field.field[1] or field.field[0] not in ("lead", "doer") or line.field:
        return False
    who = parse_addressee(line.text.rstrip(" .;"), KnownNames(), allow_subject=True)
    return who is not None and who.heading_only


def field_runs(outline: Outline, kids: list[Node]) -> list[Fields]:
    """For each node of a sibling list, the fields of the run of field lines that closes its run of items."""
    runs: list[Fields] = [NO_FIELDS] * len(kids)
    items: list[int] = []  # indexes of the current run of items
    fields = NO_FIELDS
    after_fields = False
    for i, kid in enumerate(kids):
        is_field = kid.field is not None and kid.field[0] != "task"
        if is_field:
            fields = _merge(fields, field_values(outline, kid))
            for j in items:
                runs[j] = fields
            after_fields = True
            continue
        if after_fields:
            items, fields, after_fields = [], NO_FIELDS, False
        items.append(i)
    return runs


def _merge(a: Fields, b: Fields) -> Fields:
    for kind in ("lead", "doer", "coord", "time"):
        a = a.add(kind, getattr(b, kind))
    return a
