"""What the Dockerfile runs, and what an operator does after a bad day, done for real.

The dev machines have no Docker engine, so the image's one install step, deploy/install.sh, is run
here into a fresh prefix: a non-editable install that must carry its templates and migrations.
"""

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _dondoc(*args, env=None, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], capture_output=True, text=True, timeout=120, check=False,
        cwd=cwd or REPO, env=env,
    )


@pytest.mark.skipif(shutil.which("sh") is None, reason="no POSIX shell")
def test_the_image_install_script_gives_a_working_dondoc(tmp_path):
    prefix = tmp_path / "opt-dondoc"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DONDOC_", "VIRTUAL_ENV", "PYTHON"))}
    env.update(DONDOC_PREFIX=str(prefix), HOME=str(tmp_path))
    done = subprocess.run(["sh", str(REPO / "deploy" / "install.sh"), str(REPO)], capture_output=True,
                          text=True, timeout=600, check=False, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]

    dondoc = prefix / "bin" / "dondoc"
    db = tmp_path / "data" / "dondoc.sqlite3"
    db.parent.mkdir()
    # Run outside the checkout so only the installed package (not the source tree) is importable.
    migrate = subprocess.run([str(dondoc), "db", "migrate", "--db", str(db)], capture_output=True,
                             text=True, check=False, env=env, cwd=tmp_path)
    check = subprocess.run([str(dondoc), "db", "check", "--db", str(db)], capture_output=True, text=True,
                           check=False, env=env, cwd=tmp_path)
    no_token = subprocess.run([str(dondoc), "run"], capture_output=True, text=True, check=False, env=env,
                              cwd=tmp_path)
    assert migrate.returncode == 0, migrate.stderr
    assert check.returncode == 0, check.stderr
    assert no_token.returncode == 2
    assert "@BotFather" in no_token.stderr and "Traceback" not in no_token.stderr


def test_restoring_last_nights_backup_brings_back_exactly_that_state(tmp_path):
    """README's restore procedure: stop the bot, copy the backup over the database, check, start."""
    live, backup = tmp_path / "dondoc.sqlite3", tmp_path / "backups" / "dondoc-20261120.sqlite3"
    assert _dondoc("db", "migrate", "--db", str(live)).returncode == 0
    assert _dondoc("admin", "add", "111", "--db", str(live)).returncode == 0
    assert _dondoc("db", "backup", str(backup), "--db", str(live)).returncode == 0
    # After the backup, more happens (and then the live file is lost or damaged).
    assert _dondoc("admin", "add", "222", "--db", str(live)).returncode == 0
    live.write_bytes(b"\0" * 4096)
    for suffix in ("-wal", "-shm"):
        Path(f"{live}{suffix}").unlink(missing_ok=True)
    assert _dondoc("db", "check", "--db", str(live)).returncode != 0

    shutil.copyfile(backup, live)

    assert _dondoc("db", "check", "--db", str(live)).returncode == 0
    with sqlite3.connect(live) as conn:
        admins = [row[0] for row in conn.execute("SELECT telegram_user_id FROM people ORDER BY 1")]
    assert admins == [111]
