"""A parse that waits, in the worker process, until the test lets it go: a long notice being read, without
a timer. Module-level so the worker process can import it."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from bot.parser import parse_notice
from bot.testing import WAIT


def parse_when_told(gate: str, text: str, **kwargs: Any) -> Any:
    Path(f"{gate}.started").touch()
    # Another process's file: nothing to wait on but looking, up to the generous ceiling.
    deadline = time.monotonic() + WAIT
    while not Path(gate).exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    return parse_notice(text, **kwargs)
