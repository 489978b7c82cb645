"""Units for the office: find one by what someone typed, see who heads what, remove a head, import
a directory file."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pydantic import BaseModel
from rapidfuzz import fuzz, process

from bot.parser.directory import UnitDirectory, UnitEntry
from bot.parser.directory_match import match_key
from storage.models import UNIT_ROLES, NewOutboxMessage, Person, RoleName, Unit, UnitSpec
from storage.repositories import Repositories
from storage.repositories.base import name_key as plain_key

_CLOSE_SCORE = 70.0
_MAX_CANDIDATES = 8


class UnitMatch(BaseModel):
    """The unit a typed name means, or the names it might have meant (ambiguous or close)."""

    unit: Unit | None = None
    candidates: list[Unit] = []
    ambiguous: bool = False


async def find_unit(repos: Repositories, typed: str) -> UnitMatch:
    """match_unit over the tenant's active units."""
    return match_unit(await repos.units.list(), typed)


def _plain(name: str) -> str:
    # Abbreviations spelled out (parser), then case and diacritics dropped (storage): office staff
    # often type "phuong 1" or "TTYT".
    return plain_key(match_key(name))


def _keys(unit: Unit) -> list[str]:
    return [_plain(name) for name in (unit.name, *unit.aliases)]


def match_unit(units: Sequence[Unit], typed: str) -> UnitMatch:
    """Exact or near spelling (the parser's matching: abbreviations, "Phường 1" never "Phường 11"),
    the same name typed without diacritics, then a unique name containing the typed words; otherwise
    the names that contain them (ambiguous) or the closest names."""
    typed = " ".join(typed.split())
    if not typed or not units:
        return UnitMatch()
    directory = UnitDirectory(
        units=[UnitEntry(name=u.name, kind=u.kind, aliases=u.aliases) for u in units]
    )
    by_name = {u.name: u for u in units}
    entry = directory.match(typed)
    if entry is not None and entry.name in by_name:
        return UnitMatch(unit=by_name[entry.name])
    query = _plain(typed)
    exact = [u for u in units if query in _keys(u)]
    if len(exact) == 1:
        return UnitMatch(unit=exact[0])
    containing = [u for u in units if any(f" {query} " in f" {key} " for key in _keys(u))]
    if len(containing) == 1:
        return UnitMatch(unit=containing[0])
    if containing:
        return UnitMatch(candidates=containing[:_MAX_CANDIDATES], ambiguous=True)
    scored = process.extract(
        query, {u.id: _keys(u)[0] for u in units}, scorer=fuzz.token_sort_ratio, limit=_MAX_CANDIDATES,
        score_cutoff=_CLOSE_SCORE,
    )
    by_id = {u.id: u for u in units}
    return UnitMatch(candidates=[by_id[unit_id] for _key, _score, unit_id in scored])


class UnitMember(BaseModel):
    person: Person
    role: RoleName  # head or deputy


class UnitStaff(BaseModel):
    unit: Unit
    members: list[UnitMember]

    @property
    def has_head(self) -> bool:
        return any(m.role is RoleName.head for m in self.members)


class UnitsOverview(BaseModel):
    staffed: list[UnitStaff]  # units with at least one head or deputy, by name
    without_anyone: list[Unit]  # active units nobody can receive tasks for

    @property
    def unreachable(self) -> int:
        return len({m.person.id for s in self.staffed for m in s.members if not m.person.reachable})

    @property
    def without_head(self) -> int:
        return len(self.without_anyone) + sum(1 for s in self.staffed if not s.has_head)


async def units_overview(repos: Repositories) -> UnitsOverview:
    grants = await repos.roles.unit_heads(include_deputies=True)
    # people are the deployment's: only those holding a unit role here
    people = {p.id: p for p in await repos.people.get_many({g.person_id for g in grants})}
    members: dict[int, list[UnitMember]] = {}
    for grant in grants:
        if grant.unit_id is not None and grant.person_id in people:
            members.setdefault(grant.unit_id, []).append(
                UnitMember(person=people[grant.person_id], role=grant.role)
            )
    staffed, without = [], []
    for unit in await repos.units.list(active_only=True):
        if unit.id in members:
            staffed.append(UnitStaff(unit=unit, members=members[unit.id]))
        else:
            without.append(unit)
    return UnitsOverview(staffed=staffed, without_anyone=without)


class HeadRemoval(BaseModel):
    person: Person
    unit: Unit
    roles: list[RoleName]
    left: list[Person] = []  # who heads or deputises for the unit after the removal


async def remove_head(
    repos: Repositories, *, person_id: int, unit_id: int, by: int | None, now: datetime
) -> HeadRemoval | None:
    """Revoke the person's head and deputy roles for the unit at once; None if they held neither."""
    person = await repos.people.get(person_id)
    unit = await repos.units.get(unit_id)
    if person is None or unit is None:
        return None
    removed: list[RoleName] = []
    async with repos.db.transaction():
        for role in sorted(UNIT_ROLES, key=lambda r: r is not RoleName.head):
            if await repos.roles.revoke(person_id, role, unit_id, revoked_by=by, now=now):
                removed.append(role)
    if not removed:
        return None
    left = await repos.roles.heads_of(unit_id, include_deputies=True)
    return HeadRemoval(person=person, unit=unit, roles=removed, left=left)


async def tell_removed(repos: Repositories, removal: HeadRemoval, text: str, now: datetime) -> bool:
    """Queue `text` to the removed person, if the bot can reach them; False when it cannot."""
    person = removal.person
    if person.chat_id is None or not person.reachable:
        return False
    key = f"head_removed:{person.id}:{removal.unit.id}:{now.isoformat()}"
    await repos.outbox.enqueue_many(
        [NewOutboxMessage(key=key, chat_id=person.chat_id, kind="message", payload={"text": text})], now
    )
    return True


class ImportCounts(BaseModel):
    added: int
    updated: int
    unchanged: int
    not_in_file: int  # units in the database the file does not name (left as they are)


def directory_specs(directory: UnitDirectory) -> list[UnitSpec]:
    """The directory's units as storage specs: abbreviations count as aliases, and each unit lists
    the groups that include it."""
    groups_of: dict[str, list[str]] = {unit.name: [] for unit in directory.units}
    for group in directory.groups:
        for member in directory.expand(group.name):
            groups_of.setdefault(member.name, []).append(group.name)
    return [
        UnitSpec(name=unit.name, kind=unit.kind, aliases=[*unit.aliases, *unit.abbreviations],
                 groups=groups_of[unit.name])
        for unit in directory.units
    ]


def _fields(unit: Unit | UnitSpec) -> tuple[str, str, list[str], list[str]]:
    return unit.name, unit.kind, list(unit.aliases), list(unit.groups)


async def import_directory(repos: Repositories, directory: UnitDirectory, *, now: datetime) -> ImportCounts:
    """Upsert every unit of the directory (idempotent: a second import reports everything unchanged)."""
    before = {unit.id: unit for unit in await repos.units.list(active_only=False)}
    specs = directory_specs(directory)
    imported = await repos.units.import_units(specs, now=now)
    added = updated = unchanged = 0
    for spec, unit in zip(specs, imported, strict=True):
        old = before.get(unit.id)
        if old is None:
            added += 1
        elif _fields(old) != _fields(spec) or not old.active:
            updated += 1
        else:
            unchanged += 1
    seen = {unit.id for unit in imported}
    not_in_file = sum(1 for unit_id, unit in before.items() if unit_id not in seen and unit.active)
    return ImportCounts(added=added, updated=updated, unchanged=unchanged, not_in_file=not_in_file)
