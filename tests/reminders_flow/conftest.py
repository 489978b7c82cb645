from __future__ import annotations

import os
from datetime import date

import pytest

from bot.config import Settings
from tests.reminders_flow.world import World, at


@pytest.fixture
def settings(tmp_path, monkeypatch) -> Settings:
    for name in list(os.environ):
        if name.startswith("DONDOC_"):
            monkeypatch.delenv(name)
    return Settings(_env_file=None, db_path=tmp_path / "dondoc.sqlite3")


@pytest.fixture
async def world(settings):
    built = World(settings.db_path, settings)
    await built.setup(at(date(2026, 6, 3), "09:00"))
    yield built
    await built.close()
