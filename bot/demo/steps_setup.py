"""Demo steps before the notice: the unit directory, then everyone registering through invite links
(the admin invites the office and the leaders, the office invites the unit heads)."""

from __future__ import annotations

import re

from bot import callbacks
from bot.demo.cast import ADMIN, CHAIRMAN, HEADS, OFFICE, VICE_CHAIRMAN, Role
from bot.demo.morning import Morning, Unavailable
from bot.demo.notice import units_file
from bot.demo.stage import Stage
from bot.parser.directory import UnitDirectory
from bot.services.units import import_directory
from messages.render import render
from storage.models import RoleName

_INVITE_LINK = re.compile(r"[?&]start=([A-Za-z0-9_-]{8,64})")
_SEEDED_ROLE = {"office": RoleName.office, "chairman": RoleName.leader, "vice_chairman": RoleName.leader,
                "head": RoleName.head}


async def setup(stage: Stage, morning: Morning) -> None:
    # What `dondoc units import units.yaml` does, on the demo's temporary database.
    await import_directory(stage.repos, UnitDirectory.load(units_file()), now=stage.now())
    units = await stage.repos.units.list()
    morning.unit_ids = {unit.name: unit.id for unit in units}
    stage.transcript.say("note", kind="units_imported", count=len(units), command="dondoc units import")
    stage.transcript.say("note", kind="admin", who=ADMIN.name, telegram_id=ADMIN.telegram_id)


async def _seed(stage: Stage, morning: Morning, roles: list[Role]) -> None:
    """Grant roles straight in the database when the invite flow could not, and say so."""
    items = []
    for role in roles:
        person = await stage.repos.people.upsert_from_telegram(
            role.telegram_id, role.telegram_id, role.name, stage.now())
        granted = _SEEDED_ROLE[role.role]
        unit_id = morning.unit_ids[role.unit] if granted is RoleName.head and role.unit else None
        await stage.repos.roles.grant(person.id, granted, unit_id, granted_by=None, now=stage.now())
        morning.registered.add(role.key)
        items.append(render("demo/note.txt.j2", kind="role_item", who=stage.member(role).label,
                            role=granted.value))
    stage.transcript.say("note", kind="roles_seeded", items=items)


async def _register_by_invite(
    stage: Stage, morning: Morning, inviter: Role, invitee: Role, command: str
) -> None:
    answers = await stage.say(stage.member(inviter), command)
    if not answers:
        raise Unavailable("no_answer", command)
    token = next((m.group(1) for r in answers for m in [_INVITE_LINK.search(r.text or "")] if m), None)
    if token is None:
        raise Unavailable("no_link")
    member = stage.member(invitee)
    await stage.say(member, f"/start {token}")
    confirm = stage.require_button(member, callbacks.Action.invite_confirm, "Xác nhận")
    await stage.press(member, confirm)
    person = await stage.repos.people.get_by_telegram_id(invitee.telegram_id)
    if person is None or not await stage.repos.roles.roles_of(person.id):
        raise Unavailable("not_registered", member.label)
    morning.registered.add(invitee.key)


async def _register_all(stage: Stage, morning: Morning, invites: list[tuple[Role, Role, str]]) -> None:
    try:
        for inviter, invitee, command in invites:
            await _register_by_invite(stage, morning, inviter, invitee, command)
    except Unavailable as error:
        # Later steps need these people: whoever the invite flow did not register is seeded, and said so.
        error.report(stage.transcript)
        await _seed(stage, morning, [i for _, i, _ in invites if i.key not in morning.registered])
        raise


async def staff(stage: Stage, morning: Morning) -> None:
    await _register_all(stage, morning, [
        (ADMIN, OFFICE, "/moi vanphong"),
        (ADMIN, CHAIRMAN, "/moi lanhdao"),
        (ADMIN, VICE_CHAIRMAN, "/moi lanhdao"),
    ])


async def invites(stage: Stage, morning: Morning) -> None:
    await _register_all(stage, morning, [(OFFICE, head, f"/moi {head.unit} trưởng") for head in HEADS])


async def units_overview(stage: Stage, morning: Morning) -> None:
    if not await stage.say(stage.member(OFFICE), "/donvi"):
        raise Unavailable("no_answer", "/donvi")
