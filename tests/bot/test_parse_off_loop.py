"""Reading a notice does not stop the bot answering everyone else: while the office's long notice is
being parsed, another person's button press is answered."""

from __future__ import annotations

import asyncio
import functools

from bot.callbacks import Action, make
from bot.services import intake
from bot.testing import WAIT
from storage.repositories import FIRST_TENANT
from tests.bot import gated_parse
from tests.bot.notice_helpers import OFFICE_ID, make_ward
from tests.notices import KH_118


async def _appears(path, within=WAIT):
    # A file the worker process writes: nothing to wait on but looking, up to the generous ceiling.
    for _ in range(int(within / 0.02)):
        if path.exists():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"{path} never appeared")


async def test_a_press_is_answered_while_a_notice_is_being_parsed(
    running_app, fake_api, person, tmp_path, monkeypatch
):
    await make_ward(running_app.bot_data.repos_for(FIRST_TENANT))
    gate = tmp_path / "parse-may-finish"
    monkeypatch.setattr(intake, "parse_notice", functools.partial(gated_parse.parse_when_told, str(gate)))
    office = person(OFFICE_ID, "Hà")
    pasted = office.send(KH_118.text)
    await _appears(tmp_path / "parse-may-finish.started")

    stranger = person(5301, "Khánh")
    prompt = await stranger.ask("/start")
    answer = await stranger.press(prompt.message, data=make(Action.delivery_report, 1)).answered()

    assert answer.params["show_alert"] is True  # a stranger is refused, and told so at once
    assert fake_api.requests("sendMessage", chat_id=OFFICE_ID) == []  # the parse is still going
    gate.touch()
    preview = await pasted.reply()
    assert "Bản xem trước thông báo số 118/KH-UBND" in preview.params["text"]
