"""Whole flows over the wire (fake Bot API, the real Application) with the bot's database on PostgreSQL:
the same tests as on SQLite, collected again here with `settings` pointing at the tests' server.

A person registers from an invite, the office publishes a notice and every head receives exactly their
unit's tasks, a head acknowledges, and a progress reply is stored: each step writes and reads through
storage.postgres, the outbox included.
"""

from __future__ import annotations

import pytest

from bot.config import Settings
from storage.repositories import FIRST_TENANT
from tests.bot.test_progress import (  # noqa: F401 - collected again on PostgreSQL
    one_task,
    test_a_percent_above_one_hundred_is_refused_and_nothing_stored,
    test_a_reply_to_a_message_with_several_tasks_asks_which_and_lands_on_the_choice,
    test_a_text_reply_is_stored_as_progress_and_confirmed,
)
from tests.bot.test_publish_delivery import (  # noqa: F401 - collected again on PostgreSQL
    test_a_blocked_head_is_reported_to_the_office_and_marked_unreachable,
    test_acknowledge_marks_the_units_assignments_and_turns_the_button,
    test_each_head_receives_exactly_its_units_tasks_from_an_uploaded_notice,
)
from tests.bot.test_registration import (  # noqa: F401 - collected again on PostgreSQL
    test_a_forged_token_or_confirm_button_registers_nobody,
    test_office_invites_a_head_who_registers_by_confirming,
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
