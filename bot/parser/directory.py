"""The unit directory: canonical unit names, their aliases, and groups that stand for many units.

Read from YAML for now (see deploy/units.example.yaml); the models are plain pydantic so the
database can hand over the same objects later. `resolve` turns the names a notice wrote into
canonical units and lists, once each, the names it could not place.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, Field, PrivateAttr, ValidationError

from bot.parser.directory_match import (
    FUZZY_THRESHOLD,
    distinctive_similarity,
    head,
    match_key,
    numbers,
    without_committee,
    without_level,
    without_title,
)
from bot.parser.known_names import KnownNames
from bot.parser.models import ParsedNotice

# Levels a name may end with; since the 2025 reform a ward's or commune's own units end in "phường",
# "xã" or "đặc khu" ("Công an phường"), as a district's did in "quận".
DEFAULT_LEVEL_WORDS = ("quận", "huyện", "thị xã", "thành phố", "phường", "xã", "đặc khu", "thị trấn")
# "<anything> [các] <kind word>[:] <item>, <item> và <item>"
_LISTED = re.compile(
    r"^(?P<pre>(?:.*?\s)?)(?:các\s+)?(?P<kind>phường|xã|thị trấn|phòng|trung tâm|đội|ban)\s*:?\s+"
    r"(?P<items>.+)$",
    re.IGNORECASE,
)


class DirectoryError(Exception):
    """A directory file that cannot be used; `reason` is one of not_found, invalid_yaml, invalid."""

    def __init__(self, reason: str, detail: str) -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}")


class UnitEntry(BaseModel):
    name: str
    kind: str = "other"
    aliases: list[str] = Field(default_factory=list)
    abbreviations: list[str] = Field(default_factory=list)


class UnitGroup(BaseModel):
    name: str
    aliases: list[str] = Field(default_factory=list)
    # Members by any of their names, and/or every unit of these kinds.
    members: list[str] = Field(default_factory=list)
    kinds: list[str] = Field(default_factory=list)


_Named = TypeVar("_Named", UnitEntry, UnitGroup)
_Buckets = dict[tuple[str, tuple[str, ...]], list[tuple[str, _Named]]]


def _buckets(index: dict[str, _Named]) -> _Buckets[_Named]:
    """An index's keys by head and numbers: only those can match fuzzily."""
    buckets: _Buckets[_Named] = {}
    for key, value in index.items():
        kind = head(key)
        buckets.setdefault((kind, numbers(key)), []).append((key[len(kind) :].strip(), value))
    return buckets


@lru_cache(maxsize=16384)
def _query_keys(name: str, levels: tuple[str, ...]) -> tuple[str, ...]:
    """The keys a written name may be indexed under, most literal first (memoised: resolving one
    name asks for them up to nine times)."""
    key = match_key(name)
    candidates = [key, without_level(key, levels), without_title(key)]
    candidates.append(without_level(candidates[-1], levels))
    candidates.append(without_committee(candidates[-1]))
    return tuple(dict.fromkeys(candidates))


class UnitDirectory(BaseModel):
    units: list[UnitEntry] = Field(default_factory=list)
    groups: list[UnitGroup] = Field(default_factory=list)
    # Words naming the directory's own level, optional at the end of a name ("Phòng Y tế quận").
    # Without it, the level words that end the directory's own names are used: a district directory
    # drops "quận", never "thành phố" ("Thanh tra thành phố" is not "Thanh tra quận").
    level_words: list[str] | None = None
    # Per-instance memo of name lookups: a notice names the same units again and again.
    _expanded: dict[str, list[UnitEntry]] = PrivateAttr(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path) -> UnitDirectory:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise DirectoryError("not_found", f"{path}: {exc}") from exc
        return cls.from_yaml_text(text)

    @classmethod
    def from_yaml_text(cls, text: str) -> UnitDirectory:
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise DirectoryError("invalid_yaml", str(exc)) from exc
        return cls.from_data(data)

    @classmethod
    def from_data(cls, data: object) -> UnitDirectory:
        """A checked directory from plain data: a YAML document, or the rows of a unit table."""
        try:
            directory = cls.model_validate(data)
        except ValidationError as exc:
            raise DirectoryError("invalid", str(exc)) from exc
        directory._check()
        return directory

    def _check(self) -> None:
        """Refuse a directory where one name would mean two units: matching could not be trusted."""
        owners: dict[str, str] = {}
        for unit in self.units:
            for key in self._keys(unit.name, *unit.aliases, *unit.abbreviations):
                if owners.setdefault(key, unit.name) != unit.name:
                    raise DirectoryError("invalid", f"'{key}' names both {owners[key]} and {unit.name}")
        for group in self.groups:
            for key in self._keys(group.name, *group.aliases):
                if key in owners:
                    detail = f"'{key}' names both group {group.name} and {owners[key]}"
                    raise DirectoryError("invalid", detail)
            for member in group.members:
                if self._exact_unit(member) is None:
                    raise DirectoryError("invalid", f"group {group.name}: unknown member {member}")

    # --- matching -------------------------------------------------------------------------------

    def _keys(self, *names: str) -> set[str]:
        levels = self._levels
        keys = set()
        for name in names:
            key = match_key(name)
            keys.update({key, without_level(key, levels), without_committee(key)})
        return keys

    @cached_property
    def _levels(self) -> tuple[str, ...]:
        if self.level_words is not None:
            return tuple(match_key(word) for word in self.level_words)
        names = [match_key(n) for unit in self.units for n in (unit.name, *unit.aliases)]
        return tuple(w for w in DEFAULT_LEVEL_WORDS if any(n.endswith(" " + w) for n in names))

    @cached_property
    def _unit_index(self) -> dict[str, UnitEntry]:
        return {
            key: unit
            for unit in self.units
            for key in self._keys(unit.name, *unit.aliases, *unit.abbreviations)
        }

    @cached_property
    def _group_index(self) -> dict[str, UnitGroup]:
        return {key: group for group in self.groups for key in self._keys(group.name, *group.aliases)}

    def _query_keys(self, name: str) -> tuple[str, ...]:
        return _query_keys(name, self._levels)

    def _exact_unit(self, name: str) -> UnitEntry | None:
        for key in self._query_keys(name):
            if key in self._unit_index:
                return self._unit_index[key]
        return None

    def _fuzzy(self, name: str, buckets: _Buckets[_Named]) -> _Named | None:
        """The closest entry of the same kind of body and the same numbers (see `similar`)."""
        best: _Named | None = None
        best_score = FUZZY_THRESHOLD
        for query in self._query_keys(name):
            kind = head(query)
            if not kind:
                continue
            distinct = query[len(kind) :].strip()
            for rest, value in buckets.get((kind, numbers(query)), ()):
                score = distinctive_similarity(distinct, rest)
                if score >= best_score:
                    best, best_score = value, score
        return best

    @cached_property
    def _unit_buckets(self) -> _Buckets[UnitEntry]:
        return _buckets(self._unit_index)

    @cached_property
    def _group_buckets(self) -> _Buckets[UnitGroup]:
        return _buckets(self._group_index)

    def match(self, name: str) -> UnitEntry | None:
        """The one unit this name means, or None (a group name is not a unit: see `expand`)."""
        if not name.strip():
            return None
        exact = self._exact_unit(name)
        if exact is not None:
            return exact
        if self.match_group(name) is not None:
            return None
        return self._fuzzy(name, self._unit_buckets)

    def match_group(self, name: str) -> UnitGroup | None:
        for key in self._query_keys(name):
            if key in self._group_index:
                return self._group_index[key]
        return self._fuzzy(name, self._group_buckets)

    def expand(self, name: str) -> list[UnitEntry]:
        """The units a name stands for: its members for a group, itself for a unit, [] if unknown."""
        if name not in self._expanded:
            self._expanded[name] = self._expand(name)
        return list(self._expanded[name])

    def _expand(self, name: str) -> list[UnitEntry]:
        unit = self._exact_unit(name)
        if unit is not None:
            return [unit]
        group = self.match_group(name)
        if group is None:
            unit = self.match(name)
            return [unit] if unit is not None else self._listed(name)
        members: dict[str, UnitEntry] = {}
        for member in group.members:
            entry = self._exact_unit(member)
            if entry is not None:
                members.setdefault(entry.name, entry)
        for unit in self.units:
            if unit.kind in group.kinds:
                members.setdefault(unit.name, unit)
        # in the directory's order, whichever way the group lists them
        return sorted(members.values(), key=lambda unit: self._position[unit.name])

    @cached_property
    def _position(self) -> dict[str, int]:
        return {unit.name: i for i, unit in enumerate(self.units)}

    def _listed(self, name: str) -> list[UnitEntry]:
        """Several units sharing one kind word: "UBND các phường Nguyễn Du, Phố Huế và Đồng Nhân",
        "các Phòng: Nội vụ, Tư pháp". All of them must be known, or the name stays unknown."""
        found = _LISTED.match(unicodedata.normalize("NFC", name).strip())
        if found is None:
            return []
        stem = re.sub(r"(?i)\bcác\s+", "", f"{found['pre']}{found['kind']}").strip()
        entries: dict[str, UnitEntry] = {}
        items = [item.strip() for item in re.split(r"\s*[,;]\s*", found["items"]) if item.strip()]
        for item in items:
            options = [item] if self.match(f"{stem} {item}") else re.split(r"\s+và\s+", item)
            for option in options:
                unit = self.match(f"{stem} {option}")
                if unit is None:
                    return []
                entries.setdefault(unit.name, unit)
        return list(entries.values()) if len(entries) > 1 else []

    # --- notices --------------------------------------------------------------------------------

    def names(self) -> list[str]:
        """Every unit name, alias and abbreviation as written, for finding where a sentence's subject ends."""
        return [n for unit in self.units for n in (unit.name, *unit.aliases, *unit.abbreviations)]

    @cached_property
    def known_names(self) -> KnownNames:
        """The names as the parser's name rules compare them (built once per directory)."""
        return KnownNames.of(self.names())

    def resolve(self, parsed: ParsedNotice) -> ParsedNotice:
        """A copy of the notice with canonical unit names and groups expanded.

        A unit that leads a task is not also listed as its coordinator (a group such as "các
        phòng, ban, ngành" in the coordinators often includes the lead). Names that match nothing
        stay in the task as written and are listed once each in `unknown_units`.
        """
        unknown: dict[str, None] = dict.fromkeys(parsed.unknown_units)
        tasks = []
        for task in parsed.tasks:
            units = self._canonical(task.units, unknown)
            coordinators = [c for c in self._canonical(task.coordinators, unknown) if c not in units]
            tasks.append(task.model_copy(update={"units": units, "coordinators": coordinators}))
        safety_net = [
            item.model_copy(update={"units": self._canonical(item.units, {})}) for item in parsed.unclaimed
        ]
        update = {"tasks": tasks, "unknown_units": list(unknown), "unclaimed": safety_net}
        return parsed.model_copy(update=update, deep=True)

    def _canonical(self, names: list[str], unknown: dict[str, None]) -> list[str]:
        out: dict[str, None] = {}
        for name in names:
            entries = self.expand(name)
            if not entries:
                unknown.setdefault(name, None)
                out.setdefault(name, None)
            for entry in entries:
                out.setdefault(entry.name, None)
        return list(out)
