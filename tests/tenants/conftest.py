"""Fixtures for the tenant tests: the shared flow-test fixtures (fake Bot API, the running Application
over its storage), the bot's storage on both engines (SQLite; PostgreSQL marked `postgres`, when the
tests have a server), and a migrated database per test."""

import pytest

from bot.config import Settings
from tests.postgres import ENGINES, empty_postgres
from tests.storage.conftest import db  # noqa: F401 - a migrated database per test, on both engines
from tests.telegram.conftest import *  # noqa: F403 - re-export the shared flow-test fixtures
from tests.telegram.conftest import settings as sqlite_settings  # noqa: F401 - the hermetic base


@pytest.fixture(params=ENGINES)
async def settings(request, sqlite_settings: Settings) -> Settings:  # noqa: F811
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres_url")
        await (await empty_postgres(url)).close()
        return sqlite_settings.model_copy(update={"database_url": url})
    return sqlite_settings
