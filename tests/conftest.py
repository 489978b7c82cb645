"""Suite-wide: the periodic jobs must not depend on when CI happens to run."""

from datetime import UTC, datetime

import pytest

from bot.services import reminders

pytest_plugins = ["tests.postgres", "tests.sqlite_template"]

# Sunday 08/11/2026, 03:00 in Hà Nội: a day off, outside the send window. No reminder or digest is
# ever due at this moment, so flow tests see only the messages their own steps cause.
QUIET_MOMENT = datetime(2026, 11, 7, 20, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def quiet_job_clock(monkeypatch):
    """Jobs read the clock through reminders.utc_now; tests of the jobs patch it again themselves."""
    monkeypatch.setattr(reminders, "utc_now", lambda: QUIET_MOMENT)
