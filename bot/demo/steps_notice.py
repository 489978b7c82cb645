"""Demo steps of the office's notice: upload, preview, mapping the unknown unit, publishing."""

from __future__ import annotations

from bot.callbacks import Action
from bot.demo.cast import HEADS, OFFICE, UNKNOWN_UNIT_MAPS_TO
from bot.demo.morning import Morning, Unavailable
from bot.demo.notice import sample_notice
from bot.demo.stage import Expectation, Member, Stage
from bot.testing import RecordedRequest

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _message_to(office: Member) -> Expectation:
    """An upload is read outside the bot's update queue (the intake handler does not block it), so the
    update counts as handled before the file is read: the step waits for the bot's message to the
    office instead, the preview or why there is none. The sample is a .docx, which sends no scan
    progress before that."""

    def answered(answers: list[RecordedRequest]) -> bool:
        return any(r.method == "sendMessage" and r.chat_id == office.chat_id for r in answers)

    return answered


async def intake(stage: Stage, morning: Morning) -> None:
    office = stage.member(OFFICE)
    notice = sample_notice(morning.today)
    answers = await stage.act(
        office, lambda p: p.send_document(notice.docx, notice.file_name, DOCX_MIME),
        expect=_message_to(office), action="file", file_name=notice.file_name,
    )
    if not answers:
        raise Unavailable("no_answer", notice.file_name)
    if stage.button(office, Action.publish) is None:
        raise Unavailable("no_button", "Gửi")


async def map_unit(stage: Stage, morning: Morning) -> None:
    if stage.button(stage.member(OFFICE), Action.publish) is None:
        raise Unavailable("needs", "Văn phòng gửi tệp thông báo kết luận")
    office = stage.member(OFFICE)
    target = morning.unit_ids[UNKNOWN_UNIT_MAPS_TO]
    # map:<notice_id>:<name_index>:<unit_id> — the button that places the unknown name in the target unit.
    button = next((b for b in stage.buttons(office, Action.map_unit) if b.callback.ids[-1] == target), None)
    if button is None:
        raise Unavailable("no_button", UNKNOWN_UNIT_MAPS_TO)
    await stage.press(office, button)


def _report_redrawn(office: Member) -> Expectation:
    """Gửi replaces the preview with the delivery report while the press is handled, then the bot
    sends the first batch and redraws the report in the background (bot/handlers/delivery.py): the step
    ends on that second edit. No edit at all means the press was refused, and nothing more will come."""

    def redrawn(answers: list[RecordedRequest]) -> bool:
        edits = sum(r.method == "editMessageText" and r.chat_id == office.chat_id for r in answers)
        return edits != 1

    return redrawn


async def publish(stage: Stage, morning: Morning) -> None:
    office = stage.member(OFFICE)
    button = stage.button(office, Action.publish)
    if button is None:
        raise Unavailable("needs", "Văn phòng gửi tệp thông báo kết luận")
    await stage.press(office, button, expect=_report_redrawn(office))
    heads = [stage.member(head) for head in HEADS]
    if not any(stage.button(head, Action.acknowledge) or stage.messages_to(head) for head in heads):
        raise Unavailable("no_delivery", ", ".join(head.label for head in heads))
    morning.published = True
