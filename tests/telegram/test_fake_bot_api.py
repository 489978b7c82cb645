"""The fake server behaves like the Bot API as PTB sees it, so flow tests over it mean something."""

import asyncio

import pytest
from telegram import Bot, Update
from telegram.error import BadRequest, ChatMigrated, Forbidden, InvalidToken, NetworkError, RetryAfter

from bot.testing import ApiError, FakeUser
from tests.telegram.conftest import TEST_TOKEN

LAN = FakeUser(1001, "Lan", username="lan_tp")


@pytest.fixture
async def bot(fake_api):
    async with Bot(TEST_TOKEN, base_url=fake_api.base_url, base_file_url=fake_api.base_file_url) as bot:
        yield bot


async def test_get_updates_hands_out_pushed_updates_until_confirmed_by_offset(fake_api, bot):
    fake_api.push_update(fake_api.text_message(LAN, "/start abc"))
    fake_api.push_update(fake_api.text_message(LAN, "xin chào"))

    first = await bot.get_updates()
    again = await bot.get_updates()
    confirmed = await bot.get_updates(offset=first[-1].update_id + 1)

    assert [u.message.text for u in first] == ["/start abc", "xin chào"]
    assert [u.update_id for u in again] == [u.update_id for u in first]
    assert confirmed == ()
    assert first[0].message.entities[0].type == "bot_command"
    assert first[0].message.entities[0].length == len("/start")
    assert first[0].message.message_id + 1 == first[1].message.message_id


async def test_long_polling_returns_as_soon_as_an_update_arrives(fake_api, bot):
    async def push_once_polled():
        await fake_api.wait_for("getUpdates")  # the long poll is waiting on the server
        fake_api.push_update(fake_api.text_message(LAN, "muộn"))

    pusher = asyncio.create_task(push_once_polled())
    updates = await asyncio.wait_for(bot.get_updates(timeout=30), 20)  # far below the poll's 30 s
    await pusher

    assert [u.message.text for u in updates] == ["muộn"]


@pytest.mark.parametrize(
    ("error", "raised", "check"),
    [
        (ApiError.blocked(), Forbidden, lambda e: "blocked by the user" in e.message),
        (ApiError.chat_not_found(), BadRequest, lambda e: e.message == "Chat not found"),
        (ApiError.flood(3), RetryAfter, lambda e: "Retry in 3" in e.message),
        (ApiError.bad_gateway(), NetworkError, lambda e: e.message == "Bad Gateway"),
        (ApiError.migrated(-100777), ChatMigrated, lambda e: e.new_chat_id == -100777),
    ],
)
async def test_injected_errors_reach_ptb_as_telegrams_own(fake_api, bot, error, raised, check):
    fake_api.fail_next("sendMessage", error, chat_id=LAN.id)

    with pytest.raises(raised) as caught:
        await bot.send_message(LAN.id, "thử")
    sent = await bot.send_message(LAN.id, "lần hai")

    assert check(caught.value)
    assert sent.text == "lần hai"
    assert [r.error is not None for r in fake_api.requests("sendMessage", chat_id=LAN.id)] == [True, False]


async def test_a_wrong_token_is_refused(fake_api):
    with pytest.raises(InvalidToken):
        async with Bot("999:WRONG", base_url=fake_api.base_url):
            pass


async def test_sent_messages_are_real_messages_with_increasing_ids_and_echoed_keyboards(fake_api, bot):
    keyboard = {"inline_keyboard": [[{"text": "Đã nhận", "callback_data": "ack:1"}]]}
    fake_api.push_update(fake_api.text_message(LAN, "/viec"))
    first = await bot.send_message(LAN.id, "<b>Việc</b> &amp; hạn", parse_mode="HTML",
                                   reply_markup=_markup(keyboard))
    second = await bot.send_message(LAN.id, "tiếp")

    assert (first.message_id, second.message_id) == (2, 3)  # the user's message was 1
    assert first.from_user.id == 123456 and first.from_user.is_bot
    assert first.chat.type == "private"
    request = fake_api.requests("sendMessage")[0]
    assert request.params["reply_markup"] == keyboard
    assert fake_api.sent_messages(LAN.id)[0]["reply_markup"] == keyboard


async def test_html_that_telegram_would_refuse_is_refused(fake_api, bot):
    with pytest.raises(BadRequest, match="parse entities"):
        await bot.send_message(LAN.id, "Phòng <Kinh tế>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(LAN.id, "a" * 4097)
    assert fake_api.sent_messages(LAN.id) == []


async def test_edits_change_the_stored_message_and_an_identical_edit_is_refused(fake_api, bot):
    sent = await bot.send_message(LAN.id, "Bản nháp")
    edited = await bot.edit_message_text("Bản chính", chat_id=LAN.id, message_id=sent.message_id)

    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text("Bản chính", chat_id=LAN.id, message_id=sent.message_id)
    assert edited.text == "Bản chính" and edited.edit_date is not None
    assert fake_api.sent_messages(LAN.id)[0]["text"] == "Bản chính"


async def test_uploaded_documents_can_be_fetched_back_through_get_file(fake_api, bot):
    update = Update.de_json(
        fake_api.document_message(LAN, b"PK\x03\x04docx", "TB 12.docx", caption="Thông báo"), bot
    )
    file = await bot.get_file(update.message.document.file_id)

    assert bytes(await file.download_as_bytearray()) == b"PK\x03\x04docx"
    assert update.message.document.file_name == "TB 12.docx"
    assert update.message.caption == "Thông báo"


async def test_a_document_sent_by_the_bot_is_uploaded_and_recorded(fake_api, bot):
    message = await bot.send_document(LAN.id, b"%PDF report", filename="bao-cao.pdf", caption="Báo cáo")

    request = fake_api.requests("sendDocument")[0]
    assert request.uploads["document"].content == b"%PDF report"
    assert request.uploads["document"].filename == "bao-cao.pdf"
    assert message.document.file_name == "bao-cao.pdf"


async def test_factories_build_updates_ptb_understands(fake_api, bot):
    sent = await bot.send_message(LAN.id, "Nhiệm vụ 1", reply_markup=_markup(
        {"inline_keyboard": [[{"text": "Hoàn thành", "callback_data": "done:5"}]]}))
    reply = Update.de_json(fake_api.photo_message(LAN, b"jpeg", caption="70%", reply_to=sent.to_dict()), bot)
    original = fake_api.text_message(LAN, "đã xong 50%", reply_to=sent.to_dict())
    edited = Update.de_json(fake_api.edited_message(original, "đã xong 70%"), bot)
    press = Update.de_json(fake_api.callback_query(LAN, sent.to_dict(), "done:5"), bot)

    assert reply.message.reply_to_message.message_id == sent.message_id
    assert reply.message.photo[-1].file_id in fake_api.files
    assert edited.edited_message.text == "đã xong 70%"
    assert edited.edited_message.message_id == original["message"]["message_id"]
    assert press.callback_query.data == "done:5"
    assert press.callback_query.message.text == "Nhiệm vụ 1"
    assert await bot.answer_callback_query(press.callback_query.id)


def _markup(data):
    from telegram import InlineKeyboardMarkup

    return InlineKeyboardMarkup.de_json(data, None)


async def test_a_bot_reply_quotes_the_users_message(fake_api, bot):
    update = fake_api.push_update(fake_api.text_message(LAN, "Báo cáo tiến độ"))

    sent = await bot.send_message(LAN.id, "Đã ghi nhận", reply_to_message_id=update["message"]["message_id"])

    assert sent.reply_to_message.text == "Báo cáo tiến độ"
