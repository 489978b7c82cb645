"""What holds no task: formulas and text after "Nơi nhận" (marked by the outline), and sections of
purposes, targets, assessments or criteria ("I. MỤC ĐÍCH, YÊU CẦU"), whose items name no doer."""

from __future__ import annotations

from dataclasses import replace

from bot.parser import cues
from bot.parser.layouts.base import Candidate, Scope, Walk
from bot.parser.outline import NUMBERED, Node
from bot.parser.sentences import names_its_doers


def recognise(node: Node, scope: Scope, walk: Walk) -> list[Candidate] | None:
    if node.excluded:
        return []
    section = node.style in NUMBERED and cues.NO_TASK_SECTION.match(node.text)
    if section and not names_its_doers(node.text, walk.names):
        # "2. Yêu cầu" heads a section; "4. Yêu cầu Sở X cử cán bộ …" is a task
        return walk.children(node, replace(scope.within(node), blocked=True, addressee=None))
    return None
