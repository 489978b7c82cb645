"""Demo steps before the notice: the unit directory, roles, and heads registering by invite."""

from __future__ import annotations

import re

from bot import callbacks
from bot.demo.cast import ADMIN, HEADS, LEADERS, OFFICE, Role
from bot.demo.morning import Morning, Unavailable
from bot.demo.notice import units_file
from bot.demo.stage import Stage
from bot.parser.directory import UnitDirectory
from bot.services.units import import_directory
from messages.render import render
from storage.models import RoleName

_INVITE_LINK = re.compile(r"[?&]start=([A-Za-z0-9_-]{8,64})")


def _role_item(stage: Stage, role: Role, granted: RoleName) -> str:
    return render("demo/note.txt.j2", kind="role_item", who=stage.member(role).label, role=granted.value)


async def _person(stage: Stage, role: Role):
    return await stage.repos.people.upsert_from_telegram(role.telegram_id, role.telegram_id, role.name,
                                                         stage.now())


async def setup(stage: Stage, morning: Morning) -> None:
    # What `dondoc units import units.yaml` does, on the demo's temporary database.
    await import_directory(stage.repos, UnitDirectory.load(units_file()), now=stage.now())
    units = await stage.repos.units.list()
    morning.unit_ids = {unit.name: unit.id for unit in units}
    stage.transcript.say("note", kind="units_imported", count=len(units), command="dondoc units import")
    stage.transcript.say("note", kind="admin", who=ADMIN.name, telegram_id=ADMIN.telegram_id)
    admin = await _person(stage, ADMIN)
    items = []
    for role, granted in ((OFFICE, RoleName.office), *((leader, RoleName.leader) for leader in LEADERS)):
        person = await _person(stage, role)
        await stage.repos.roles.grant(person.id, granted, granted_by=admin.id, now=stage.now())
        items.append(_role_item(stage, role, granted))
    stage.transcript.say("note", kind="roles_seeded", items=items)


async def _seed_heads(stage: Stage, morning: Morning, heads: tuple[Role, ...]) -> None:
    items = []
    for role in heads:
        person = await _person(stage, role)
        await stage.repos.roles.grant(person.id, RoleName.head, morning.unit_ids[role.unit or ""],
                                      granted_by=None, now=stage.now())
        morning.registered.add(role.key)
        items.append(stage.member(role).label)
    stage.transcript.say("note", kind="heads_seeded", items=items)


async def _register_by_invite(stage: Stage, morning: Morning, head: Role) -> None:
    office, member = stage.member(OFFICE), stage.member(head)
    answers = await stage.say(office, f"/moi {head.unit} trưởng")
    if not answers:
        raise Unavailable("no_answer", "/moi")
    token = next((m.group(1) for r in answers for m in [_INVITE_LINK.search(r.text or "")] if m), None)
    if token is None:
        raise Unavailable("no_link")
    await stage.say(member, f"/start {token}")
    confirm = stage.button(member, callbacks.Action.invite_confirm)
    if confirm is None:
        raise Unavailable("no_button", "Xác nhận")
    await stage.press(member, confirm)
    person = await stage.repos.people.get_by_telegram_id(head.telegram_id)
    if person is not None and await stage.repos.roles.units_of(person.id):
        morning.registered.add(head.key)


async def invites(stage: Stage, morning: Morning) -> None:
    try:
        for head in HEADS:
            await _register_by_invite(stage, morning, head)
    except Unavailable as error:
        # Later steps need the heads: whoever the invite flow did not register is seeded, and said so.
        error.report(stage.transcript)
        await _seed_heads(stage, morning, tuple(h for h in HEADS if h.key not in morning.registered))
        raise


async def units_overview(stage: Stage, morning: Morning) -> None:
    if not await stage.say(stage.member(OFFICE), "/donvi"):
        raise Unavailable("no_answer", "/donvi")
