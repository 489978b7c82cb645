"""Fixtures for the bot's flow tests: the fake Bot API, hermetic settings, the running Application and
people (tests/telegram/conftest.py), plus small helpers each flow engineer adds below."""

from tests.telegram.conftest import *  # noqa: F403 - re-export the shared flow-test fixtures
