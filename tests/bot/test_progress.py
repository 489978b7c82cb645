"""A head replies to a task message: the report is stored on the right assignment and confirmed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot import callbacks
from bot.app import build_application, running
from bot.callbacks import Action
from messages.render import render
from storage.models import AssignmentStatus, RoleName
from tests.bot import replies_world as w


@pytest.fixture
async def one_task(running_app, fake_api, person):
    app = running_app
    unit_a = await w.unit(app, w.UNIT_A)
    await w.unit(app, w.UNIT_B)
    await w.person(app, w.HEAD_A, "Lan", RoleName.head, unit_a.id)
    deadline = w.local_today() + timedelta(days=10)
    (assignment,) = await w.notice(app, [("Rà soát hồ sơ đất đai", [w.UNIT_A], deadline)])
    message = await w.deliver(app, fake_api, w.HEAD_A, [assignment])
    return app, assignment, message, person(w.HEAD_A, "Lan")


async def test_a_text_reply_is_stored_as_progress_and_confirmed(one_task):
    app, assignment, message, lan = one_task

    exchange = lan.send("Đã họp tổ công tác, đang rà soát", reply_to=message)
    confirmation = await exchange.reply()

    assert confirmation.method == "sendMessage"
    assert confirmation.text.startswith("✅ Đã ghi nhận báo cáo tiến độ cho nhiệm vụ:")
    assert w.ESCAPED_UNIT in confirmation.text
    (stored,) = await w.repos_of(app).progress.for_assignment(assignment.id)
    assert stored.text == "Đã họp tổ công tác, đang rà soát"
    assert stored.percent is None
    assert (stored.chat_id, stored.message_id) == (w.HEAD_A, exchange.update["message"]["message_id"])
    assert (await w.fresh(app, assignment)).status == AssignmentStatus.in_progress


@pytest.mark.parametrize("text", ["đã xong 70%", "Hoàn thành 70 % khối lượng", "70%"])
async def test_a_percent_in_the_reply_sets_the_assignment_percent(one_task, text):
    app, assignment, message, lan = one_task

    confirmation = await lan.send(text, reply_to=message).reply()

    assert "Mức độ hoàn thành: 70%." in confirmation.text
    (stored,) = await w.repos_of(app).progress.for_assignment(assignment.id)
    assert stored.percent == 70
    assert (await w.fresh(app, assignment)).percent == 70


async def test_one_hundred_percent_offers_done_but_does_not_close(one_task):
    app, assignment, message, lan = one_task

    confirmation = await lan.send("Xong 100%", reply_to=message).reply()

    assert confirmation.buttons == [("Hoàn thành", callbacks.make(Action.done, assignment.id))]
    current = await w.fresh(app, assignment)
    assert (current.percent, current.status) == (100, AssignmentStatus.in_progress)


async def test_a_percent_above_one_hundred_is_refused_and_nothing_stored(one_task):
    app, assignment, message, lan = one_task

    answer = await lan.send("đã xong 170%", reply_to=message).reply()

    assert answer.text.startswith("Mức độ hoàn thành phải từ 0% đến 100%.")
    assert await w.repos_of(app).progress.for_assignment(assignment.id) == []
    assert (await w.fresh(app, assignment)).status == AssignmentStatus.new


async def test_a_reply_with_nothing_to_record_is_refused_clearly(one_task, fake_api):
    app, assignment, message, lan = one_task

    answer = await lan.send("   ", reply_to=message).reply()

    assert answer.text.startswith("Báo cáo tiến độ cần có nội dung, ảnh hoặc tệp.")
    assert await w.repos_of(app).progress.for_assignment(assignment.id) == []


async def test_a_photo_reply_keeps_the_largest_size(one_task, fake_api):
    app, assignment, message, lan = one_task

    exchange = lan.send_photo(b"\xff\xd8 jpeg bytes", caption="Ảnh hiện trường 40%", reply_to=message)
    confirmation = await exchange.reply()

    largest = exchange.update["message"]["photo"][-1]["file_id"]
    (stored,) = await w.repos_of(app).progress.for_assignment(assignment.id)
    assert stored.file_ids == [largest]
    assert not largest.endswith("-thumb")
    assert (stored.text, stored.percent) == ("Ảnh hiện trường 40%", 40)
    assert "Tệp/ảnh kèm theo: 1." in confirmation.text


async def test_a_document_reply_stores_its_file_id(one_task):
    app, assignment, message, lan = one_task

    exchange = lan.send_document(b"%PDF-1.4", "bao_cao.pdf", "application/pdf", reply_to=message)
    await exchange.reply()

    (stored,) = await w.repos_of(app).progress.for_assignment(assignment.id)
    assert stored.file_ids == [exchange.update["message"]["document"]["file_id"]]


async def test_editing_the_reply_updates_the_record(one_task):
    app, assignment, message, lan = one_task
    original = lan.send("Đang làm 30%", reply_to=message)
    await original.reply()

    edited = await lan.edit(original, "Đang làm 50%, chờ số liệu").reply()

    assert edited.text.startswith("✅ Đã cập nhật báo cáo tiến độ")
    (stored,) = await w.repos_of(app).progress.for_assignment(assignment.id)
    assert (stored.text, stored.percent) == ("Đang làm 50%, chờ số liệu", 50)
    assert stored.edited_at is not None
    assert (await w.fresh(app, assignment)).percent == 50


async def test_the_progress_button_asks_with_force_reply_and_the_answer_is_stored(one_task):
    app, assignment, message, lan = one_task

    prompt = await lan.press(message, button="Báo cáo tiến độ").reply()

    assert prompt.reply_markup["force_reply"] is True
    assert prompt.text.startswith("✍️ Báo cáo tiến độ cho nhiệm vụ:")
    await lan.send("Đã xong 20%", reply_to=prompt).reply()
    (stored,) = await w.repos_of(app).progress.for_assignment(assignment.id)
    assert stored.percent == 20


async def test_a_reply_to_a_message_with_several_tasks_asks_which_and_lands_on_the_choice(
    running_app, fake_api, person
):
    app = running_app
    unit_a = await w.unit(app, w.UNIT_A)
    await w.person(app, w.HEAD_A, "Lan", RoleName.head, unit_a.id)
    deadline = w.local_today() + timedelta(days=10)
    first, second = await w.notice(app, [("Rà soát hồ sơ", [w.UNIT_A], deadline),
                                         ("Lập kế hoạch giải tỏa", [w.UNIT_A], deadline)])
    message = await w.deliver(app, fake_api, w.HEAD_A, [first, second])
    lan = person(w.HEAD_A, "Lan")

    report = lan.send("Đã xong 60%", reply_to=message)
    question = await report.reply()

    reply_id = report.update["message"]["message_id"]
    assert question.buttons == [
        # a few words of each task, not "1. Nhiệm vụ"
        ("1. Rà soát hồ sơ", callbacks.make(Action.pick_task, first.id, reply_id)),
        ("2. Lập kế hoạch giả…", callbacks.make(Action.pick_task, second.id, reply_id)),
    ]
    assert "<blockquote>Đã xong 60%</blockquote>" in question.text
    repos = w.repos_of(app)
    assert await repos.progress.for_assignment(first.id) == []

    confirmation = await lan.press(question, button="2. Lập kế hoạch giả…").reply()

    assert confirmation.method == "editMessageText"
    assert "Lập kế hoạch giải tỏa" in confirmation.text
    (stored,) = await repos.progress.for_assignment(second.id)
    assert (stored.percent, stored.message_id) == (60, reply_id)
    assert await repos.progress.for_assignment(first.id) == []
    # The question is answered: pressing again records nothing twice.
    again = await lan.press(question, data=callbacks.make(Action.pick_task, first.id, reply_id)).answered()
    assert again.params["show_alert"] is True
    assert await repos.progress.for_assignment(first.id) == []


async def test_a_forged_pick_changes_nothing(one_task):
    app, assignment, message, lan = one_task

    answered = await lan.press(message, data=callbacks.make(Action.pick_task, assignment.id, 999)).answered()

    assert answered.params["text"] == render("not_allowed.html.j2", reason="stale")
    assert await w.repos_of(app).progress.for_assignment(assignment.id) == []


async def test_a_head_of_another_unit_cannot_use_the_progress_button(one_task, fake_api, person):
    app, assignment, _, _ = one_task
    other_unit = await w.repos_of(app).units.by_name(w.UNIT_B)
    await w.person(app, w.HEAD_B, "Minh", RoleName.head, other_unit.id)
    minh = person(w.HEAD_B, "Minh")
    own = await w.deliver(app, fake_api, w.HEAD_B, [assignment], kind="reminder")

    answered = await minh.press(own, button="Báo cáo tiến độ").answered()
    await minh.send("Đã xong 90%", reply_to=own).reply()

    assert answered.params["text"] == render("not_allowed.html.j2", reason="owner")
    assert await w.repos_of(app).progress.for_assignment(assignment.id) == []
    assert (await w.fresh(app, assignment)).status == AssignmentStatus.new


def test_progress_templates_escape_user_text_and_keep_diacritics():
    a = w.sample_assignment()
    saved = render("progress/saved.html.j2", a=a, percent=70, files=2, offer_done=True, edited=False)
    assert saved.splitlines() == [
        "✅ Đã ghi nhận báo cáo tiến độ cho nhiệm vụ:",
        f"<b>{w.ESCAPED_UNIT}</b> · TB 37/TB-UBND: {w.ESCAPED_TASK} (hạn 30/06/2026)",
        "Mức độ hoàn thành: 70%.",
        "Tệp/ảnh kèm theo: 2.",
        "Nếu nhiệm vụ đã xong, hãy bấm <b>Hoàn thành</b> để báo hoàn thành.",
    ]
    prompt = render("progress/prompt.html.j2", a=a).splitlines()
    assert prompt[1] == f"<b>{w.ESCAPED_UNIT}</b> · TB 37/TB-UBND: {w.ESCAPED_TASK} (hạn 30/06/2026)"
    assert prompt[3].startswith("Hãy trả lời tin nhắn này bằng nội dung tiến độ")
    pick = render("progress/pick.html.j2", choices=[a, a], quote="<script>& 70%").splitlines()
    assert pick[1] == "<blockquote>&lt;script&gt;&amp; 70%</blockquote>"
    assert pick[3].startswith(f"<b>1.</b> <b>{w.ESCAPED_UNIT}</b>")
    assert pick[-1] == "Bấm số của nhiệm vụ bên dưới."
    assert render("progress/not_recorded.html.j2", reason="bad_percent").startswith(
        "Mức độ hoàn thành phải từ 0% đến 100%.")
    assert render("progress/not_recorded.html.j2", reason="empty").startswith(
        "Báo cáo tiến độ cần có nội dung, ảnh hoặc tệp.")
    assert render("tasks/button.txt.j2", name="progress", number=3) == "3. Báo cáo tiến độ"


async def test_the_which_task_question_survives_a_restart(fake_api, settings, person):
    async with running(build_application(settings, base_url=fake_api.base_url), poll_timeout=1.0) as app:
        unit_a = await w.unit(app, w.UNIT_A)
        await w.person(app, w.HEAD_A, "Lan", RoleName.head, unit_a.id)
        first, second = await w.notice(app, [("Việc một", [w.UNIT_A], None), ("Việc hai", [w.UNIT_A], None)])
        message = await w.deliver(app, fake_api, w.HEAD_A, [first, second])
        lan = person(w.HEAD_A, "Lan")
        question = await lan.send("Ảnh nghiệm thu 90%", reply_to=message).reply()

    async with running(build_application(settings, base_url=fake_api.base_url), poll_timeout=1.0) as app:
        await lan.press(question, button="1. Việc một").reply()
        (stored,) = await w.repos_of(app).progress.for_assignment(first.id)
        assert (stored.text, stored.percent) == ("Ảnh nghiệm thu 90%", 90)
