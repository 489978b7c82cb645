"""Paragraphs -> an outline: which heading, list item or lead sentence each paragraph belongs to.

The nesting comes from layout alone: list markers (a marker style already open closes everything
opened after it; a new style opens a deeper level), bold and capitals headings, a paragraph ending in
":" that opens the list after it, and plain paragraphs that continue the item before them. Formulas
that end the body ("Nơi nhận", a document or appendix title, the closing "Trên đây là …") are marked
so that no recogniser reads them as tasks. What a node means is left to the recognisers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.parser import cues
from bot.parser.blocks import Block, Para
from bot.parser.fields import parse_label

# Styles that number items, outermost first; "bold" is an unnumbered bold heading line.
NUMBERED = ("roman", "activity", "multi", "num", "numparen", "paren", "alpha", "bold")
BULLETS = ("dash", "plus", "bullet")
_BOLD_HEADING = 250  # characters; a bold paragraph longer than this is body text set in bold


@dataclass
class Node:
    index: int
    para: Para
    style: str | None  # the marker style, "bold" for a bold unnumbered heading, None for plain text
    parent: int | None = None
    children: list[int] = field(default_factory=list)
    field: tuple[str, str] | None = None  # a labelled field ("lead", "Phòng X") — see fields.py
    excluded: bool = False  # a formula, a header line or text after "Nơi nhận": never a task

    @property
    def text(self) -> str:
        return self.para.body if self.para.style else self.para.text

    @property
    def opens(self) -> bool:
        """Does the paragraph announce what follows it (a trailing colon)?"""
        return self.text.endswith(":")

    @property
    def key(self) -> str | None:
        """Two items are siblings when their keys are equal: "1.1" and "1.2" are, "1.1.1" is deeper."""
        if self.style == "multi":
            return f"multi{self.para.label.count('.')}"
        return self.style


@dataclass
class Outline:
    nodes: list[Node]
    roots: list[int]

    def children(self, node: Node) -> list[Node]:
        return [self.nodes[i] for i in node.children]

    def root_nodes(self) -> list[Node]:
        return [self.nodes[i] for i in self.roots]


def _style(para: Para) -> str | None:
    if para.style:
        return para.style
    if para.bold and len(para.text) < _BOLD_HEADING:
        return "bold"
    return None


def outline(blocks: list[Block]) -> Outline:
    """The outline of the paragraphs; table rows only matter when a cell holds "Nơi nhận" (a
    signature block laid out as a table), which ends the body like the paragraph would."""
    nodes: list[Node] = []
    roots: list[int] = []
    stack: list[Node] = []
    stopped = False
    titled = _has_body(blocks)  # lines typed one under another have no title

    def attach(node: Node, parent: Node | None) -> None:
        node.parent = parent.index if parent else None
        (parent.children if parent else roots).append(node.index)

    for para in blocks:
        if not isinstance(para, Para):
            stopped = stopped or any(cues.STOP.match(cell) for cell in para.cells)
            continue
        node = Node(len(nodes), para, _style(para))
        nodes.append(node)
        text = node.text
        if stopped:
            node.excluded = True
            if cues.RESUME.match(para.text):
                stopped = False
                stack.clear()
            continue
        if cues.STOP.match(para.text) or (not para.style and cues.STATUTE_QUOTE.match(text) and node.opens):
            node.excluded = stopped = True
            continue
        headline = not nodes[:-1] and titled and _headline(node)
        if cues.CLOSING.match(text) or cues.APPENDIX.match(para.text) or cues.is_title(para.text) or headline:
            node.excluded = True
            stack.clear()
            attach(node, None)
            continue
        if cues.EXECUTION.search(para.text) or cues.HEADER_LINE.search(para.text[:100]):
            node.excluded = True
            attach(node, stack[-1] if stack else None)
            continue
        node.field = parse_label(text)
        if node.style is not None:
            _close_to(stack, node)
            attach(node, stack[-1] if stack else None)
            stack.append(node)
        elif node.opens or node.field is not None:
            # A lead sentence or a labelled field: a sibling of the items before it, not their content.
            while stack and (not _opener(stack[-1]) or (stack[-1].style is None and stack[-1].children)):
                stack.pop()
            attach(node, stack[-1] if stack else None)
            if node.opens and node.field is None:
                stack.append(node)
        else:
            attach(node, stack[-1] if stack else None)
    return Outline(nodes, roots)


_HEADLINE = 200  # characters
_TERMINAL = (".", ";", ":", "!", "?", "…")


_BODY_PARAGRAPH = 80  # characters


def _has_body(blocks: list[Block]) -> bool:
    """Does a paragraph of running prose follow the first line (as under a headline)?"""
    paras = [block for block in blocks if isinstance(block, Para)]
    return any(
        len(para.text) > _BODY_PARAGRAPH and para.text.rstrip().endswith(_TERMINAL) for para in paras[1:]
    )


def _headline(node: Node) -> bool:
    """A text's first line, short, unmarked and unterminated, is its title ("UBND xã X: Triển khai …"),
    not a task, when a body follows: a notice's body comes after its header, an article's after its
    headline."""
    text = node.text.rstrip()
    return node.style is None and len(text) < _HEADLINE and not text.endswith(_TERMINAL)


def _close_to(stack: list[Node], node: Node) -> None:
    """Pop the items `node` closes: a roman numeral closes everything; a style already open closes
    that item and what it opened, except that a bullet ending in ":" keeps the bullets of its own
    marker after it as its items ("- Giao X thực hiện:", "- …", "- …")."""
    if node.key == "roman":
        stack.clear()
        return
    if node.style in NUMBERED:
        while stack and stack[-1].style in BULLETS and not stack[-1].opens:
            stack.pop()  # bullets hold no numbered items: "1. X" "- a" "2. Y" makes 2 a sibling of 1
    for i, open_node in enumerate(stack):
        if open_node.key == node.key:
            keeps = node.style in BULLETS and open_node.opens and not node.opens and node.field is None
            del stack[i + 1 if keeps else i :]
            return


def _opener(node: Node) -> bool:
    """A node that takes the paragraphs after it as its content: a heading or an announcing item."""
    return node.opens or node.style in NUMBERED
