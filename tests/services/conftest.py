"""Fixtures for service tests: a migrated database file per test and its repositories."""

from __future__ import annotations

import pytest

from storage.db import open_database
from storage.repositories import FIRST_TENANT, Repositories


@pytest.fixture
async def repos(tmp_path):
    database = await open_database(tmp_path / "dondoc.sqlite3", migrate=True)
    yield Repositories(database, FIRST_TENANT)
    await database.close()
