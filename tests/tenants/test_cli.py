"""`dondoc tenant add|list|rename|settings` and `--tenant` on the commands that act on one committee."""

from __future__ import annotations

import asyncio
import os

import pytest

from storage.db import open_database
from storage.repositories import Deployment
from tests.cli import dondoc

UNITS = "units:\n  - name: Phòng Kinh tế\n    kind: department\n"


@pytest.fixture
def db_file(tmp_path, monkeypatch):
    for name in list(os.environ):
        if name.startswith("DONDOC_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    return tmp_path / "province.sqlite3"


def _tenants(path) -> list[tuple[int, str, str]]:
    async def read():
        db = await open_database(path)
        try:
            return [(t.id, t.name, t.kind.value) for t in await Deployment(db).tenants.all()]
        finally:
            await db.close()
    return asyncio.run(read())


def test_committees_are_added_listed_and_renamed(db_file):
    added = dondoc("tenant", "add", "UBND phường Bình", "--kind", "ward", "--db", db_file)
    assert added.returncode == 0 and "Đã tạo UBND phường Bình (mã 2)" in added.stdout
    assert "dondoc tenant invite 2" in added.stdout
    renamed = dondoc("tenant", "rename", "1", "UBND phường An", "--db", db_file)
    assert renamed.returncode == 0 and "UBND phường An" in renamed.stdout
    assert _tenants(db_file) == [(1, "UBND phường An", "other"), (2, "UBND phường Bình", "ward")]
    listed = dondoc("tenant", "list", "--db", db_file).stdout
    assert "1  UBND phường An" in listed and "2  UBND phường Bình (phường," in listed
    nobody = dondoc("tenant", "rename", "9", "Không có", "--db", db_file)
    assert "Không có Ủy ban mã 9" in nobody.stdout and len(_tenants(db_file)) == 2
    assert dondoc("tenant", "add", "  ", "--db", db_file).returncode == 2


def test_with_several_committees_a_command_must_name_one(db_file, tmp_path):
    directory = tmp_path / "units.yaml"
    directory.write_text(UNITS, encoding="utf-8")
    assert dondoc("units", "import", directory, "--db", db_file).returncode == 0  # the only one
    dondoc("tenant", "add", "UBND phường Bình", "--db", db_file)

    refused = dondoc("units", "import", directory, "--db", db_file)
    assert refused.returncode == 2 and "--tenant" in refused.stderr and "UBND phường Bình" in refused.stderr
    assert dondoc("units", "import", directory, "--tenant", "2", "--db", db_file).returncode == 0
    unknown = dondoc("units", "import", directory, "--tenant", "7", "--db", db_file)
    assert unknown.returncode == 2 and "Không có Ủy ban mã 7" in unknown.stderr
    assert dondoc("admin", "add", "123", "--tenant", "2", "--db", db_file).returncode == 0
    assert dondoc("admin", "add", "456", "--deployment", "--db", db_file).returncode == 0
    assert dondoc("admin", "add", "789", "--db", db_file).returncode == 2


def test_a_committees_own_policy_is_merged_over_the_deployments(db_file):
    dondoc("tenant", "add", "UBND phường Bình", "--db", db_file)
    changed = dondoc("tenant", "settings", "2", "reminders.window_start=08:30", "digests.office.at=07:00",
                     "--db", db_file)
    assert changed.returncode == 0 and '"window_start": "08:30"' in changed.stdout
    refused = dondoc("tenant", "settings", "2", "reminders.window_start=muộn", "--db", db_file)
    assert refused.returncode == 2 and "Không thay đổi gì" in refused.stderr
    shown = dondoc("tenant", "settings", "2", "reminders.window_start=", "--db", db_file).stdout
    assert "window_start" not in shown and '"at": "07:00"' in shown
