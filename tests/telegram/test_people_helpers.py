"""The helpers flow tests use, exercised through the real Application: buttons, files, edits, replies."""

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.sending import edit_html, reply_html
from bot.testing import Person, group_chat


async def _offer(update, context):
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Đã nhận", callback_data="demo:7")]])
    await reply_html(update.effective_message, "Nhiệm vụ <b>số 7</b>", keyboard)


async def _acknowledge(update, context):
    await update.callback_query.answer("Đã ghi nhận")
    await edit_html(update.callback_query.message, f"Đã nhận: {update.callback_query.data}")


async def _echo_file(update, context):
    document = update.effective_message.document
    content = await (await context.bot.get_file(document.file_id)).download_as_bytearray()
    await reply_html(update.effective_message, f"{document.file_name}: {len(content)} byte")


async def _echo_reply(update, context):
    message = update.effective_message
    target = message.reply_to_message.message_id if message.reply_to_message else None
    await reply_html(message, f"trả lời {target}: {message.text}")


def _install(app):
    app.add_handler(CommandHandler("thu", _offer))
    app.add_handler(CallbackQueryHandler(_acknowledge))
    app.add_handler(MessageHandler(filters.Document.ALL, _echo_file))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo_reply))


async def test_pressing_a_button_is_answered_and_edits_the_message(running_app, person, fake_api):
    _install(running_app)
    head = person(7101, "Thảo")
    offer = await head.ask("/thu")
    assert offer.buttons == [("Đã nhận", "demo:7")]

    press = head.press(offer, button="Đã nhận")

    assert (await press.answered()).params["text"] == "Đã ghi nhận"
    edit = await press.reply()
    assert edit.method == "editMessageText"
    assert fake_api.sent_messages(7101)[0]["text"] == "Đã nhận: demo:7"
    assert "reply_markup" not in fake_api.sent_messages(7101)[0]


async def test_an_uploaded_file_is_downloadable_by_the_bot(running_app, person):
    _install(running_app)
    office = person(7102, "Văn phòng")

    reply = await office.send_document(b"x" * 1234, "TB-45.docx").reply()

    assert reply.text == "TB-45.docx: 1234 byte"


async def test_a_reply_to_a_bot_message_carries_that_message(running_app, person):
    _install(running_app)
    head = person(7103, "Quang")
    offer = await head.ask("/thu")

    answer = await head.ask("đã xong 70%", reply_to=offer)

    assert answer.text == f"trả lời {offer.message['message_id']}: đã xong 70%"


async def test_silence_sees_that_the_bot_said_nothing(running_app, person, fake_api):
    _install(running_app)
    head = person(7104, "Kim")
    # In a group the bot reads no photo (a notice's photo is read in a private chat).
    in_group = Person(fake_api, head.user, chat=group_chat(-1007104, "Tổ dân phố 3"))

    assert await in_group.send_photo(b"jpeg-bytes", caption="ảnh").silence() == []
    assert len(await head.send("chào").silence()) == 1
