from __future__ import annotations

import os
from datetime import date

import pytest

from bot.config import Settings
from tests.postgres import empty_postgres
from tests.reminders_flow.world import World, at


@pytest.fixture
def settings(tmp_path, monkeypatch) -> Settings:
    for name in list(os.environ):
        if name.startswith("DONDOC_"):
            monkeypatch.delenv(name)
    return Settings(_env_file=None, db_path=tmp_path / "dondoc.sqlite3")


@pytest.fixture(params=["sqlite"])
async def world(request, settings):
    """The seeded office, in a SQLite file; with tests.postgres.on_both_engines("world"), in the tests'
    PostgreSQL database too (marked postgres)."""
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres_url")
        await (await empty_postgres(url)).close()
        settings = settings.model_copy(update={"database_url": url})
    built = World(settings.database, settings)
    await built.setup(at(date(2026, 6, 3), "09:00"))
    yield built
    await built.close()
