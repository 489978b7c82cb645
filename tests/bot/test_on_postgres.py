"""One whole flow over the wire (fake Bot API, the real Application) with the bot's database on
PostgreSQL: the same test as on SQLite, collected again here with `settings` pointing at the tests' server.

The office publishes a notice and every head receives exactly their unit's tasks: intake, review,
publishing, the outbox and its links each write and read through storage.postgres. The other flows'
Python is the same on both engines and runs on SQLite; what differs per engine (each repository's SQL,
migrations, transactions and locks, workers, isolation, import) has its own PostgreSQL tests
(tests/storage, tests/workers, tests/tenants, tests/reminders_flow).
"""

from __future__ import annotations

import pytest

from bot.config import Settings
from storage.repositories import FIRST_TENANT
from tests.bot.test_publish_delivery import (  # noqa: F401 - collected again on PostgreSQL
    test_each_head_receives_exactly_its_units_tasks_from_an_uploaded_notice,
)
from tests.postgres import empty_postgres
from tests.telegram.conftest import settings as sqlite_settings  # noqa: F401 - the hermetic base

pytestmark = pytest.mark.postgres


@pytest.fixture
async def settings(sqlite_settings: Settings, postgres_url: str) -> Settings:  # noqa: F811
    await (await empty_postgres(postgres_url)).close()
    return sqlite_settings.model_copy(update={"database_url": postgres_url})


async def test_the_flows_here_run_on_postgresql(running_app):
    data = running_app.bot_data
    assert data.db.dialect == data.side_for(FIRST_TENANT).db.dialect == "postgresql"
