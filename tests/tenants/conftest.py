"""Fixtures for the tenant tests: the shared flow-test fixtures (fake Bot API, the running Application
over its storage) and two committees built in that storage."""

from tests.storage.conftest import db  # noqa: F401 - a migrated database per test
from tests.telegram.conftest import *  # noqa: F403 - re-export the shared flow-test fixtures
