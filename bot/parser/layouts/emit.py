"""Turning a node's text into candidate tasks: one per doer it names.

Shared by every layout: a task whose later sentence assigns another unit ("… . Riêng đối với X, giao
Y …") is two tasks; a closing formula after it ("Chủ tịch yêu cầu các đơn vị nghiêm túc thực hiện.")
is not.
"""

from __future__ import annotations

from bot.parser import cues
from bot.parser.address import Addressee
from bot.parser.layouts.base import Candidate, Scope, Walk
from bot.parser.outline import Node
from bot.parser.sentences import later_addressee


def emit(
    walk: Walk, node: Node, scope: Scope, text: str, who: Addressee, layout: str, *, labelled: bool = True
) -> list[Candidate]:
    """`labelled`: the node's own label ("2.3", "b") is part of the task's section."""
    later = later_addressee(text, walk.names)
    if later is not None and cues.GENERIC_REST.match(later[1].rest):
        later = None  # "… . Chủ tịch yêu cầu các đơn vị nghiêm túc thực hiện.": a closing formula
    if later is not None:
        start, other = later
        first = emit(walk, node, scope, text[:start].strip(), who, layout, labelled=labelled)
        return first + emit(walk, node, scope, text[start:].strip(), other, layout, labelled=labelled)
    return [
        Candidate(
            text=text,
            addressee=who,
            start=node.para.start,
            end=node.para.end,
            section=scope.section(node if labelled else None),
            timing=scope.timing,
            fields=scope.fields,
            layout=layout,
        )
    ]


def append(candidate: Candidate, node: Node) -> None:
    """A paragraph that carries on the task: its text joins the task's, its lines the task's span."""
    candidate.text = f"{candidate.text} {node.text}"
    candidate.end = max(candidate.end, node.para.end)
