"""The database: SQLite (one file per office, the default) or PostgreSQL (a deployment's server).

`open_database(target)` takes a file path or a `postgresql://` URL and returns a `Database`; repositories
see only its API (transaction(), fetch_*, execute, insert, execute_many) and write one query text for both
engines, with `?` or `:name` parameters.

SQLite: a single aiosqlite connection is shared by the handlers, the outbox sender and the reminder sweep.
Writes go through `Database.transaction()`, which takes an asyncio.Lock and issues BEGIN IMMEDIATE so that
the write lock is taken up front: another process waits (busy_timeout) instead of failing halfway with
"database is locked". PostgreSQL: see storage.postgres.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar
from urllib.parse import urlsplit, urlunsplit

import aiosqlite

T = TypeVar("T")
Dialect = Literal["sqlite", "postgresql"]
Params = Sequence[Any] | dict[str, Any]

BUSY_TIMEOUT_MS = 5000
_MIGRATION_NAME = re.compile(r"^(\d{4})_[\w-]+\.sql$")
# A migration that rebuilds a table others reference carries this line: it runs with foreign keys off
# (SQLite's documented way to rebuild a table; the pragma is a no-op inside a transaction, so it is set
# around it) and commits only when the foreign key check finds nothing.
FOREIGN_KEYS_OFF = "-- dondoc: foreign keys off"


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations(engine: str = "sqlite") -> list[Migration]:
    """Numbered SQL files shipped in storage/migrations/<engine>/, in order. Each engine has the same
    numbers: migration N does the same thing in each engine's dialect."""
    found: list[Migration] = []
    for entry in resources.files("storage.migrations").joinpath(engine).iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(versions) + 1)):
        raise RuntimeError(f"migrations must be numbered 0001, 0002, … without gaps: {versions}")
    return found


def latest_version(engine: str = "sqlite") -> int:
    migrations = load_migrations(engine)
    return migrations[-1].version if migrations else 0


def split_statements(script: str) -> list[str]:
    """Split a migration into statements; sqlite3.complete_statement keeps trigger bodies whole."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statement = buffer.strip()
            if statement and not all(
                part.strip().startswith("--") or not part.strip() for part in statement.splitlines()
            ):
                statements.append(statement)
            buffer = ""
    if buffer.strip() and not all(
        part.strip().startswith("--") or not part.strip() for part in buffer.splitlines()
    ):
        raise ValueError(f"incomplete SQL statement at end of migration: {buffer.strip()[:80]}")
    return statements


class Row(Protocol):
    """A result row: `row["col"]`, `row[0]` and `dict(row)` (sqlite3.Row, storage.postgres' rows)."""

    def __getitem__(self, key: Any, /) -> Any: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[Any]: ...
    def keys(self) -> list[str]: ...


class NotOnThisEngine(Exception):
    """What one engine does and the other does not (a file backup, on PostgreSQL: pg_dump does it)."""


def is_database_url(target: str | os.PathLike[str]) -> bool:
    """`postgresql://…` or `postgres://…` (with or without a driver suffix) names a server, not a file."""
    return isinstance(target, str) and target.split(":", 1)[0].split("+", 1)[0] in ("postgresql", "postgres")


def describe(target: str | os.PathLike[str]) -> str:
    """The database for a person to read: the file's path, or the server URL without its password."""
    if not is_database_url(target):
        return str(target)
    parts = urlsplit(str(target))
    if parts.password is None:
        return str(target)
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


def is_missing(target: str | os.PathLike[str]) -> bool:
    """A SQLite file that does not exist (commands that only read never create one); a server URL is
    never missing here: connecting says whether it answers."""
    return not is_database_url(target) and not Path(target).is_file()


def database_errors(*also: type[Exception]) -> tuple[type[Exception], ...]:
    """The exceptions a failed statement raises on either engine (and `also`), for `except` clauses that
    must tell the person (a publish rolled back) without naming a driver."""
    from asyncpg import PostgresError  # reads go to asyncpg directly (storage.postgres)
    from sqlalchemy.exc import DBAPIError

    return (sqlite3.Error, DBAPIError, PostgresError, *also)


def error_detail(error: BaseException) -> str:
    """The driver's own message, for a person (SQLAlchemy adds its class name and a web link)."""
    return str(getattr(error, "orig", None) or error)


class Database:
    """One query API over either engine. Build it with `open_database`."""

    dialect: Dialect
    #: the SQLite file; None on PostgreSQL
    path: Path | None

    def transaction(self) -> contextlib.AbstractAsyncContextManager[Database]:
        raise NotImplementedError

    @property
    def in_transaction(self) -> bool:
        raise NotImplementedError

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        raise NotImplementedError

    async def fetch_made(self, sql: str, params: Params, make: Callable[[tuple[Any, ...]], T]) -> list[T]:
        """Each row made by `make` from its plain tuple: for lists of a hundred thousand rows, where a
        Row per row and a second pass cost seconds."""
        raise NotImplementedError

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        raise NotImplementedError

    async def fetch_value(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; returns the rows it changed."""
        raise NotImplementedError

    async def insert(self, sql: str, params: Params = ()) -> int:
        """Run one INSERT of one row into a table with an `id`; returns the new row's id (RETURNING id)."""
        row_id = await self.fetch_value(f"{sql} RETURNING id", params)
        if row_id is None:
            raise RuntimeError("INSERT did not return the new row's id")
        return int(row_id)

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> int:
        """Run one statement per row; returns the rows changed (summed over all of them)."""
        raise NotImplementedError

    async def schema_version(self) -> int:
        raise NotImplementedError

    async def migrate(self) -> list[int]:
        """Apply each pending migration in its own transaction together with its version bump; two
        processes migrating at once apply each migration exactly once. Returns the versions applied."""
        raise NotImplementedError

    async def integrity_problems(self) -> list[str]:
        raise NotImplementedError

    async def table_counts(self) -> dict[str, int]:
        """Rows per table of the schema, by table name (for `dondoc db check`)."""
        raise NotImplementedError

    async def backup(self, dest: str | os.PathLike[str]) -> Path:
        raise NotImplementedError

    async def close(self) -> None:
        raise NotImplementedError


class SqliteDatabase(Database):
    """A shared connection with serialised transactions."""

    dialect: Dialect = "sqlite"

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._lock = asyncio.Lock()
        self._owner: asyncio.Task[Any] | None = None
        self._depth = 0

    # --- transactions -------------------------------------------------------------------------------
    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[Database]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception.

        Nested use inside the same asyncio task joins the outer transaction (so a repository method that
        opens its own transaction can be called inside a caller's). Tasks spawned inside a transaction
        must not write through this database: they would wait for the lock the parent holds.
        """
        current = asyncio.current_task()
        if self._owner is not None and self._owner is current:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        async with self._lock:
            self._owner = current
            self._depth = 1
            try:
                try:
                    await self.conn.execute("BEGIN IMMEDIATE")
                except BaseException:
                    # Cancelled while waiting (a drain stopped at shutdown): the BEGIN still runs on
                    # aiosqlite's thread, and would leave the shared connection inside a transaction
                    # nobody ends. The ROLLBACK is queued behind it (and is a no-op if BEGIN failed).
                    await self.conn.rollback()
                    raise
                try:
                    yield self
                except BaseException:
                    await self.conn.rollback()
                    raise
                await self.conn.commit()
            finally:
                self._owner = None
                self._depth = 0

    @property
    def in_transaction(self) -> bool:
        return self._owner is not None and self._owner is asyncio.current_task()

    # --- queries ------------------------------------------------------------------------------------
    async def _in_thread(self, work: Callable[[sqlite3.Connection], T]) -> T:
        # One hop to the connection's thread for the whole statement: aiosqlite's cursor makes three
        # (execute, fetch, close), each a thread wake-up and two handovers of the interpreter's lock,
        # and under load every press's dozen statements waited for them.
        return await self.conn._execute(work, self.conn._conn)

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        return await self._in_thread(lambda conn: conn.execute(sql, params).fetchall())

    async def fetch_made(self, sql: str, params: Params, make: Callable[[tuple[Any, ...]], T]) -> list[T]:
        # made in the connection's thread, from the plain tuple as SQLite hands it over
        def made(conn: sqlite3.Connection) -> list[T]:
            cursor = conn.execute(sql, params)
            cursor.row_factory = lambda _cursor, row: make(row)
            return list(cursor.fetchall())  # made by `make`

        return await self._in_thread(made)

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        def first(conn: sqlite3.Connection) -> Row | None:
            cursor = conn.execute(sql, params)
            try:
                row: Row | None = cursor.fetchone()
                return row
            finally:
                cursor.close()

        return await self._in_thread(first)

    async def execute(self, sql: str, params: Params = ()) -> int:
        def run(conn: sqlite3.Connection) -> int:
            cursor = conn.execute(sql, params)
            try:
                return cursor.rowcount
            finally:
                cursor.close()

        return await self._in_thread(run)

    async def insert(self, sql: str, params: Params = ()) -> int:
        # statement and RETURNING row in one hop to the connection's thread
        rows = await self.conn.execute_fetchall(f"{sql} RETURNING id", params)
        if not rows:
            raise RuntimeError("INSERT did not return the new row's id")
        return int(next(iter(rows))[0])

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> int:
        # every row in a single hop to the connection's thread
        async with self.conn.executemany(sql, rows) as cursor:
            return cursor.rowcount

    # --- schema -------------------------------------------------------------------------------------
    async def schema_version(self) -> int:
        return int(await self.fetch_value("PRAGMA user_version"))

    async def migrate(self) -> list[int]:
        # The version is re-read after BEGIN IMMEDIATE, so two processes apply each migration once.
        applied: list[int] = []
        for migration in load_migrations():
            if await self.schema_version() >= migration.version:
                continue
            keys_off = FOREIGN_KEYS_OFF in migration.sql.splitlines()
            if keys_off:
                await self.conn.execute("PRAGMA foreign_keys = OFF")
            try:
                async with self.transaction():
                    if await self.schema_version() >= migration.version:
                        continue
                    for statement in split_statements(migration.sql):
                        await self.conn.execute(statement)
                    if keys_off and (broken := await self.fetch_all("PRAGMA foreign_key_check")):
                        raise RuntimeError(
                            f"migration {migration.name} breaks foreign keys: {list(broken[0])}")
                    # PRAGMA takes no parameters; the version is an int from the file name.
                    await self.conn.execute(f"PRAGMA user_version = {migration.version:d}")
            finally:
                if keys_off:
                    await self.conn.execute("PRAGMA foreign_keys = ON")
            applied.append(migration.version)
        return applied

    async def integrity_problems(self) -> list[str]:
        """Empty when PRAGMA integrity_check and foreign_key_check both pass."""
        problems = [row[0] for row in await self.fetch_all("PRAGMA integrity_check")]
        if problems == ["ok"]:
            problems = []
        for row in await self.fetch_all("PRAGMA foreign_key_check"):
            problems.append(f"foreign key: {row[0]} rowid {row[1]} -> {row[2]}")
        return problems

    async def table_counts(self) -> dict[str, int]:
        names = [row[0] for row in await self.fetch_all(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        # names come from the schema itself, quoted
        return {name: int(await self.fetch_value(f'SELECT COUNT(*) FROM "{name}"'))  # noqa: S608
                for name in names}

    async def backup(self, dest: str | os.PathLike[str]) -> Path:
        """Online backup (SQLite backup API) to dest, written beside it first and renamed into place."""
        target = Path(dest)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        copy = sqlite3.connect(partial)
        try:
            # pages=-1 copies in one step under a read transaction; in WAL mode writers carry on meanwhile.
            await self.conn.backup(copy, pages=-1)
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
        partial.replace(target)
        return target

    async def close(self) -> None:
        await self.conn.close()


def _connect_target(db_path: Path, read_only: bool) -> str | Path:
    # Sync on purpose: a stat and a mkdir at start-up, not worth a thread hop.
    if read_only:
        if not db_path.is_file():
            raise FileNotFoundError(db_path)
        return f"{db_path.resolve().as_uri()}?mode=ro"
    db_path.parent.mkdir(parents=True, exist_ok=True)
    return db_path


async def open_database(
    target: str | os.PathLike[str], *, migrate: bool = False, read_only: bool = False
) -> Database:
    """Open the database `target` names: a `postgresql://` URL, else a SQLite file (created if needed,
    unless read_only, with the pragmas every connection needs). read_only never creates or converts
    anything (for `dondoc db check` and the side connection)."""
    if is_database_url(target):
        from storage.postgres import open_postgres  # SQLAlchemy is imported only for a server

        return await open_postgres(str(target), migrate=migrate, read_only=read_only)
    db_path = Path(target)
    target = _connect_target(db_path, read_only)
    # isolation_level=None: no implicit BEGIN; Database.transaction() controls every transaction.
    conn = await aiosqlite.connect(
        target, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, uri=read_only
    )
    conn.row_factory = sqlite3.Row
    try:
        await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        if not read_only:
            await conn.execute("PRAGMA journal_mode = WAL")
        await conn.execute("PRAGMA synchronous = NORMAL")
        await conn.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        # "file is not a database": close, or aiosqlite's thread keeps the process alive
        await conn.close()
        raise
    db = SqliteDatabase(conn, db_path)
    if migrate:
        try:
            await db.migrate()
        except BaseException:
            await db.close()
            raise
    return db
