"""Handlers stay thin (STYLE.md habit 1, issue 12): a handler calls services, and only services call
repositories. A call such as `context.repos.notices.get(…)` or `repos.links.add(…)` in a handler is a
check or a write that a service test cannot reach and that the next flow will copy."""

from __future__ import annotations

import ast
from pathlib import Path

import bot.handlers

HANDLERS = Path(bot.handlers.__file__).parent
_STORAGE = {"repos", "deployment"}


def repository_calls(source: str) -> list[str]:
    """`repos.x.y(…)` / `….deployment.x.y(…)` calls in `source`, as "line: repos.x.y"."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Attribute)):
            continue
        owner = node.func.value.value
        name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
        if name in _STORAGE:
            found.append(f"{node.lineno}: {name}.{node.func.value.attr}.{node.func.attr}")
    return found


def test_the_check_finds_repository_calls_however_they_are_reached():
    source = ("async def on(update, context):\n"
              "    repos = context.repos\n"
              "    await repos.notices.get(1)\n"
              "    await context.repos.links.add(1, 2, 3, [], 'x', now)\n"
              "    await context.bot_data.deployment.people.get(4)\n"
              "    await show_report(context.repos, 1)\n")
    assert repository_calls(source) == ["3: repos.notices.get", "4: repos.links.add",
                                        "5: deployment.people.get"]


def test_handlers_reach_storage_only_through_services():
    calls = {path.stem: repository_calls(path.read_text(encoding="utf-8"))
             for path in sorted(HANDLERS.glob("*.py"))}
    assert {module: found for module, found in calls.items() if found} == {}
