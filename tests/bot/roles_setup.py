"""Put people and units in the running bot's database, as registration would have left them."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from storage.models import Person, RoleName, Unit
from storage.repositories import FIRST_TENANT

INVITE_LINK = re.compile(r"https://t\.me/dondoc_test_bot\?start=([A-Za-z0-9_-]+)")


def now() -> datetime:
    return datetime.now(UTC)


async def add_unit(app, name: str, kind: str = "department", aliases: tuple[str, ...] = ()) -> Unit:
    repos = app.bot_data.repos_for(FIRST_TENANT)
    return await repos.units.create(name, kind=kind, aliases=aliases, now=now())


async def add_person(
    app, telegram_id: int, name: str, role: RoleName, unit: Unit | None = None, *, reachable: bool = True
) -> Person:
    repos = app.bot_data.repos_for(FIRST_TENANT)
    person = await repos.people.upsert_from_telegram(telegram_id, telegram_id, name, now())
    await repos.roles.grant(person.id, role, unit.id if unit else None, granted_by=None, now=now())
    if not reachable:
        await repos.people.set_reachable(person.id, False, now())
        person = await repos.people.get(person.id)
    return person


def invite_token(text: str) -> str:
    match = INVITE_LINK.search(text)
    assert match is not None, text
    return match.group(1)


# For template tests: a unit name and a person name that must be escaped in every HTML template.
SAMPLE_UNIT = "Phòng <b>Kinh tế</b> & Hạ tầng"


def sample_unit(name: str = SAMPLE_UNIT) -> Unit:
    return Unit(id=3, name=name, kind="department", aliases=[], groups=[], active=True,
                created_at=now(), updated_at=now())


def sample_person(name: str = "Minh <b>&", *, reachable: bool = True) -> Person:
    return Person(id=5, telegram_user_id=5005, chat_id=5005, display_name=name, reachable=reachable,
                  created_at=now(), updated_at=now())
