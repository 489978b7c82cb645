"""Invites and registration: office staff issue single-use links, people register by confirming one.

A token is shown once (in the link) and only its SHA-256 is stored, so a leaked database holds no
usable invite. The confirm button names the invite by id plus a check taken from the stored hash:
whoever did not open the link cannot guess a button that registers them.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel

from storage.models import (
    UNIT_ROLES,
    Invite,
    LeaderTitle,
    NewOutboxMessage,
    Person,
    RoleGrant,
    RoleName,
    Unit,
)
from storage.repositories import Deployment, Repositories
from storage.repositories.base import name_key

TOKEN_BYTES = 24  # 32 URL-safe characters; Telegram's start parameter allows up to 64
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_CHECK_HEX_DIGITS = 9  # 36 bits, fits the 12-digit ids of callback data


class InviteState(StrEnum):
    valid = "valid"
    used = "used"
    expired = "expired"
    unknown = "unknown"  # forged, mistyped, or for a unit that no longer exists


class IssuedInvite(BaseModel):
    invite: Invite
    token: str
    unit: Unit | None

    def url(self, bot_username: str) -> str:
        return f"https://t.me/{bot_username}?start={self.token}"


class InviteLookup(BaseModel):
    state: InviteState
    invite: Invite | None = None
    unit: Unit | None = None

    @property
    def check(self) -> int:
        assert self.invite is not None
        return confirm_check(self.invite)


class Registration(BaseModel):
    state: InviteState
    invite: Invite | None = None
    unit: Unit | None = None
    person: Person | None = None
    grants: list[RoleGrant] = []


class InviteRequest(BaseModel):
    """What `/moi ...` asked for: a unit's head or deputy (with the unit as typed), office or leader."""

    role: RoleName
    unit_query: str | None = None
    title: LeaderTitle | None = None  # `/moi lanhdao chutich|phochutich`


# Typed without diacritics or spaces on purpose: "văn phòng" alone could be a unit's name.
_WHOLE_ROLE_WORDS = {"vanphong": RoleName.office, "lanhdao": RoleName.leader}
_UNIT_ROLE_WORDS = {"truong": RoleName.head, "pho": RoleName.deputy}
# a leader's title, with or without diacritics and spaces: chutich, "chủ tịch", phochutich, "phó chủ tịch"
TITLE_WORDS = {"chutich": LeaderTitle.chairman, "chủtịch": LeaderTitle.chairman,
               "phochutich": LeaderTitle.vice_chairman, "phóchủtịch": LeaderTitle.vice_chairman,
               "pct": LeaderTitle.vice_chairman, "ct": LeaderTitle.chairman}


def leader_title(words: Sequence[str]) -> LeaderTitle | None:
    """The title the words name ("chủ tịch", "phochutich"), or None."""
    return TITLE_WORDS.get("".join(words).casefold())


def parse_invite_request(args: Sequence[str]) -> InviteRequest | None:
    """`/moi <đơn vị> [trưởng|phó]`, `/moi vanphong`, `/moi lanhdao [chutich|phochutich]`; None when
    nothing usable."""
    words = [w for w in args if w.strip()]
    if len(words) == 1 and words[0].casefold() in _WHOLE_ROLE_WORDS:
        return InviteRequest(role=_WHOLE_ROLE_WORDS[words[0].casefold()])
    if len(words) > 1 and words[0].casefold() == "lanhdao" and leader_title(words[1:]) is not None:
        return InviteRequest(role=RoleName.leader, title=leader_title(words[1:]))
    role = RoleName.head
    if words and name_key(words[-1]) in _UNIT_ROLE_WORDS:
        role = _UNIT_ROLE_WORDS[name_key(words.pop())]
    if not words:
        return None
    return InviteRequest(role=role, unit_query=" ".join(words))


class _Refused(Exception):
    """Raised inside the registration transaction so the new person row is rolled back."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def confirm_check(invite: Invite) -> int:
    return int(invite.token_hash[:_CHECK_HEX_DIGITS], 16)


async def issue_invite(
    repos: Repositories, *, role: RoleName, unit_id: int | None, created_by: int | None,
    ttl_hours: int, now: datetime, title: LeaderTitle | None = None,
) -> IssuedInvite:
    """A new invite for `role` (head/deputy need a unit, office/leader take none; a leader's may carry
    the title)."""
    if (role in UNIT_ROLES) != (unit_id is not None):
        raise ValueError(f"role {role} and unit {unit_id} do not fit together")
    unit = await repos.units.get(unit_id) if unit_id is not None else None
    token = secrets.token_urlsafe(TOKEN_BYTES)
    invite = await repos.invites.create(
        hash_token(token), unit_id, role, created_by, now + timedelta(hours=ttl_hours), now,
        title=title.value if title is not None and role is RoleName.leader else None,
    )
    return IssuedInvite(invite=invite, token=token, unit=unit)


async def _state(repos: Repositories, invite: Invite | None, now: datetime) -> InviteLookup:
    if invite is None:
        return InviteLookup(state=InviteState.unknown)
    unit = await repos.units.get(invite.unit_id) if invite.unit_id is not None else None
    if invite.unit_id is not None and (unit is None or not unit.active):
        return InviteLookup(state=InviteState.unknown)
    if invite.used_at is not None:
        state = InviteState.used
    elif invite.expires_at <= now:
        state = InviteState.expired
    else:
        state = InviteState.valid
    return InviteLookup(state=state, invite=invite, unit=unit)


async def look_up_invite(deployment: Deployment, token: str, now: datetime) -> InviteLookup:
    """What a `/start <token>` link stands for, in the tenant it binds to; changes nothing."""
    if not _TOKEN_SHAPE.match(token):
        return InviteLookup(state=InviteState.unknown)
    tenant_id = await deployment.tenants.of_invite(hash_token(token))
    if tenant_id is None:
        return InviteLookup(state=InviteState.unknown)
    repos = deployment.repos(tenant_id)
    return await _state(repos, await repos.invites.get_by_hash(hash_token(token)), now)


async def accept_invite(
    deployment: Deployment, *, invite_id: int, check: int, telegram_user_id: int, chat_id: int | None,
    display_name: str, now: datetime, render: Callable[..., str] | None = None,
) -> Registration:
    """Register the person who pressed the confirm button: person row, invite consumed and role
    granted in the invite's tenant, in one transaction; the chat works in that tenant from now on (a
    person joining a second committee works in it first) and, given `render`, the inviter is told.
    Anything but a valid invite changes nothing (no person row either)."""
    tenant_id = await deployment.tenants.of_invite_id(invite_id)
    if tenant_id is None:
        return Registration(state=InviteState.unknown)
    repos = deployment.repos(tenant_id)
    invite = await repos.invites.get(invite_id)
    if invite is not None and confirm_check(invite) != check:
        invite = None
    lookup = await _state(repos, invite, now)
    if lookup.state is not InviteState.valid or lookup.invite is None:
        return Registration(state=lookup.state, invite=lookup.invite, unit=lookup.unit)
    invite = lookup.invite
    try:
        async with repos.db.transaction():
            person = await repos.people.upsert_from_telegram(telegram_user_id, chat_id, display_name, now)
            if await repos.invites.consume(invite.token_hash, person.id, now) is None:
                raise _Refused
            await repos.roles.grant(person.id, invite.role, invite.unit_id, granted_by=invite.created_by,
                                    now=now, title=invite.title)
    except _Refused:
        # Someone else (or a second press) used it between the lookup and now.
        lookup = await _state(repos, await repos.invites.get(invite.id), now)
        return Registration(state=lookup.state, invite=lookup.invite, unit=lookup.unit)
    if chat_id is not None:
        await deployment.chat_tenants.choose(chat_id, tenant_id, now)
    registration = Registration(
        state=InviteState.valid, invite=invite, unit=lookup.unit, person=person,
        grants=await repos.roles.roles_of(person.id),
    )
    if render is not None:
        await _tell_inviter(repos, registration, render, now)
    return registration


async def _tell_inviter(repos: Repositories, result: Registration, render: Callable[..., str],
                        now: datetime) -> None:
    """The office member who made the invite learns it was used (through the outbox)."""
    invite, person = result.invite, result.person
    if invite is None or person is None or invite.created_by in (None, person.id):
        return
    inviter = await repos.people.get(invite.created_by)
    if inviter is None or inviter.chat_id is None or not inviter.reachable:
        return
    text = render("registration/invite_used.html.j2", person=person, role=invite.role, unit=result.unit)
    await repos.outbox.enqueue_many(
        [NewOutboxMessage(key=f"invite_used:{invite.id}", chat_id=inviter.chat_id, kind="message",
                          payload={"text": text})],
        now,
    )
