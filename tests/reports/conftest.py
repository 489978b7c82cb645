from tests.telegram.conftest import *  # noqa: F403 - re-export the shared flow-test fixtures
