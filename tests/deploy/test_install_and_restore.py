"""What the Dockerfile runs, and what an operator does after a bad day, done for real.

The dev machines have no Docker engine, so the image's one install step, deploy/install.sh, is run
here into a fresh prefix: a non-editable install that must carry its templates and migrations.
"""

import os
import shutil
import sqlite3
import subprocess
import sys
from importlib import metadata
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
    version = subprocess.run([str(dondoc), "--version"], capture_output=True, text=True, check=False,
                             env=env, cwd=tmp_path)
    assert done.stdout.strip() == f"Đã cài dondoc vào {prefix}."
    assert version.stdout.strip() == f"dondoc {metadata.version('dondoc')}"  # from the installed metadata
    assert migrate.returncode == 0, migrate.stderr
    assert check.returncode == 0, check.stderr
    assert no_token.returncode == 2
    assert "@BotFather" in no_token.stderr and "Traceback" not in no_token.stderr


def _python_like(tmp_path: Path, name: str, sitecustomize: str, **modules: str) -> Path:
    """The real interpreter, made to look older or to lack a module, behind a wrapper script."""
    fake = tmp_path / name
    fake.mkdir()
    (fake / "sitecustomize.py").write_text(sitecustomize)
    for module, source in modules.items():
        (fake / f"{module}.py").write_text(source)
    wrapper = fake / "python"
    wrapper.write_text(f'#!/bin/sh\nPYTHONPATH="{fake}" exec "{sys.executable}" "$@"\n')
    wrapper.chmod(0o755)
    return wrapper


def _install_with(tmp_path: Path, python: Path | str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DONDOC_", "VIRTUAL_ENV", "PYTHON"))}
    env.update(DONDOC_PREFIX=str(tmp_path / "prefix"), PYTHON=str(python), HOME=str(tmp_path))
    return subprocess.run(["sh", str(REPO / "deploy" / "install.sh"), str(REPO)], capture_output=True,
                          text=True, timeout=60, check=False, env=env, cwd=tmp_path)


@pytest.mark.skipif(shutil.which("sh") is None, reason="no POSIX shell")
def test_the_install_script_refuses_a_python_too_old_or_without_venv_in_one_line(tmp_path):
    old = _python_like(tmp_path, "old", "import sys\nsys.version_info = (3, 10, 12, 'final', 0)\n")
    no_venv = _python_like(tmp_path, "no-venv", "", ensurepip="raise ImportError('no python3-venv')")

    too_old = _install_with(tmp_path, old)
    without_venv = _install_with(tmp_path, no_venv)
    missing = _install_with(tmp_path, tmp_path / "python3.11")

    assert too_old.returncode == without_venv.returncode == missing.returncode == 1
    assert too_old.stderr == (
        f"dondoc cần Python 3.11 trở lên, nhưng {old} là Python 3.10.12: hãy cài Python mới hơn rồi chạy lại"
        " với PYTHON=/đường/dẫn/python3.11 (hoặc mới hơn).\n"
    )
    assert without_venv.stderr.startswith(f"{no_venv} không tạo được môi trường ảo (thiếu venv/ensurepip)")
    assert "apt install python3-venv" in without_venv.stderr
    assert missing.stderr.startswith(f"Không tìm thấy {tmp_path / 'python3.11'}: dondoc cần Python 3.11")
    assert all(len(done.stderr.splitlines()) == 1 for done in (too_old, without_venv, missing))
    assert not (tmp_path / "prefix").exists()


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
