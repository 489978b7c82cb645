"""What holds no task: formulas and text after "Nơi nhận" (marked by the outline), and sections of
purposes, targets, assessments or criteria ("I. MỤC ĐÍCH, YÊU CẦU"), whose items name no doer."""

from __future__ import annotations

from dataclasses import replace

from bot.parser import cues
from bot.parser.layouts.base import Candidate, Scope, Walk
from bot.parser.outline import NUMBERED, Node


def recognise(node: Node, scope: Scope, walk: Walk) -> list[Candidate] | None:
    if node.excluded:
        return []
    if node.style in NUMBERED and cues.NO_TASK_SECTION.match(node.text):
        return walk.children(node, replace(scope.within(node), blocked=True, addressee=None))
    return None
