"""PostgreSQL behind the same `Database` API, through SQLAlchemy 2 Core's AsyncEngine and asyncpg.

SQLAlchemy compiles each query text to asyncpg's `$n` parameters and owns the pool, the connections,
the transactions and the writes; reads hand the compiled text to asyncpg's prepared statement on the
same connection (its records are tuples already). The repositories keep their SQLite-first text; what
changes on the way, once per distinct text (convert_sql): `?` becomes a named parameter, a `:word` inside
a string literal is escaped so it stays text, `x IS ?` (SQLite's null-safe equality) becomes
`IS NOT DISTINCT FROM`, `? IS NULL` becomes a boolean parameter (PostgreSQL cannot type a parameter
there), and SQLite's planner hints become nothing or their plain form: `INDEXED BY index` is dropped,
`CROSS JOIN … ON` is a JOIN (the planner orders joins by cost), `x COLLATE NOCASE` becomes `lower(x)`.

A transaction() belongs to the asyncio task that opened it and holds one pooled connection until it ends;
nested use in the same task joins it. Statements outside a transaction run in autocommit on a connection
of their own. Every transaction() of a writable database first takes one transaction-level advisory lock
(WRITE_LOCK), in the statement that begins it: write transactions run one at a time across every worker,
as on SQLite, so code that reads then writes (`MAX(position) + 1`, "is it still pending?") cannot
interleave under READ COMMITTED. Reads outside transaction() never wait for it (bench/province.py
measures what the lock costs).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import weakref
from collections.abc import AsyncIterator, Callable, Iterable
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.sql.elements import TextClause

from storage import db as _db
from storage.db import Database, Dialect, NotOnThisEngine, Params, Row

T = TypeVar("T")

# pg_advisory_xact_lock key of `migrate`: concurrent migrators queue on it, then re-read the version.
_MIGRATE_LOCK = 0x646F6E646F63  # "dondoc"
# pg_advisory_xact_lock key every write transaction takes: SQLite's one writer, across processes.
WRITE_LOCK = 0x646F6E646F6377  # "dondocw"
POOL_SIZE = 10

# A string literal, a quoted name, a comment, or a `?` outside all three.
_TOKENS = re.compile(r"'(?:[^']|'')*'|\"[^\"]*\"|--[^\n]*|\?")
_INDEXED_BY = re.compile(r"\s+INDEXED\s+BY\s+\w+", re.IGNORECASE)
_NOCASE = re.compile(r"([\w.]+)\s+COLLATE\s+NOCASE", re.IGNORECASE)
_LITERAL_BIND = re.compile(r"(?<![:\w\\]):(?=\w)")
_CROSS_JOIN = re.compile(r"\bCROSS\s+JOIN\b", re.IGNORECASE)
# `x IS ?`: SQLite's null-safe equality
_IS_PARAM = re.compile(r"\bIS\s+(NOT\s+)?(?=:\w)", re.IGNORECASE)
# `? IS NULL`: PostgreSQL cannot tell such a parameter's type; the statement gets a boolean instead
_PARAM_IS_NULL = re.compile(r"(?<![:\w\\]):(\w+)\s+IS\s+(NOT\s+)?NULL\b", re.IGNORECASE)


def _convert_token(match: re.Match[str], counter: list[int]) -> str:
    piece = match.group(0)
    if piece == "?":
        counter[0] += 1
        return f":p{counter[0]}"
    if piece.startswith("'"):
        return _LITERAL_BIND.sub(r"\\:", piece)  # text() would read ':word' as a parameter
    return piece


def _is_null_flag(match: re.Match[str], flags: list[str]) -> str:
    flags.append(match.group(1))
    return f"{'NOT ' if match.group(2) else ''}CAST(:{match.group(1)}__null AS BOOLEAN)"


@lru_cache(maxsize=2048)
def convert_sql(sql: str) -> tuple[TextClause, tuple[str, ...]]:
    """(the statement for PostgreSQL, the parameters whose nullness it reads as `<name>__null`)."""
    counter = [0]
    converted = _TOKENS.sub(lambda m: _convert_token(m, counter), sql)
    converted = _NOCASE.sub(r"lower(\1)", _INDEXED_BY.sub("", converted))
    converted = _CROSS_JOIN.sub("JOIN", converted)
    converted = _IS_PARAM.sub(lambda m: "IS DISTINCT FROM " if m.group(1) else "IS NOT DISTINCT FROM ",
                              converted)
    flags: list[str] = []
    converted = _PARAM_IS_NULL.sub(lambda m: _is_null_flag(m, flags), converted)
    return text(converted), tuple(dict.fromkeys(flags))


def _bind(params: Params, flags: tuple[str, ...] = ()) -> dict[str, Any]:
    bound = params if isinstance(params, dict) else {
        f"p{n}": value for n, value in enumerate(params, start=1)}
    if flags:
        bound = {**bound, **{f"{name}__null": bound[name] is None for name in flags}}
    return bound


def _plain(value: Any) -> Any:
    # SUM() and AVG() come back as numeric; the models (and SQLite) have ints and floats
    if type(value) is Decimal:
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class _RowBase(tuple[Any, ...]):
    """A tuple that also answers `row["col"]` and `keys()`, like sqlite3.Row."""

    __slots__ = ()
    _index: dict[str, int]
    _names: list[str]

    def __getitem__(self, key: Any) -> Any:  # str keys too, as sqlite3.Row
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


@lru_cache(maxsize=512)
def _row_class(names: tuple[str, ...]) -> type[_RowBase]:
    index: dict[str, int] = {}
    for position, name in enumerate(names):
        index.setdefault(name, position)  # the first of equal names, as sqlite3.Row
    return type("Row", (_RowBase,), {"__slots__": (), "_index": index, "_names": list(names)})


NUMERIC_OID = 1700  # what SUM() and AVG() return; every other type asyncpg hands over as SQLite would


class PostgresDatabase(Database):
    dialect: Dialect = "postgresql"

    def __init__(self, engine: AsyncEngine, url: str, *, one_writer: bool = True) -> None:
        self.engine = engine
        # False for a read-only database (nothing to serialise) and for the bench's comparison
        self.one_writer = one_writer
        self.autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")
        self.url = url
        self.path: Path | None = None
        self._held: dict[asyncio.Task[Any], AsyncConnection] = {}
        self._compiled_texts: dict[TextClause, tuple[str, tuple[str, ...]]] = {}
        # asyncpg connection -> its prepared statements by text (a pooled connection lives long)
        self._prepared: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()

    # --- transactions -------------------------------------------------------------------------------
    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[Database]:
        current = asyncio.current_task()
        if current is None:
            raise RuntimeError("a transaction needs an asyncio task")
        if current in self._held:
            yield self
            return
        async with self.engine.connect() as conn:
            self._held[current] = conn
            try:
                async with conn.begin():
                    # The driver adapter sends BEGIN only with its first statement; reads go to asyncpg
                    # directly (_fetch), so begin now, or an INSERT … RETURNING first would autocommit.
                    # The writers' lock rides on that first statement: no extra round trip.
                    await conn.exec_driver_sql(
                        f"SELECT pg_advisory_xact_lock({WRITE_LOCK:d})" if self.one_writer else "SELECT 1")
                    yield self
            finally:
                del self._held[current]

    @property
    def in_transaction(self) -> bool:
        current = asyncio.current_task()
        return current is not None and current in self._held

    @contextlib.asynccontextmanager
    async def _connection(self) -> AsyncIterator[AsyncConnection]:
        current = asyncio.current_task()
        held = self._held.get(current) if current is not None else None
        if held is not None:
            yield held
            return
        async with self.autocommit.connect() as conn:
            yield conn

    # --- queries ------------------------------------------------------------------------------------
    async def _fetch(self, sql: str, params: Params) -> tuple[list[Any], list[str], list[int]]:
        """(asyncpg's records, the column names, the numeric columns' positions). Reads go straight to
        asyncpg with the text SQLAlchemy compiled: its records are tuples already, where SQLAlchemy's
        result rows took twice as long for 100,000 rows."""
        statement, flags = convert_sql(sql)
        text_sql, names = self._compiled(statement)
        bound = _bind(params, flags)
        async with self._connection() as conn:
            raw = (await conn.get_raw_connection()).driver_connection
            assert raw is not None
            statements = self._prepared.setdefault(raw, {})
            prepared = statements.get(text_sql)
            if prepared is None:  # asyncpg's prepare() bypasses its own statement cache
                prepared = statements[text_sql] = await raw.prepare(text_sql)
            records = await prepared.fetch(*(bound[name] for name in names))
            columns = prepared.get_attributes()
        numeric = [i for i, column in enumerate(columns) if column.type.oid == NUMERIC_OID]
        return records, [column.name for column in columns], numeric

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        records, names, numeric = await self._fetch(sql, params)
        make = _row_class(tuple(names))
        if numeric:
            return [make(tuple(_plain(value) for value in record)) for record in records]
        return [make(record) for record in records]

    async def fetch_made(self, sql: str, params: Params, make: Callable[[tuple[Any, ...]], T]) -> list[T]:
        records, _, numeric = await self._fetch(sql, params)
        if numeric:
            return [make(tuple(_plain(value) for value in record)) for record in records]
        return [make(tuple(record)) for record in records]

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self.fetch_all(sql, params)
        return rows[0] if rows else None

    async def execute(self, sql: str, params: Params = ()) -> int:
        statement, flags = convert_sql(sql)
        async with self._connection() as conn:
            result = await conn.execute(statement, _bind(params, flags))
            return max(result.rowcount, 0)

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> int:
        # One statement per row on one connection (asyncpg prepares it once): its executemany reports
        # no row counts, and callers need them (how many were new).
        statement, flags = convert_sql(sql)
        changed = 0
        async with self.transaction(), self._connection() as conn:
            for row in rows:
                result = await conn.execute(statement, _bind(row, flags))
                changed += max(result.rowcount, 0)
        return changed

    def _compiled(self, statement: TextClause) -> tuple[str, tuple[str, ...]]:
        """asyncpg's text ($1, $2, …) of a statement and the parameter names in that order."""
        found = self._compiled_texts.get(statement)
        if found is None:
            compiled = statement.compile(dialect=self.engine.dialect)
            found = (str(compiled), tuple(compiled.positiontup or ()))
            self._compiled_texts[statement] = found
        return found

    # --- schema -------------------------------------------------------------------------------------
    async def schema_version(self) -> int:
        if await self.fetch_value("SELECT to_regclass('schema_version')") is None:
            return 0
        return int(await self.fetch_value("SELECT COALESCE(MAX(version), 0) FROM schema_version"))

    async def migrate(self) -> list[int]:
        applied: list[int] = []
        for migration in _db.load_migrations("postgres"):  # through the module: tests replace it
            async with self.transaction(), self._connection() as conn:
                await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATE_LOCK})
                if await self.schema_version() >= migration.version:
                    continue
                # The whole file in one simple-protocol call: plpgsql bodies stay whole.
                raw = await conn.get_raw_connection()
                await raw.driver_connection.execute(migration.sql)  # type: ignore[union-attr]
                await conn.execute(text(
                    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"))
                await conn.execute(text("DELETE FROM schema_version"))
                await conn.execute(text("INSERT INTO schema_version (version) VALUES (:v)"),
                                   {"v": migration.version})
            applied.append(migration.version)
        return applied

    async def integrity_problems(self) -> list[str]:
        """Every single-column foreign key holds (PostgreSQL enforces them; this proves nothing was
        loaded around them) and no constraint is left unvalidated."""
        problems = [f"constraint not validated: {row[0]}" for row in await self.fetch_all(
            "SELECT conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace"
            " WHERE n.nspname = current_schema() AND NOT c.convalidated")]
        keys = await self.fetch_all(
            "SELECT c.conrelid::regclass::text AS child, a.attname AS col,"
            " c.confrelid::regclass::text AS parent, b.attname AS parent_col"
            " FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace"
            " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
            " JOIN pg_attribute b ON b.attrelid = c.confrelid AND b.attnum = c.confkey[1]"
            " WHERE c.contype = 'f' AND n.nspname = current_schema() AND cardinality(c.conkey) = 1"
            " ORDER BY 1, 2")
        for key in keys:
            # names from the catalog, quoted
            orphans = await self.fetch_value(
                f'SELECT COUNT(*) FROM "{key["child"]}" c WHERE c."{key["col"]}" IS NOT NULL'  # noqa: S608
                f' AND NOT EXISTS (SELECT 1 FROM "{key["parent"]}" p'
                f' WHERE p."{key["parent_col"]}" = c."{key["col"]}")')
            if orphans:
                problems.append(
                    f"foreign key: {key['child']}.{key['col']} -> {key['parent']}: {orphans} rows")
        return problems

    async def table_counts(self) -> dict[str, int]:
        names = [row[0] for row in await self.fetch_all(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            " AND tablename <> 'schema_version' ORDER BY tablename")]
        return {name: int(await self.fetch_value(f'SELECT COUNT(*) FROM "{name}"'))  # noqa: S608
                for name in names}

    async def backup(self, dest: str | os.PathLike[str]) -> Path:
        raise NotOnThisEngine("back up PostgreSQL with pg_dump")

    async def close(self) -> None:
        await self.engine.dispose()


def driver_url(url: str) -> str:
    """postgresql:// or postgres:// (any driver named) -> SQLAlchemy's asyncpg URL."""
    scheme, rest = url.split("://", 1)
    if scheme.split("+", 1)[0] not in ("postgresql", "postgres"):
        raise ValueError(f"not a PostgreSQL URL: {scheme}://")
    return f"postgresql+asyncpg://{rest}"


async def open_postgres(url: str, *, migrate: bool = False, read_only: bool = False) -> PostgresDatabase:
    settings = {"default_transaction_read_only": "on"} if read_only else {}
    engine = create_async_engine(
        driver_url(url), pool_size=POOL_SIZE, max_overflow=POOL_SIZE, pool_pre_ping=False,
        connect_args={"server_settings": settings} if settings else {},
    )
    db = PostgresDatabase(engine, url, one_writer=not read_only)
    try:
        # Connect now, so a wrong URL fails here rather than in the first handler.
        async with engine.connect():
            pass
        if migrate:
            await db.migrate()
    except BaseException:
        await engine.dispose()
        raise
    return db
