"""kill -9 after the office pressed Gửi: the real `python -m bot run` process against the fake Bot API.
The press was stored and confirmed to Telegram but not yet handled (the office's chat was still busy with
its previous update); the restarted process replays it: the notice is published once, the office sees
the delivery report (though Telegram refuses the late answer to the press), and each head gets their
message once."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections import Counter
from pathlib import Path

from bot.testing import WAIT, FakeBotApi, FakeUser, Person
from bot.testing.api_errors import ApiError
from bot.testing.process import bot_env
from storage.db import open_database
from storage.models import NoticeStatus
from storage.repositories import FIRST_TENANT, Repositories
from tests.bot.notice_helpers import OFFICE_ID, make_ward, press_and_wait, show_written
from tests.notices import KH_118

TOKEN = "123456:INBOX"


async def _start(tmp_path: Path, api: FakeBotApi) -> asyncio.subprocess.Process:
    env = bot_env(api, token=TOKEN, home=tmp_path, db_path=tmp_path / "db.sqlite3",
                  DONDOC_SEND_RATE_PER_CHAT="50", DONDOC_OUTBOX_INTERVAL_SECONDS="0.2")
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )


async def test_a_press_of_gui_stored_before_a_kill_9_is_published_once_by_the_next_start(tmp_path):
    db = await open_database(tmp_path / "db.sqlite3", migrate=True)
    repos = Repositories(db, FIRST_TENANT)
    try:
        ward = await make_ward(repos)
        async with FakeBotApi(token=TOKEN) as api:
            office = Person(api, FakeUser(OFFICE_ID, "Hà"))
            process = await _start(tmp_path, api)
            try:
                preview = await show_written(api, office, repos, ward, KH_118)
                notice_id = (await repos.notices.list_recent(1))[0].id
                await press_and_wait(api, office, preview, button="1 ➕ Tạo đơn vị mới")

                # The office's chat is busy: its /start's answer hangs at Telegram, so the press of Gửi
                # right after it waits its turn (bot.update_order) once it has arrived.
                api.hold("sendMessage", chat_id=OFFICE_ID)
                office.send("/start")
                await api.wait_for("sendMessage", chat_id=OFFICE_ID)
                press = office.press(preview, button="Gửi")
                update_id = press.update["update_id"]
                await api.wait_for("getUpdates", lambda r: int(r.params.get("offset") or 0) > update_id)
                stored = await db.fetch_value(
                    "SELECT COUNT(*) FROM handled_updates WHERE update_id = ? AND done_at IS NULL",
                    (update_id,))
                assert stored == 1  # Telegram was told it arrived; it is not handled yet
            finally:
                process.send_signal(signal.SIGKILL)
                await process.wait()
            assert (await repos.notices.get(notice_id)).status is NoticeStatus.draft  # lost, before

            # Telegram refuses a late answer to the replayed press: harmless, the press still counts.
            api.fail_next("answerCallbackQuery", ApiError(
                400, "Bad Request: query is too old and response timeout expired or query ID is invalid"))
            mark = api.mark()
            process = await _start(tmp_path, api)
            try:
                report = await api.wait_for("editMessageText", lambda r: r.result is not None, 2 * WAIT,
                                            chat_id=OFFICE_ID, since=mark)  # the delivery report
                heads = {head.chat_id for name, head in ward.heads.items() if ward.receiving(KH_118, name)}
                await api.until(lambda: heads <= {r.chat_id for r in api.requests("sendMessage")
                                                  if r.result is not None}, within=WAIT)
                await asyncio.sleep(1.0)  # room for a repeat to show
            finally:
                process.send_signal(signal.SIGTERM)
                _, err = await asyncio.wait_for(process.communicate(), WAIT)
        assert process.returncode == 0, err.decode()
        assert report is not None
        refused = next(r for r in api.log_requests[mark:] if r.method == "answerCallbackQuery")
        assert refused.error is not None  # the late answer to the replayed press
        notice = await repos.notices.get(notice_id)
        assert notice is not None and notice.status is NoticeStatus.published
        per_head = Counter(r.chat_id for r in api.requests("sendMessage") if r.chat_id in heads and r.result)
        texts = Counter((r.chat_id, r.params["text"]) for r in api.requests("sendMessage")
                        if r.chat_id in heads and r.result)
        assert set(per_head) == heads
        assert max(texts.values()) == 1  # nobody got the same message twice
    finally:
        await db.close()
