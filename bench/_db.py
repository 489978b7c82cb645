"""The storage bench's database, shared by the benches that time services over it (digest, reminders).

Imported as `_db` by those scripts: running `python bench/<name>.py` puts bench/ on sys.path.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import sqlite3
import time
from pathlib import Path
from types import ModuleType

from storage.db import open_database

ROOT = Path(__file__).resolve().parents[1]


def storage_bench() -> ModuleType:
    # bench/storage.py shares its name with the `storage` package: load it by path.
    spec = importlib.util.spec_from_file_location("bench_storage", ROOT / "bench" / "storage.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def database_arguments(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--db", type=Path, default=None, help="database file (reused if already filled)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args()


async def fill_unless_filled(path: Path, bench: ModuleType, args: argparse.Namespace) -> None:
    """Migrate `path`, then fill it with the storage bench's filler unless it already holds tasks."""
    db = await open_database(path, migrate=True)
    filled = await db.fetch_value("SELECT COUNT(*) FROM tasks")
    await db.close()
    if filled:
        print(f"reusing {path}: {filled:,} tasks")
        return
    started = time.perf_counter()
    with sqlite3.connect(path) as conn:
        counts = bench.fill(conn, args.tasks, args.units, random.Random(args.seed))
        conn.execute("ANALYZE")
    conn.close()
    print(f"filled {path} in {time.perf_counter() - started:.1f} s: "
          + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
