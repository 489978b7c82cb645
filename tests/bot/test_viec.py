"""/viec: a head's open assignments across their units, overdue first, each with its buttons."""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot import callbacks
from bot.callbacks import Action
from bot.handlers.tasks import pack
from messages.render import render
from storage.models import RoleName
from tests.bot import replies_world as w


def _task_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if re.match(r"^<b>\d+\.</b> ", line)]


async def test_open_assignments_overdue_first_then_by_deadline(running_app, fake_api, person):
    app = running_app
    today = w.local_today()
    unit_a = await w.unit(app, w.UNIT_A)
    unit_b = await w.unit(app, w.UNIT_B)
    await w.unit(app, "Phòng Y tế")
    lan = await w.person(app, w.HEAD_A, "Lan", RoleName.head, unit_a.id)
    await w.repos_of(app).roles.grant(lan.id, RoleName.deputy, unit_b.id, granted_by=None, now=w.now())
    soon, overdue, no_deadline, tomorrow, finished, _other = await w.notice(app, [
        ("Lập danh sách hộ nghèo", [w.UNIT_A], today + timedelta(days=5)),
        ("Sửa chữa đường <ngõ> 5 & 7", [w.UNIT_B], today - timedelta(days=4)),
        ("Tuyên truyền phòng cháy", [w.UNIT_A], None),
        ("Báo cáo quý", [w.UNIT_A], today + timedelta(days=1)),
        ("Đã làm xong", [w.UNIT_A], today + timedelta(days=2)),
        ("Việc của phòng khác", ["Phòng Y tế"], today - timedelta(days=9)),
    ])
    await w.repos_of(app).assignments.mark_done(finished.id, lan.id, None, w.now())

    reply = await person(w.HEAD_A, "Lan").ask("/viec")

    assert reply.text.splitlines()[0] == "📋 <b>Nhiệm vụ đang thực hiện</b>: 4, trong đó <b>1 quá hạn</b>."
    lines = reply.text.splitlines()
    tasks = _task_lines(reply.text)
    assert [line.split(": ", 1)[1].split(" (hạn")[0] for line in tasks] == [
        "Sửa chữa đường &lt;ngõ&gt; 5 &amp; 7", "Báo cáo quý", "Lập danh sách hộ nghèo",
        "Tuyên truyền phòng cháy",
    ]
    assert lines[lines.index(tasks[0]) + 1] == "🔴 Quá hạn 4 ngày."
    assert lines[lines.index(tasks[1]) + 1] == "Còn 1 ngày."
    assert lines[lines.index(tasks[2]) + 1] == "Còn 5 ngày."
    assert lines[lines.index(tasks[3]) + 1] == "Không có hạn."
    assert reply.buttons[:4] == [
        ("1. Sửa chữa đường <…", callbacks.make(Action.task_detail, overdue.task_id)),
        ("1. Báo cáo tiến độ", callbacks.make(Action.progress, overdue.id)),
        ("1. Hoàn thành", callbacks.make(Action.done, overdue.id)),
        ("1. Xin gia hạn", callbacks.make(Action.extension, overdue.id)),
    ]
    assert [data for _, data in reply.buttons[5::4]] == [
        callbacks.make(Action.progress, a.id) for a in (tomorrow, soon, no_deadline)]
    assert all(len(label) <= 20 for label, _ in reply.buttons)


async def test_a_tasks_words_on_the_list_open_its_detail_and_history(running_app, fake_api, person):
    app = running_app
    unit_a = await w.unit(app, w.UNIT_A)
    await w.person(app, w.HEAD_A, "Lan", RoleName.head, unit_a.id)
    await w.notice(app, [("Lập danh sách hộ nghèo năm 2027", [w.UNIT_A], None),
                         ("Việc hai", [w.UNIT_A], None)])
    lan = person(w.HEAD_A, "Lan")
    listing = await lan.ask("/viec")

    detail = await lan.press(listing, button="1. Lập danh sách hộ…").reply()

    assert detail.text.splitlines()[1:3] == ["Lập danh sách hộ nghèo năm 2027", "Hạn: không ghi hạn"]
    assert "Chưa báo cáo tiến độ." in detail.text
    history = await lan.press(detail, button="🕘 Lịch sử").reply()
    assert "Lập danh sách hộ nghèo năm 2027" in history.text


async def test_a_reply_to_the_list_is_progress_after_choosing_the_task(running_app, fake_api, person):
    app = running_app
    unit_a = await w.unit(app, w.UNIT_A)
    await w.person(app, w.HEAD_A, "Lan", RoleName.head, unit_a.id)
    first, second = await w.notice(app, [("Việc một", [w.UNIT_A], None), ("Việc hai", [w.UNIT_A], None)])
    lan = person(w.HEAD_A, "Lan")
    listing = await lan.ask("/viec")

    question = await lan.send("Đã xong 30%", reply_to=listing).reply()
    await lan.press(question, button="1. Việc một").reply()

    (stored,) = await w.repos_of(app).progress.for_assignment(first.id)
    assert stored.percent == 30
    assert await w.repos_of(app).progress.for_assignment(second.id) == []


async def test_a_long_list_is_split_below_the_telegram_limit(running_app, fake_api, person):
    app = running_app
    unit_a = await w.unit(app, w.UNIT_A)
    await w.person(app, w.HEAD_A, "Lan", RoleName.head, unit_a.id)
    text = "Triển khai thực hiện kế hoạch chỉnh trang đô thị, " * 6
    count = 45
    await w.notice(app, [(f"{text}số {i}", [w.UNIT_A], w.local_today() + timedelta(days=i))
                         for i in range(1, count + 1)])
    lan = person(w.HEAD_A, "Lan")

    exchange = lan.send("/viec")
    await exchange.reply()
    parts = await exchange.silence()

    assert all(len(p.text) < 4096 for p in parts)
    lines = [line for p in parts for line in _task_lines(p.text)]
    numbers = [int(re.match(r"^<b>(\d+)\.</b>", line).group(1)) for line in lines]
    assert numbers == list(range(1, count + 1))
    assert all(len(p.buttons) == 4 * len(_task_lines(p.text)) <= 100 for p in parts)
    assert len(parts) >= 3
    assert parts[1].text.splitlines()[1] == f"(Phần 2/{len(parts)})"


async def test_someone_heading_no_unit_gets_a_clear_message(running_app, person):
    await w.person(running_app, w.OFFICE, "Hà", RoleName.office)

    reply = await person(w.OFFICE, "Hà").ask("/viec")

    assert reply.text.startswith("Đồng chí chưa được giao phụ trách đơn vị nào")
    assert reply.buttons == []


async def test_a_stranger_is_refused(running_app, person):
    reply = await person(4242, "Lạ").ask("/viec")

    assert reply.text == render("not_allowed.html.j2", reason="stranger")


async def test_a_head_with_nothing_open_is_told_so(running_app, person):
    unit_a = await w.unit(running_app, w.UNIT_A)
    await w.person(running_app, w.HEAD_A, "Lan", RoleName.head, unit_a.id)

    reply = await person(w.HEAD_A, "Lan").ask("/viec")

    assert reply.text == "✅ Đơn vị của đồng chí hiện không có nhiệm vụ nào đang thực hiện."


def test_packing_never_cuts_a_block_and_caps_tasks_per_message():
    blocks = ["x" * 1000] * 7 + ["y"] * 40
    parts = pack(blocks, limit=3000, per_message=30)
    assert [i for part in parts for i in part] == list(range(47))
    assert all(sum(len(blocks[i]) + 2 for i in part) - 2 <= 3000 for part in parts)
    assert all(len(part) <= 30 for part in parts)


def test_list_templates_escape_user_text_and_keep_diacritics():
    today = date(2026, 7, 4)
    returned = w.sample_assignment(status="returned", percent=40, returned_reason="Thiếu <ảnh> & số liệu")
    assert render("tasks/list_item.html.j2", a=returned, number=2, today=today).splitlines() == [
        f"<b>2.</b> <b>{w.ESCAPED_UNIT}</b> · TB 37/TB-UBND: {w.ESCAPED_TASK} (hạn 30/06/2026)",
        "🔴 Quá hạn 4 ngày.",
        "Đã thực hiện: 40%.",
        "Văn phòng đã trả lại: Thiếu &lt;ảnh&gt; &amp; số liệu.",
    ]
    due = w.sample_assignment(deadline=today)
    assert render("tasks/list_item.html.j2", a=due, number=1, today=today).splitlines()[1] == (
        "🟠 Đến hạn hôm nay.")
    header = render("tasks/list_header.html.j2", total=12, overdue=0, part=1, part_count=1)
    assert header == "📋 <b>Nhiệm vụ đang thực hiện</b>: 12."


def test_button_labels_are_vietnamese_and_numbered_when_asked():
    names = ("progress", "done", "extension", "no_note", "return", "approve", "decline")
    labels = {name: render("tasks/button.txt.j2", name=name, number=None) for name in names}
    assert labels == {"progress": "Báo cáo tiến độ", "done": "Hoàn thành", "extension": "Xin gia hạn",
                      "no_note": "Không có ghi chú", "return": "Trả lại", "approve": "Duyệt",
                      "decline": "Từ chối"}
    pick = render("tasks/button.txt.j2", name="pick", number=2, text="Rà soát hồ sơ đất đai")
    assert pick == "2. Rà soát hồ sơ đấ…"
    assert render("tasks/button.txt.j2", name="done", number=12) == "12. Hoàn thành"
    assert render("tasks/none.html.j2", reason="no_units").startswith(
        "Đồng chí chưa được giao phụ trách đơn vị nào, nên không có nhiệm vụ để hiển thị.")
