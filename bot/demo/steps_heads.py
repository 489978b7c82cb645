"""Demo steps after publishing: acknowledge, the office's delivery report, progress, extension, /viec,
/tonghop."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.callbacks import Action
from bot.demo.cast import CHAIRMAN, HEAD_CULTURE, HEAD_ECONOMY, HEAD_POLICE, LEADERS, OFFICE
from bot.demo.morning import Morning, Unavailable
from bot.demo.stage import Button, Member, Stage
from messages.render import render

_TASK_ACTIONS = (Action.acknowledge, Action.progress, Action.done, Action.extension)


def _delivery(stage: Stage, member: Member) -> dict[str, Any]:
    """The head's newest message carrying task buttons: the notice's delivery to their unit."""
    for action in _TASK_ACTIONS:
        button = stage.button(member, action)
        if button is not None:
            return button.message
    raise Unavailable("no_delivery", member.label)


def _needs_publish(morning: Morning) -> None:
    if not morning.published:
        raise Unavailable("needs", render("demo/title.txt.j2", key="publish"))


async def acknowledge(stage: Stage, morning: Morning) -> None:
    _needs_publish(morning)
    head = stage.member(HEAD_CULTURE)
    button = stage.require_button(head, Action.acknowledge, "Đã nhận")
    await stage.press(head, button)


async def delivery_report(stage: Stage, morning: Morning) -> None:
    _needs_publish(morning)
    office = stage.member(OFFICE)
    button = stage.require_button(office, Action.delivery_report, "Cập nhật")
    await stage.press(office, button)


async def progress(stage: Stage, morning: Morning) -> None:
    _needs_publish(morning)
    head = stage.member(HEAD_ECONOMY)
    delivery = _delivery(stage, head)
    answers = await stage.say(head, "Đã xong 70%", reply_to=delivery)
    if not answers:
        raise Unavailable("no_answer", "Đã xong 70%")
    # A message with several tasks: the bot asks which one the reply was about; the first is meant.
    pick = stage.buttons_in(answers, Action.pick_task)
    if pick:
        await stage.press(head, pick[0])


async def extension(stage: Stage, morning: Morning) -> None:
    _needs_publish(morning)
    head = stage.member(HEAD_POLICE)
    button = stage.require_button(head, Action.extension, "Xin gia hạn")
    new_date = (morning.today + timedelta(days=24)).strftime("%d/%m/%Y")
    await _answer_prompt(stage, head, button, render("demo/extension_reason.txt.j2", new_date=new_date))
    for leader in (stage.member(role) for role in reversed(LEADERS)):
        approve = stage.button(leader, Action.approve_extension)
        if approve is not None:
            await stage.press(leader, approve)
            return
    raise Unavailable("no_button", "Duyệt")


async def done(stage: Stage, morning: Morning) -> None:
    _needs_publish(morning)
    head = stage.member(HEAD_CULTURE)
    button = stage.require_button(head, Action.done, "Hoàn thành")
    await _answer_prompt(stage, head, button, render("demo/done_note.txt.j2"))


async def _answer_prompt(stage: Stage, head: Member, button: Button, text: str) -> None:
    """Press a button that asks for text (a ForceReply prompt) and reply to the prompt with `text`."""
    answers = await stage.press(head, button)
    prompt = next((r.message for r in answers
                   if r.chat_id == head.chat_id and (r.reply_markup or {}).get("force_reply")), None)
    if prompt is None:
        raise Unavailable("no_answer", button.text)
    await stage.say(head, text, reply_to=prompt)


async def my_tasks(stage: Stage, morning: Morning) -> None:
    if not await stage.say(stage.member(HEAD_POLICE), "/viec"):
        raise Unavailable("no_answer", "/viec")


async def digest(stage: Stage, morning: Morning) -> None:
    if not await stage.say(stage.member(CHAIRMAN), "/tonghop"):
        raise Unavailable("no_answer", "/tonghop")
