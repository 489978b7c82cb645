"""Why SQLite stays on aiosqlite directly: the same reads through storage.db (today's path) and through
SQLAlchemy 2's AsyncEngine over aiosqlite (what PostgreSQL uses, with asyncpg).

    python bench/sqlite_layer.py [--rows 50000]

Prints, for each path, the median (min, max) of 1,000 one-row reads by id and of one read of every row
made into dicts, on a temporary database.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import StaticPool

from storage.db import open_database


def _figure(times: list[float]) -> str:
    return f"median {statistics.median(times):7.1f} ms (min {min(times):.1f}, max {max(times):.1f})"


async def _timed(runs: int, work) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        await work()
        times.append((time.perf_counter() - start) * 1000)
    return times


async def main(rows: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "layer.sqlite3"
        db = await open_database(path, migrate=True)
        async with db.transaction():
            await db.execute_many("INSERT INTO audit (at, action, entity, before) VALUES (?, ?, ?, ?)",
                                  [("2026-01-01T00:00:00.000000+00:00", "a", "e", "x" * 40)] * rows)
        engine = create_async_engine(f"sqlite+aiosqlite:///{path}", poolclass=StaticPool)
        conn = await engine.connect()
        by_id = text("SELECT * FROM audit WHERE id = :id")

        async def ours_one() -> None:
            for i in range(1, 1001):
                await db.fetch_one("SELECT * FROM audit WHERE id = ?", (i,))

        async def theirs_one() -> None:
            for i in range(1, 1001):
                (await conn.execute(by_id, {"id": i})).fetchone()

        async def ours_all() -> None:
            [dict(row) for row in await db.fetch_all("SELECT * FROM audit")]

        async def theirs_all() -> None:
            [dict(row._mapping) for row in (await conn.execute(text("SELECT * FROM audit"))).fetchall()]

        print(f"1,000 one-row reads   storage.db (aiosqlite)     {_figure(await _timed(7, ours_one))}")
        print(f"1,000 one-row reads   SQLAlchemy over aiosqlite  {_figure(await _timed(7, theirs_one))}")
        print(f"{rows:,} rows as dicts storage.db (aiosqlite)     {_figure(await _timed(5, ours_all))}")
        print(f"{rows:,} rows as dicts SQLAlchemy over aiosqlite  {_figure(await _timed(5, theirs_all))}")
        await conn.close()
        await engine.dispose()
        await db.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    asyncio.run(main(parser.parse_args().rows))
