"""Turning a node's text into candidate tasks: one per doer it names.

Shared by every layout: a task whose later sentence assigns another unit ("… . Riêng đối với X, giao
Y …") is two tasks; a closing formula after it ("Chủ tịch yêu cầu các đơn vị nghiêm túc thực hiện.")
is not.
"""

from __future__ import annotations

from bot.parser.address import Addressee
from bot.parser.clauses import segments
from bot.parser.layouts.base import Candidate, Scope, Walk
from bot.parser.outline import Node
from bot.parser.runs import split_runs


def emit(
    walk: Walk,
    node: Node,
    scope: Scope,
    text: str,
    who: Addressee,
    layout: str,
    *,
    labelled: bool = True,
    runs: bool = False,
) -> list[Candidate]:
    """`labelled`: the node's own label ("2.3", "b") is part of the task's section. `runs`: prose,
    where each action sentence after a doer's is a task of its own (see runs.py)."""
    allow_subject = node.style is not None or scope.numbered or scope.lead
    parts = segments(text, walk.names, allow_subject=allow_subject, first=who)
    found = []
    for part in split_runs(text, parts) if runs else parts:
        found.append(
            Candidate(
                text=text[part.start : part.end].strip(" ;,"),
                addressee=part.who or who,
                start=node.para.start,
                end=node.para.end,
                section=scope.section(node if labelled else None),
                timing=scope.timing,
                fields=scope.fields,
                layout=layout,
            )
        )
    return found


def append(candidate: Candidate, node: Node) -> None:
    """A paragraph that carries on the task: its text joins the task's, its lines the task's span."""
    candidate.text = f"{candidate.text} {node.text}"
    candidate.end = max(candidate.end, node.para.end)
