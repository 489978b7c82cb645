"""`dondoc db …` and `dondoc admin add` as an operator runs them, on a real file (in this process; the
backup test has a second process writing to the database)."""

from __future__ import annotations

import os
import select
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot.testing import WAIT
from storage.db import latest_version
from tests.cli import dondoc

ROOT = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent(
    """
    import asyncio, sys
    from datetime import UTC, datetime
    from storage.db import open_database
    from storage.repositories import FIRST_TENANT, Repositories

    async def main(path):
        db = await open_database(path)
        repos = Repositories(db, FIRST_TENANT)
        i = 0
        while True:
            now = datetime.now(UTC)
            async with db.transaction():
                await repos.outbox.enqueue(f"live:{i}", i, "text", {"text": "x" * 500}, now)
                await repos.people.upsert_from_telegram(10_000 + i, 10_000 + i, f"Người {i}", now)
            i += 1
            print(i, flush=True)

    asyncio.run(main(sys.argv[1]))
    """
)


def test_migrate_creates_the_database_and_a_second_run_changes_nothing(tmp_path):
    path = tmp_path / "data" / "dondoc.sqlite3"
    first = dondoc("db", "migrate", "--db", str(path))
    assert first.returncode == 0, first.stderr
    assert f"lên phiên bản {latest_version()}" in first.stdout and path.is_file()
    second = dondoc("db", "migrate", "--db", str(path))
    assert second.returncode == 0 and "không có gì thay đổi" in second.stdout


def test_database_path_comes_from_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "env.sqlite3"
    monkeypatch.setenv("DONDOC_DB_PATH", str(path))
    result = dondoc("db", "migrate")
    assert result.returncode == 0, result.stderr
    assert path.is_file() and str(path) in result.stdout


def test_admin_add_grants_the_admin_role_once(tmp_path):
    path = tmp_path / "admin.sqlite3"
    added = dondoc("admin", "add", "123456789", "--db", str(path))
    assert added.returncode == 0, added.stderr
    assert "Đã cấp quyền quản trị cho Telegram ID 123456789." in added.stdout
    again = dondoc("admin", "add", "123456789", "--db", str(path))
    assert again.returncode == 0 and "đã có quyền quản trị" in again.stdout
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT p.telegram_user_id, r.role FROM roles r JOIN people p ON p.id = r.person_id"
        ).fetchall()
    assert rows == [(123456789, "admin")]


def _commits(writer: subprocess.Popen[bytes], count: int) -> None:
    """Wait until the writer has committed `count` more transactions (it prints a line after each)."""
    assert writer.stdout is not None
    fd = writer.stdout.fileno()
    while count > 0:
        ready, _, _ = select.select([fd], [], [], WAIT)
        assert ready, "the writer stopped committing"
        chunk = os.read(fd, 65536)
        assert chunk, "the writer exited"
        count -= chunk.count(b"\n")


def test_backup_of_a_live_database_passes_check(tmp_path):
    path = tmp_path / "live.sqlite3"
    assert dondoc("db", "migrate", "--db", str(path)).returncode == 0
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], cwd=ROOT, stdout=subprocess.PIPE,
                              bufsize=0)
    try:
        _commits(writer, 20)
        backups = []
        for n in range(3):
            dest = tmp_path / "backups" / f"copy{n}.sqlite3"
            result = dondoc("db", "backup", str(dest), "--db", str(path))
            assert result.returncode == 0, result.stderr
            assert str(dest) in result.stdout
            backups.append(dest)
            _commits(writer, 20)  # so that the next copy has more
        assert writer.poll() is None, "the writer must still be running during the backups"
    finally:
        writer.terminate()
        writer.wait(timeout=WAIT)
    counts = []
    for dest in backups:
        check = dondoc("db", "check", "--db", str(dest))
        assert check.returncode == 0, check.stderr
        assert f"toàn vẹn, phiên bản lược đồ {latest_version()}/{latest_version()}" in check.stdout
        with sqlite3.connect(dest) as conn:
            counts.append(conn.execute("SELECT COUNT(*) FROM outbox").fetchone()[0])
            # every committed transaction is whole: one outbox row per person
            assert conn.execute("SELECT COUNT(*) FROM people").fetchone()[0] == counts[-1]
    assert counts[0] > 0 and counts == sorted(counts) and counts[-1] > counts[0]
    # the source itself is still healthy after the writer was killed
    assert dondoc("db", "check", "--db", str(path)).returncode == 0


@pytest.mark.parametrize("damage", ["garbage", "old_schema", "missing"])
def test_check_fails_on_a_damaged_outdated_or_missing_database(tmp_path, damage):
    path = tmp_path / "bad.sqlite3"
    if damage == "garbage":
        path.write_bytes(b"this is not a database" * 200)
    elif damage == "old_schema":
        sqlite3.connect(path).close()
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE t (x)")
    result = dondoc("db", "check", "--db", str(path))
    assert result.returncode == 1
    assert result.stdout == ""
    expected = {"garbage": "có vấn đề", "old_schema": "dondoc db migrate", "missing": "Không tìm thấy"}
    assert expected[damage] in result.stderr
    assert damage == "missing" or path.is_file()


def test_check_reports_a_corrupted_page(tmp_path):
    path = tmp_path / "corrupt.sqlite3"
    assert dondoc("db", "migrate", "--db", str(path)).returncode == 0
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.executemany("INSERT INTO days_off (tenant_id, day, reason, created_at) VALUES (1, ?, ?, 'x')",
                         [(f"2026-{m:02d}-{d:02d}", "r" * 200) for m in range(1, 13) for d in range(1, 29)])
    data = bytearray(path.read_bytes())
    page_size = 4096
    # scribble over the middle of the last page (table or index b-tree content)
    start = len(data) - page_size + 100
    data[start:start + 1500] = b"\xff" * 1500
    path.write_bytes(bytes(data))
    result = dondoc("db", "check", "--db", str(path))
    assert result.returncode == 1, result.stdout
    assert "có vấn đề" in result.stderr
