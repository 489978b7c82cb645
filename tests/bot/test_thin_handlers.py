"""Handlers stay thin (STYLE.md, issue 12): they parse the update, call a service and render; only
services reach the repositories. A handler may hand `context.repos` to a service, but never calls a
repository method itself — where it did, the read-check-write logic lived in Telegram code, untested
by the service tests and easy to get wrong for another tenant."""

from __future__ import annotations

import ast
from pathlib import Path

import bot.handlers

HANDLERS = Path(bot.handlers.__file__).parent
# What holds repositories in a handler: context.repos / context.side (the update's tenant),
# bot_data.deployment (tenant-free state), bot_data.repos_for(...) / side_for(...).
HOLDER_ATTRIBUTES = {"repos", "side", "deployment"}
HOLDER_FACTORIES = {"repos_for", "side_for"}


def _holds_repositories(node: ast.expr, aliases: set[str]) -> bool:
    if isinstance(node, ast.Attribute):
        return node.attr in HOLDER_ATTRIBUTES
    if isinstance(node, ast.Name):
        return node.id in aliases
    if isinstance(node, ast.Call):
        func = node.func
        return isinstance(func, ast.Attribute | ast.Name) and (
            getattr(func, "attr", None) in HOLDER_FACTORIES or getattr(func, "id", None) in HOLDER_FACTORIES)
    return False


def _aliases(tree: ast.AST) -> set[str]:
    """Local names bound to a repositories holder (`repos = context.repos`, `repos, now = ...`)."""
    names = set(HOLDER_ATTRIBUTES)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assign):
            continue
        pairs: list[tuple[ast.expr, ast.expr]] = []
        for target in node.targets:
            if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                pairs.extend(zip(target.elts, node.value.elts, strict=False))
            else:
                pairs.append((target, node.value))
        for target, value in pairs:
            if isinstance(target, ast.Name) and _holds_repositories(value, set()):
                names.add(target.id)
    return names


def repository_calls(source: str) -> list[tuple[int, str]]:
    """(line, call) for each `<holder>.<repository>.<method>(...)` in a module's source."""
    tree = ast.parse(source)
    aliases = _aliases(tree)
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Attribute)
                and _holds_repositories(node.func.value.value, aliases)):
            found.append((node.lineno, ast.unparse(node.func)))
    return found


def test_the_rule_sees_each_way_a_handler_reaches_a_repository():
    source = (
        "async def h(context):\n"
        "    await context.repos.notices.get(1)\n"
        "    repos, now = context.repos, 0\n"
        "    await repos.links.add(1)\n"
        "    await context.bot_data.deployment.tenants.all()\n"
        "    await context.bot_data.repos_for(2).tasks.get(3)\n"
        "    await service.publish(context.repos, 1)\n"  # handing the repositories on is allowed
        "    await context.bot_data.outbox.drain(0)\n"  # the sender is not a repository
    )
    assert [line for line, _ in repository_calls(source)] == [2, 4, 5, 6]


def test_no_handler_calls_a_repository():
    found = {
        f"{path.name}:{line}": call
        for path in sorted(HANDLERS.glob("*.py"))
        for line, call in repository_calls(path.read_text(encoding="utf-8"))
    }
    assert found == {}
