"""Every reminder template, rendered with hostile and Vietnamese text: escaped, valid Telegram HTML, whole
lines as a head reads them, under Telegram's 4096 characters."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.services.reminder_messages import build_messages, keyboard, render_escalation, render_reminder
from bot.services.reminder_models import DueReminder, ReminderDigest, SweepPlan
from bot.testing.html_check import parse_html
from messages.render import render
from storage.models import Person

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 6, 15, 7, 30, tzinfo=VN)  # Monday
UNIT = "Phòng <b>Kinh tế</b> & Hạ tầng"
UNIT_ESCAPED = "Phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng"
TASK = "Rà soát <i>hồ sơ</i> & đất đai Láng Ruốc"
TASK_ESCAPED = "Rà soát &lt;i&gt;hồ sơ&lt;/i&gt; &amp; đất đai Láng Ruốc"


def item(assignment_id: int, kind: str, **fields) -> DueReminder:
    values = {"assignment_id": assignment_id, "unit_id": 1, "unit_name": UNIT, "kind": kind,
              "key": f"rem:{assignment_id}:{kind}:x", "audience": "head", "task_text": TASK,
              "notice_number": "12/TB-UBND", **fields}
    return DueReminder(**values)


ITEMS = [
    item(1, "overdue", deadline=date(2026, 6, 12), days_late=3),
    item(2, "due_today", deadline=date(2026, 6, 15)),
    item(3, "before_3d", deadline=date(2026, 6, 18), working_days_left=3),
    item(4, "recurring_period", recurrence="monthly", period_id="2026-07", period_start=date(2026, 7, 1)),
    item(5, "stale_nudge", idle_days=14, notice_number=None, role="coordinate"),
]


def assert_valid(text: str) -> None:
    visible, error = parse_html(text)
    assert error is None, error
    assert "Phòng <b>Kinh tế</b> & Hạ tầng" in visible or "<i>hồ sơ</i> & đất đai" in visible
    assert len(text) < 4096
    assert "<b>Kinh tế</b>" not in text and "<i>hồ sơ</i>" not in text


def test_a_head_reminder_groups_items_and_escapes_names():
    text = render_reminder(UNIT, ITEMS, NOW, render)
    assert_valid(text)
    assert text.splitlines() == [
        f"<b>🔔 Nhắc việc: {UNIT_ESCAPED}</b>",
        "Thứ Hai, 15/06/2026",
        "",
        "<b>Quá hạn</b>",
        f"1. {TASK_ESCAPED}",
        "   Hạn 12/06/2026, <b>quá hạn 3 ngày</b>",
        "   Thông báo số 12/TB-UBND",
        "",
        "<b>Đến hạn hôm nay</b>",
        f"2. {TASK_ESCAPED}",
        "   Hạn Thứ Hai 15/06/2026 (hôm nay)",
        "   Thông báo số 12/TB-UBND",
        "",
        "<b>Sắp đến hạn</b>",
        f"3. {TASK_ESCAPED}",
        "   Hạn Thứ Năm 18/06/2026, còn 3 ngày làm việc",
        "   Thông báo số 12/TB-UBND",
        "",
        "<b>Báo cáo định kỳ</b>",
        f"4. {TASK_ESCAPED}",
        "   Báo cáo kỳ tháng 07/2026",
        "   Thông báo số 12/TB-UBND",
        "",
        "<b>Chưa có tiến độ</b>",
        f"5. {TASK_ESCAPED}",
        "   Chưa cập nhật tiến độ 14 ngày",
        "   Đơn vị phối hợp",
        "",
        "Bấm nút bên dưới để báo cáo tiến độ, báo hoàn thành hoặc hẹn nhắc lại sau 1 ngày làm việc.",
    ]


def test_a_single_item_reminder_is_not_numbered_and_a_deadline_on_a_day_off_says_so():
    saturday = item(1, "due_today", deadline=date(2026, 6, 20))
    text = render_reminder(UNIT, [saturday], datetime(2026, 6, 19, 7, 30, tzinfo=VN), render)
    assert_valid(text)
    assert f"• {TASK_ESCAPED}" in text.splitlines()
    assert ("   Hạn Thứ Bảy 20/06/2026 (ngày nghỉ, hôm nay là ngày làm việc cuối cùng trước hạn)"
            in text.splitlines())


def test_a_snoozed_item_repeats_in_its_own_group_and_says_why():
    repeat = item(1, "snooze_repeat", repeats="before_1d", deadline=date(2026, 6, 16), working_days_left=1)
    lines = render_reminder(UNIT, [repeat], NOW, render).splitlines()
    assert lines[3] == "<b>Sắp đến hạn</b>"
    assert "   (nhắc lại theo đề nghị hoãn 1 ngày)" in lines


def test_a_huge_task_list_is_split_into_messages_below_the_limit_each_with_its_buttons():
    many = [item(i, "overdue", deadline=date(2026, 6, 1), days_late=14, task_text=TASK + " dài" * 200,
                 can_snooze=True)
            for i in range(1, 40)]
    plan = SweepPlan(now=NOW, in_window=True, next_window_open=NOW, due=many, escalations=[],
                     heads=[ReminderDigest(unit_id=1, unit_name=UNIT, items=many)])
    head = Person(id=5, telegram_user_id=55, chat_id=55, display_name="Lan", reachable=True,
                  created_at=NOW, updated_at=NOW)
    messages = build_messages(plan, {1: [head]}, [], {}, Settings(_env_file=None), render)
    assert len(messages) > 1
    for message in messages:
        assert_valid(message.text)
        assert "…" in message.text  # a long task is cut in the list; the full text is in the delivery
        ids = message.payload["link"]["assignment_ids"]
        assert len(message.payload["reply_markup"]["inline_keyboard"]) == 2 * len(ids)
    listed = [i.assignment_id for message in messages for i in message.items]
    assert sorted(listed) == list(range(1, 40))
    assert len({message.key for message in messages}) == len(messages)


def test_the_escalation_lists_unit_and_days_late_escaped():
    overdue = item(1, "escalation", audience="office", deadline=date(2026, 6, 12), days_late=5)
    settings = Settings(_env_file=None)
    text = render_escalation([overdue], for_leader=False, settings=settings, render=render)
    assert_valid(text)
    assert text.splitlines() == [
        "<b>⚠️ Việc quá hạn cần chỉ đạo</b>",
        "Các đơn vị dưới đây đã được nhắc 3 lần sau hạn mà chưa hoàn thành.",
        "",
        f"1. <b>{UNIT_ESCAPED}</b>: quá hạn 5 ngày (hạn 12/06/2026)",
        f"   {TASK_ESCAPED}",
        "   Thông báo số 12/TB-UBND",
    ]
    leader = render_escalation([overdue], for_leader=True, settings=settings, render=render)
    assert leader.splitlines()[1] == (
        "Các việc dưới đây thuộc thông báo đồng chí theo dõi; đơn vị đã được nhắc 3 lần sau hạn"
        " mà chưa hoàn thành."
    )


def test_snooze_confirmations():
    until = datetime(2026, 6, 16, 7, 30, tzinfo=VN)
    snoozed = render("reminder_snoozed.html.j2", outcome="snoozed", until=until, remaining=1, used=1,
                     task_text=TASK)
    assert_valid(snoozed)
    assert snoozed.splitlines() == [
        "Đã hoãn nhắc việc đến 07:30 16/06/2026 (Thứ Ba):",
        f"<i>{TASK_ESCAPED}</i>",
        "Còn được hoãn thêm 1 lần.",
    ]
    last = render("reminder_snoozed.html.j2", outcome="snoozed", until=until, remaining=0, used=2,
                  task_text=TASK)
    assert last.splitlines()[-1] == "Đây là lần hoãn cuối cùng; các lần nhắc sau sẽ không thể hoãn nữa."
    limit = render("reminder_snoozed.html.j2", outcome="limit", until=None, remaining=0, used=2,
                   task_text=TASK)
    assert_valid(limit)
    assert limit.splitlines()[0] == "Việc này đã được hoãn 2 lần, không thể hoãn thêm:"
    closed = render("reminder_snoozed.html.j2", outcome="closed", until=None, remaining=0, used=0,
                    task_text=TASK)
    assert_valid(closed)
    assert closed.splitlines()[0] == (
        "Việc này đã hoàn thành hoặc không còn được theo dõi, không cần hoãn nhắc:"
    )


def test_buttons_are_numbered_when_a_reminder_lists_several_tasks():
    markup = keyboard([(7, True, True), (9, True, False), (11, False, True)], render)
    rows = [[button["text"] for button in row] for row in markup["inline_keyboard"]]
    assert rows == [
        ["1. Báo cáo tiến độ", "1. Hoàn thành"],
        ["1. Nhắc lại sau 1 ngày"],
        ["2. Báo cáo tiến độ", "2. Hoàn thành"],
    ]
    single = keyboard([(7, True, True)], render)
    assert [[b["text"] for b in row] for row in single["inline_keyboard"]] == [
        ["Báo cáo tiến độ", "Hoàn thành"], ["Nhắc lại sau 1 ngày"]]
    assert single["inline_keyboard"][1][0]["callback_data"] == "snz:7"


def test_the_cli_preview_prints_names_as_they_are_for_the_terminal():
    message = SimpleNamespace(person_name="Lan", audience="head", unit_name=UNIT, items=ITEMS[:2])
    text = render("cli/reminders_preview.txt.j2", at=NOW, in_window=True, next_open=NOW, messages=[message],
                  undeliverable=[ITEMS[4]], window_start="07:30", window_end="17:00")
    assert text.splitlines() == [
        "Nhắc việc lúc 07:30 15/06/2026 (Thứ Hai): chỉ xem trước, không gửi, không ghi nhận.",
        "Sẽ gửi 1 tin nhắn.",
        "",
        "Người nhận: Lan (lãnh đạo đơn vị)",
        f"Đơn vị: {UNIT}",  # a terminal shows the name as typed: no HTML escaping
        f"  1. [quá hạn 3 ngày] {TASK} (hạn 12/06/2026)",
        f"  2. [đến hạn hôm nay] {TASK} (hạn 15/06/2026)",
        "",
        "Không có người nhận (1 mục; đơn vị chưa có lãnh đạo đăng ký hoặc không liên lạc được):",
        f"  - {UNIT}: [chưa có tiến độ 14 ngày] {TASK}",
    ]
