"""Who is acting: the person behind a Telegram user and what they may do."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from storage.models import Person, RoleName
from storage.repositories import Repositories


class Actor(BaseModel):
    person: Person
    roles: frozenset[RoleName]
    head_unit_ids: frozenset[int]  # units this person heads or deputises for

    @property
    def is_admin(self) -> bool:
        return RoleName.admin in self.roles

    @property
    def is_office(self) -> bool:
        # Admins set the bot up and may do everything the office does.
        return self.is_admin or RoleName.office in self.roles

    @property
    def is_leader(self) -> bool:
        return RoleName.leader in self.roles

    @property
    def is_head(self) -> bool:
        return bool(self.head_unit_ids)

    def may(self, role: RoleName) -> bool:
        if role is RoleName.office:
            return self.is_office
        if role in (RoleName.head, RoleName.deputy):
            return self.is_head
        return role in self.roles or self.is_admin

    def heads_unit(self, unit_id: int) -> bool:
        return unit_id in self.head_unit_ids


async def identify(
    repos: Repositories,
    *,
    telegram_user_id: int,
    chat_id: int | None,
    display_name: str,
    admin_ids: list[int],
    now: datetime,
) -> Actor | None:
    """The known person behind a Telegram user with their roles, or None for a stranger.

    A stranger leaves no row behind: people are created by registration (an invite) or by being
    listed in DONDOC_ADMIN_IDS, which makes a new install manageable from Telegram at once. Known
    people get their private chat id refreshed (and count as reachable again) on every contact."""
    known = await repos.people.get_by_telegram_id(telegram_user_id)
    if known is None and telegram_user_id not in admin_ids:
        return None
    person = (await repos.people.upsert_from_telegram(telegram_user_id, chat_id, display_name, now)
              if known is None else await repos.people.refresh(known, chat_id, display_name, now))
    grants = await repos.roles.roles_of(person.id)
    roles = {grant.role for grant in grants}
    if telegram_user_id in admin_ids:
        roles.add(RoleName.admin)
    unit_ids = {g.unit_id for g in grants if g.role in (RoleName.head, RoleName.deputy) and g.unit_id}
    return Actor(person=person, roles=frozenset(roles), head_unit_ids=frozenset(unit_ids))


async def has_admin(repos: Repositories, admin_ids: list[int]) -> bool:
    """Someone can administer the bot: listed in DONDOC_ADMIN_IDS or granted with `dondoc admin add`."""
    return bool(admin_ids) or bool(await repos.roles.people_with_role(RoleName.admin))
