"""Button press -> answer latency of a real `dondoc run` at 50 presses/s, alone and while the bot runs a
reminder sweep and a leader's /tonghop over a large database (issue 11).

Not a test: it prints figures. One process run gives both figures, so the machine's noise hits them
alike: the presses of the first seconds after start, after a second of warm-up (nothing else running:
the baseline), and those from just before the first reminder sweep (bot.jobs.FIRST_SWEEP_SECONDS after
start), when a leader also asks /tonghop, until both are over.

    python bench/engine_press.py [--db PATH]    # default: the storage bench's 100,000-task database

The database is copied first (the bot records reminders and sends them): PATH is left as it was. The
bot talks to the fake Bot API (bot.testing.FakeBotApi) in this process, with production settings. Each
press is a head pressing "Đã nhận" under a notice of their unit (a database write and an answer); the
latency is from the update being handed to the bot's long poll to its answerCallbackQuery arriving.
`measure_press_p95(db_path)` is what bench/engine.py imports.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.callbacks import Action, make  # noqa: E402 - after the path set-up above
from bot.jobs import FIRST_SWEEP_SECONDS  # noqa: E402
from bot.testing import FakeBotApi, FakeUser  # noqa: E402
from bot.testing.process import bot_env  # noqa: E402

TOKEN = "777000:BENCHPRESS"
PRESSES_PER_SECOND = 50
WARMUP_SECONDS = 1.0  # first presses after start: templates compiled, lazy imports; not counted
BASELINE_SECONDS = FIRST_SWEEP_SECONDS - 4.0  # ends well before the first sweep
LOADED_MIN_SECONDS = 12.0  # at least this long from just before the sweep, and until /tonghop is answered
LEADER_TELEGRAM_ID = 990_000_001
PRESSERS = 200


@dataclass
class PressFigures:
    warmup_ms: list[float] = field(default_factory=list)
    baseline_ms: list[float] = field(default_factory=list)
    loaded_ms: list[float] = field(default_factory=list)
    tonghop_s: float | None = None
    lost: int = 0  # presses never answered

    @staticmethod
    def p95(values: list[float]) -> float:
        if len(values) < 2:
            return values[0] if values else float("nan")
        return statistics.quantiles(values, n=20, method="inclusive")[18]


def _copy(source: Path, dest: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(dest) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def _prepare(path: Path) -> list[tuple[int, int, int]]:
    """Press targets (telegram user id, notice id, unit id) of heads, and a leader for /tonghop."""
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT p.telegram_user_id, t.notice_id, a.unit_id FROM roles r"
            " JOIN people p ON p.id = r.person_id AND p.telegram_user_id IS NOT NULL"
            " JOIN assignments a ON a.unit_id = r.unit_id JOIN tasks t ON t.id = a.task_id"
            " JOIN notices n ON n.id = t.notice_id AND n.status = 'published'"
            " WHERE r.role = 'head' GROUP BY p.telegram_user_id LIMIT ?", (PRESSERS,)).fetchall()
        now = datetime.now(UTC).isoformat()
        cursor = conn.execute(
            "INSERT INTO people (telegram_user_id, chat_id, display_name, created_at, updated_at)"
            " VALUES (?, ?, 'Chủ tịch', ?, ?) ON CONFLICT DO NOTHING",
            (LEADER_TELEGRAM_ID, LEADER_TELEGRAM_ID, now, now))
        if cursor.rowcount:
            conn.execute("INSERT INTO roles (tenant_id, person_id, role, unit_id, granted_at)"
                         " VALUES (1, ?, 'leader', NULL, ?)", (cursor.lastrowid, now))
    conn.close()
    if not rows:
        raise SystemExit(f"{path}: no head of a published notice's unit to press with")
    return [(int(u), int(n), int(unit)) for u, n, unit in rows]


async def _press_for(fake: FakeBotApi, targets: list[tuple[int, int, int]], seconds: float,
                     figures: PressFigures, until: asyncio.Future[object] | None = None) -> list[float]:
    """Press at PRESSES_PER_SECOND for `seconds` (and until `until` is done); latencies in ms of the
    answered presses (the others are counted in figures.lost)."""
    loop = asyncio.get_running_loop()
    pushed: list[tuple[str, float]] = []
    started = loop.time()
    number = 0
    while loop.time() - started < seconds or (until is not None and not until.done()):
        user_id, notice_id, unit_id = targets[number % len(targets)]
        data = make(Action.acknowledge, notice_id, unit_id)
        button = {"text": "Đã nhận", "callback_data": data}
        message = fake.store_bot_message(user_id, text="Thông báo",
                                         reply_markup={"inline_keyboard": [[button]]})
        update = fake.callback_query(FakeUser(user_id, "Trưởng"), message, data)
        fake.push_update(update)
        pushed.append((update["callback_query"]["id"], time.time()))
        number += 1
        await asyncio.sleep(max(0.0, started + number / PRESSES_PER_SECOND - loop.time()))
    ids = {query_id for query_id, _ in pushed}

    def answered() -> dict[str, float]:
        return {r.params["callback_query_id"]: r.at.timestamp() for r in fake.requests("answerCallbackQuery")
                if r.params.get("callback_query_id") in ids}

    with contextlib.suppress(TimeoutError):
        await fake.until(lambda: len(answered()) == len(ids), within=60)
    at = answered()
    figures.lost += len(ids) - len(at)
    return [(at[query_id] - sent) * 1000 for query_id, sent in pushed if query_id in at]


async def measure(db_path: str) -> PressFigures:
    figures = PressFigures()
    with tempfile.TemporaryDirectory(prefix="dondoc-press-") as tmp:
        path = Path(tmp) / "press.sqlite3"
        _copy(Path(db_path), path)
        targets = _prepare(path)
        async with FakeBotApi(token=TOKEN) as fake:
            # The window spans the whole day, as in bench/engine.py: otherwise, outside 07:30-17:00, the
            # first sweep finds nothing to do and the figure measures /tonghop alone.
            env = bot_env(fake, token=TOKEN, home=tmp, db_path=path, DONDOC_LOG_LEVEL="WARNING", PYTHONPATH="/tmp/lagmon:/work/wt-engine", LAGMON_OUT="/tmp/lag.log",
                          DONDOC_REMINDERS__WINDOW_START="00:00", DONDOC_REMINDERS__WINDOW_END="23:59:59")
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", cwd=tmp, env=env,
                stdout=asyncio.subprocess.DEVNULL, stderr=open("/tmp/press_stderr.log", "w"))
            try:
                await fake.wait_for("getUpdates", timeout=120)
                loop = asyncio.get_running_loop()
                ready = loop.time()
                figures.warmup_ms = await _press_for(fake, targets, WARMUP_SECONDS, figures)
                figures.baseline_ms = await _press_for(fake, targets, BASELINE_SECONDS, figures)
                await asyncio.sleep(max(0.0, ready + FIRST_SWEEP_SECONDS - 1.0 - loop.time()))
                leader = FakeUser(LEADER_TELEGRAM_ID, "Chủ tịch")
                mark = fake.mark()
                asked = time.time()
                fake.push_update(fake.text_message(leader, "/tonghop"))
                tonghop = asyncio.ensure_future(
                    fake.wait_for("sendMessage", chat_id=LEADER_TELEGRAM_ID, since=mark, timeout=300))
                figures.loaded_ms = await _press_for(fake, targets, LOADED_MIN_SECONDS, figures, tonghop)
                if tonghop.done() and not tonghop.exception():
                    figures.tonghop_s = tonghop.result().at.timestamp() - asked
            finally:
                process.send_signal(signal.SIGTERM)
                try:
                    await asyncio.wait_for(process.wait(), 60)
                except TimeoutError:
                    process.kill()
                    await process.wait()
    return figures


def measure_press_p95(db_path: str) -> float:
    """Press -> answer p95 in ms at 50 presses/s while a sweep and a /tonghop run (see the module).
    Callable from inside a running event loop too (bench/engine.py's main is a coroutine)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        figures = asyncio.run(measure(str(db_path)))
    else:
        with ThreadPoolExecutor(max_workers=1) as own_loop:
            figures = own_loop.submit(asyncio.run, measure(str(db_path))).result()
    # The in-run baseline beside the figure: the machine is shared, and both are hit by its noise alike.
    print(f"  presses: baseline p50 {statistics.median(figures.baseline_ms):.0f} ms,"
          f" p95 {PressFigures.p95(figures.baseline_ms):.0f} ms; during sweep + /tonghop"
          f" p50 {statistics.median(figures.loaded_ms):.0f} ms,"
          f" p95 {PressFigures.p95(figures.loaded_ms):.0f} ms"
          + (f"; /tonghop answered after {figures.tonghop_s:.1f} s" if figures.tonghop_s else "")
          + (f"; {figures.lost} never answered" if figures.lost else ""))
    return PressFigures.p95(figures.loaded_ms)


def _database() -> Path | None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None, help="a filled database (default: build one)")
    args = parser.parse_args()
    return args.db


def main() -> None:
    given = _database()
    with tempfile.TemporaryDirectory(prefix="dondoc-press-db-") as tmp:
        path = given
        if path is None:
            sys.path.insert(0, str(ROOT / "bench"))
            import _db

            path = Path(tmp) / "bench.sqlite3"
            args = type("Args", (), {"tasks": 100_000, "units": 500, "seed": 2026})()
            asyncio.run(_db.fill_unless_filled(path, _db.storage_bench(), args))
        cpu = time.process_time()
        figures = asyncio.run(measure(str(path)))
    base, loaded = figures.baseline_ms, figures.loaded_ms
    print(f"warm-up (not counted): {len(figures.warmup_ms)} presses, max {max(figures.warmup_ms):.0f} ms")
    print(f"baseline (nothing else running): {len(base)} presses, p50 {statistics.median(base):.0f} ms, "
          f"p95 {PressFigures.p95(base):.0f} ms, max {max(base):.0f} ms")
    print(f"during sweep + /tonghop: {len(loaded)} presses, p50 {statistics.median(loaded):.0f} ms, "
          f"p95 {PressFigures.p95(loaded):.0f} ms, max {max(loaded):.0f} ms"
          + (f"; /tonghop answered after {figures.tonghop_s:.1f} s" if figures.tonghop_s else ""))
    if figures.lost:
        print(f"{figures.lost} press(es) never answered within 60 s")
    print(f"bench process CPU {time.process_time() - cpu:.1f} s")
    print(f"press_p95_ms={PressFigures.p95(loaded):.0f} baseline_p95_ms={PressFigures.p95(base):.0f}")


if __name__ == "__main__":
    main()
