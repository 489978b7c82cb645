"""The environment of a real `dondoc run` process pointed at a fake Bot API (tests and benches)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from bot.testing.fake_bot_api import FakeBotApi

CODE = Path(__file__).resolve().parents[2]
LISTEN_POLL_SECONDS = 0.05


def bot_env(api: FakeBotApi, *, token: str, home: Path | str, db_path: Path | str,
            code: Path | str = CODE, **settings: str) -> dict[str, str]:
    """The caller's environment without its own DONDOC_* settings (a developer's token or database must
    not leak into the child), the code on PYTHONPATH, and `settings` (DONDOC_… = value) on top."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DONDOC_")}
    env.update(PYTHONPATH=str(code), HOME=str(home), DONDOC_DB_PATH=str(db_path), DONDOC_TELEGRAM_TOKEN=token,
               DONDOC_TELEGRAM_API_URL=api.base_url, DONDOC_TELEGRAM_FILE_URL=api.base_file_url)
    env.update(settings)
    return env


async def wait_listening(port: int, within: float) -> None:
    """Return once something accepts connections on 127.0.0.1:`port` (another process's socket: nothing to
    wait on but trying), or fail after `within` seconds."""
    for _ in range(int(within / LISTEN_POLL_SECONDS)):
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(LISTEN_POLL_SECONDS)
            continue
        writer.close()
        return
    raise AssertionError(f"nothing listens on port {port}")
