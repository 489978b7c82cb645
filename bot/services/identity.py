"""Who is acting, and for which People's Committee (tenant): the person behind a Telegram user, the
tenant the update concerns and what they may do there."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from storage.models import Person, RoleName, Tenant
from storage.repositories import Deployment, Repositories


class Actor(BaseModel):
    person: Person
    tenant: Tenant
    roles: frozenset[RoleName]
    head_unit_ids: frozenset[int]  # units this person heads or deputises for, in `tenant`
    # how many tenants the person may act in: with several, messages name the tenant and the menu
    # offers the switch
    tenant_count: int = 1
    # a deployment admin (DONDOC_ADMIN_IDS or an admin role without tenant) creates tenants
    deployment_admin: bool = False

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

    @property
    def several_tenants(self) -> bool:
        return self.tenant_count > 1

    def may(self, role: RoleName) -> bool:
        if role is RoleName.office:
            return self.is_office
        if role in (RoleName.head, RoleName.deputy):
            return self.is_head
        return role in self.roles or self.is_admin

    def heads_unit(self, unit_id: int) -> bool:
        return unit_id in self.head_unit_ids


class TenantChoice(BaseModel):
    """A person with roles in several tenants whose chat has not chosen one yet (or whose choice is no
    longer theirs): they pick from `tenants`."""

    person: Person
    tenants: list[Tenant]


async def person_and_tenants(
    deployment: Deployment, *, telegram_user_id: int, chat_id: int | None, display_name: str,
    admin_ids: list[int], now: datetime,
) -> tuple[Person, list[Tenant], bool] | None:
    """The known person, the tenants they may act in and whether they are a deployment admin; None for
    a stranger.

    A stranger leaves no row behind: people are created by registration (an invite) or by being
    listed in DONDOC_ADMIN_IDS, which makes a new install manageable from Telegram at once. Known
    people get their private chat id refreshed (and count as reachable again) on every contact."""
    people = deployment.people
    known = await people.get_by_telegram_id(telegram_user_id)
    if known is None and telegram_user_id not in admin_ids:
        return None
    person = (await people.upsert_from_telegram(telegram_user_id, chat_id, display_name, now)
              if known is None else await people.refresh(known, chat_id, display_name, now))
    everything = await deployment.tenants.all()
    deployment_admin = telegram_user_id in admin_ids or await deployment.admins.has(person.id)
    if deployment_admin:
        return person, everything, True
    tenants = await deployment.tenants.of_person(person.id)
    if not tenants and len(everything) == 1:
        tenants = everything  # one office, a person without roles (any more): refused by role, as ever
    return (person, tenants, False) if tenants else None


async def identify(
    deployment: Deployment,
    *,
    telegram_user_id: int,
    chat_id: int | None,
    display_name: str,
    admin_ids: list[int],
    now: datetime,
    answered: tuple[int, int] | None = None,
) -> Actor | TenantChoice | None:
    """The actor for this update, a choice to make first, or None for a stranger.

    The tenant: the only one the person may act in; else the tenant of the message the update answers
    (`answered`: (chat id, message id) of the bot's message whose button was pressed or that a reply
    quotes); else the chat's last choice; else the person chooses."""
    found = await person_and_tenants(deployment, telegram_user_id=telegram_user_id, chat_id=chat_id,
                                     display_name=display_name, admin_ids=admin_ids, now=now)
    if found is None:
        return None
    person, tenants, deployment_admin = found
    by_id = {tenant.id: tenant for tenant in tenants}
    if len(by_id) == 1:
        tenant: Tenant | None = next(iter(by_id.values()))
    else:
        message_tenant = await deployment.tenants.of_message(*answered) if answered is not None else None
        tenant = by_id.get(message_tenant or 0)
    if tenant is None and chat_id is not None:
        tenant = by_id.get(await deployment.chat_tenants.chosen(chat_id) or 0)
    if tenant is None:
        return TenantChoice(person=person, tenants=tenants)
    return await actor_in(deployment.repos(tenant.id), person, tenant, tenant_count=len(tenants),
                          deployment_admin=deployment_admin)


async def actor_in(repos: Repositories, person: Person, tenant: Tenant, *, tenant_count: int,
                   deployment_admin: bool) -> Actor:
    """The person's roles in `tenant` (a deployment admin is admin in every tenant)."""
    grants = await repos.roles.roles_of(person.id)
    roles = {grant.role for grant in grants}
    if deployment_admin:
        roles.add(RoleName.admin)
    unit_ids = {g.unit_id for g in grants if g.role in (RoleName.head, RoleName.deputy) and g.unit_id}
    return Actor(person=person, tenant=tenant, roles=frozenset(roles), head_unit_ids=frozenset(unit_ids),
                 tenant_count=tenant_count, deployment_admin=deployment_admin)


async def actor_after_change(repos: Repositories, person: Person, tenant: Tenant, admin_ids: list[int]
                             ) -> Actor:
    """The person as someone else's change of their roles in `tenant` (a head removed, say) left them,
    for their command menu."""
    actor = await actor_in(repos, person, tenant, tenant_count=1, deployment_admin=False)
    if person.telegram_user_id in admin_ids:
        actor = actor.model_copy(update={"roles": actor.roles | {RoleName.admin}})
    return actor


class HeldRole(BaseModel):
    role: RoleName
    unit_name: str | None = None


async def roles_held(repos: Repositories, actor: Actor) -> list[HeldRole]:
    """What the /start greeting lists: each role granted, and admin first for one by DONDOC_ADMIN_IDS."""
    grants = await repos.roles.roles_of(actor.person.id)
    held = [HeldRole(role=g.role, unit_name=g.unit_name) for g in grants]
    if actor.is_admin and not any(g.role is RoleName.admin for g in grants):
        held.insert(0, HeldRole(role=RoleName.admin))
    return held


async def has_admin(deployment: Deployment, admin_ids: list[int]) -> bool:
    """Someone can administer the bot: listed in DONDOC_ADMIN_IDS or granted with `dondoc admin add`."""
    return bool(admin_ids) or await deployment.admins.any()
