"""Moving one office's SQLite database into a deployment as a new committee (`dondoc tenant import`).

The office's file is never written: it is copied with SQLite's backup API (which also takes what still
sits in its WAL) into a temporary folder, the copy is migrated to this version's schema, and the copy is
what storage.office_copy reads. The import is refused, with nothing changed in the target, when the file
is missing, is not a dondoc database, has a newer schema than this version knows, holds several
committees, or was imported already (same sha256, unless `again`).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import sqlite3
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel

from storage.db import Database, database_errors, latest_version, open_database
from storage.office_copy import MoreThanOneOffice, copy_office, imports_of

# the name migration 0010 gives an office's committee: not a name to carry into a province's list
UNNAMED = "Ủy ban nhân dân"
# tables every dondoc database has had since its first migration
_DONDOC_TABLES = {"units", "people", "roles", "notices", "tasks", "assignments"}


class Refusal(StrEnum):
    missing = "missing"
    not_dondoc = "not_dondoc"
    newer = "newer"
    several = "several"
    already = "already"


class ImportRefused(Exception):
    def __init__(self, reason: Refusal, **detail: object) -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.detail = detail


class ImportedOffice(BaseModel):
    tenant_id: int
    name: str
    source: str
    source_sha256: str
    source_version: int
    #: rows written per table; people: new people (merged ones are counted apart)
    counts: dict[str, int]
    people_merged: int
    outbox_pending: int


@dataclass(frozen=True)
class _Source:
    sha256: str
    version: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _snapshot(path: Path, copy: Path) -> _Source:
    """Copy the office's file read-only into `copy` and say what it is (refusing what is not dondoc's)."""
    if not path.is_file():
        raise ImportRefused(Refusal.missing, path=str(path))
    sha256 = _sha256(path)
    try:
        original = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            version = int(original.execute("PRAGMA user_version").fetchone()[0])
            tables = {row[0] for row in original.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if version < 1 or not tables >= _DONDOC_TABLES:
                raise ImportRefused(Refusal.not_dondoc, path=str(path))
            if version > latest_version():
                raise ImportRefused(Refusal.newer, path=str(path), version=version, latest=latest_version())
            target = sqlite3.connect(copy)
            try:
                original.backup(target)
            finally:
                target.close()
        finally:
            original.close()
    except sqlite3.DatabaseError as error:  # "file is not a database", a damaged file
        raise ImportRefused(Refusal.not_dondoc, path=str(path), error=str(error)) from error
    return _Source(sha256, version)


async def _name(office: Database, path: Path) -> tuple[str, str]:
    """(name, kind) of the new committee: the office's own if it named itself, else its notices' issuer
    (the one most of them carry), else a neutral name saying where it came from."""
    row = await office.fetch_one("SELECT name, kind FROM tenants ORDER BY id LIMIT 1")
    kind = str(row["kind"]) if row is not None else "other"
    if row is not None and row["name"].strip() and row["name"].strip() != UNNAMED:
        return row["name"].strip(), kind
    issuers = Counter(str(r[0]).strip() for r in await office.fetch_all(
        "SELECT issuer FROM notices WHERE issuer IS NOT NULL AND TRIM(issuer) <> ''"))
    if issuers:
        return issuers.most_common(1)[0][0], kind
    return f"{UNNAMED} ({path.stem})", kind


async def import_office(path: Path, target: Database, *, name: str | None, kind: str | None, again: bool,
                        now: datetime) -> ImportedOffice:
    """Copy the office at `path` into a new committee of `target`; ImportRefused when it must not."""
    with tempfile.TemporaryDirectory(prefix="dondoc-import-") as folder:
        copy = Path(folder) / "office.sqlite3"
        source = await asyncio.to_thread(_snapshot, path, copy)
        if not again and (earlier := await imports_of(target, source.sha256)):
            raise ImportRefused(Refusal.already, path=str(path), tenant_ids=earlier)
        try:
            office = await open_database(copy, migrate=True)
        except database_errors() as error:
            raise ImportRefused(Refusal.not_dondoc, path=str(path), error=str(error)) from error
        try:
            own_name, own_kind = await _name(office, path)
            settings_text = await office.fetch_value("SELECT settings FROM tenants ORDER BY id LIMIT 1")
            try:
                copied = await copy_office(
                    office, target, name=(name or "").strip() or own_name, kind=kind or own_kind,
                    settings=json.loads(settings_text or "{}"), source_sha256=source.sha256,
                    source_name=path.name, now=now)
            except MoreThanOneOffice as several:
                raise ImportRefused(Refusal.several, path=str(path), tenant_ids=several.args[0]) from None
        finally:
            await office.close()
    return ImportedOffice(tenant_id=copied.tenant_id, name=(name or "").strip() or own_name,
                          source=str(path), source_sha256=source.sha256, source_version=source.version,
                          counts=copied.counts, people_merged=copied.people_merged,
                          outbox_pending=copied.outbox_pending)
