"""The token never reaches a log record; unhandled errors are one line without what the user wrote."""

import logging

from telegram.ext import MessageHandler, filters

from bot.logs import OneLineFormatter, protect_secret
from tests.telegram.conftest import TEST_TOKEN

LONG_TOKEN = "777000:AAF-long-secret-part-for-redaction"


async def test_request_urls_logged_while_polling_do_not_contain_the_token(caplog, running_app, person):
    caplog.set_level(logging.DEBUG)
    await person(5101, "An").ask("/start")

    assert "/bot<token>/getUpdates" in caplog.text  # httpx did log the URLs, redacted
    assert TEST_TOKEN not in caplog.text
    assert all(TEST_TOKEN not in record.getMessage() for record in caplog.records)


def test_a_token_inside_an_exception_is_redacted_from_the_traceback(caplog):
    protect_secret(LONG_TOKEN)
    log = logging.getLogger("tests.redaction")
    try:
        raise RuntimeError(f"POST https://api.telegram.org/bot{LONG_TOKEN}/sendMessage failed")
    except RuntimeError:
        log.exception("send failed for %s", LONG_TOKEN.split(":")[1])

    assert "<token>" in caplog.text
    assert "long-secret-part" not in caplog.text


async def test_an_unhandled_error_is_logged_as_one_line_without_the_users_text(
    caplog, running_app, fake_api, person
):
    async def boom(update, context):
        int(update.message.text)  # ValueError quoting the user's text

    running_app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, boom))
    caplog.set_level(logging.INFO)
    person(5102, "Bình").send("Số tài khoản bí mật 0123")

    await fake_api.settled()  # the error handler runs while the update is handled

    [record] = [r for r in caplog.records if r.name == "bot.errors"]
    assert record.levelno == logging.ERROR
    line = OneLineFormatter("%(levelname)s %(message)s").format(record)
    assert "ValueError" in line and "in boom" in line and "chat 5102" in line
    assert "\n" not in line
    assert "bí mật" not in caplog.text


def test_multi_line_records_are_folded_onto_one_line():
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "first\nsecond", None, None)
    assert OneLineFormatter("%(message)s").format(record) == "first ⏎ second"
