"""Updates are handled concurrently: one person waiting on Telegram does not hold up anyone else's
answer, and one chat's updates are still handled in the order they were sent."""

from __future__ import annotations

from bot.callbacks import Action, make


async def test_a_chat_waiting_on_telegram_does_not_hold_up_another_chats_answer(
    running_app, fake_api, person
):
    slow = fake_api.hold("sendMessage", chat_id=5201)
    first = person(5201, "An").send("/start")
    await fake_api.wait_for("sendMessage", chat_id=5201)  # An's answer is on its way, and held there

    other = await person(5202, "Bảo").ask("/start")

    assert "5202" in other.params["text"]  # a stranger is told their Telegram ID
    assert [r.result for r in fake_api.requests("sendMessage", chat_id=5201)] == [None]  # still held
    slow.release()
    assert "5201" in (await first.reply()).params["text"]


async def test_two_people_pressing_at_once_are_both_answered(running_app, fake_api, person):
    # Each press waits on Telegram at the same moment: handled one after the other, the second
    # press would not even be looked at while the first is held.
    presses = []
    holds = []
    for user_id, name in ((5211, "Cúc"), (5212, "Dũng")):
        someone = person(user_id, name)
        prompt = await someone.ask("/start")
        holds.append(fake_api.hold("answerCallbackQuery"))
        # Strangers pressing an office button: each is refused with an alert, after a database look-up.
        presses.append(someone.press(prompt.message, data=make(Action.delivery_report, 1)))
        await fake_api.wait_for("answerCallbackQuery", since=presses[-1].since)

    answers = [await press.answered() for press in presses]  # both reached Telegram, both held
    for hold in holds:
        hold.release()
    await fake_api.until(lambda: all(a.result is not None for a in answers))

    assert [a.result for a in answers] == [True, True]
    assert answers[0].params["text"] == answers[1].params["text"] != ""  # the stranger's refusal


async def test_one_chats_rapid_presses_are_handled_in_the_order_they_were_made(running_app, fake_api, person):
    hurried = person(5221, "Giang")
    prompt = await hurried.ask("/start")
    slow = fake_api.hold("answerCallbackQuery")
    first = hurried.press(prompt.message, data=make(Action.delivery_report, 1))
    await first.answered()  # held at Telegram
    second = hurried.press(prompt.message, data=make(Action.delivery_report, 2))
    # A later update from someone else is answered: the bot has taken up Giang's second press too,
    # which waits for the first to finish instead of overtaking it.
    await person(5222, "Hòa").ask("/start")
    assert len(fake_api.requests("answerCallbackQuery")) == 1

    slow.release()
    answers = [await first.answered(), await second.answered()]
    await fake_api.until(lambda: all(a.result is not None for a in answers))

    assert fake_api.requests("answerCallbackQuery") == answers
