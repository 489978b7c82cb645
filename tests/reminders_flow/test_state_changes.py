"""What a head notices when the task changes: done, extended, snoozed; and a restart after downtime."""

from __future__ import annotations

from datetime import date, timedelta

from bot.parser.models import NoticeMeta, ParsedNotice, ParsedTask
from bot.services.reminder_snooze import current_keyboard, snooze_assignment
from messages.render import render
from tests.postgres import on_both_engines
from tests.reminders_flow.test_walk import JUNE_3, expected_deadline_reminders
from tests.reminders_flow.world import at


def kinds_after(world, assignment_id, day):
    return [(d, kind) for d, _, kind in world.sent(assignment_id) if d >= day]


@on_both_engines("world")
async def test_completion_stops_every_reminder_of_that_assignment(world):
    assignment = await world.earliest_deadline()
    deadline = assignment.deadline
    overdue_1 = world.calendar.next_working_day(deadline)
    await world.walk(JUNE_3, overdue_1)
    assert world.sent(assignment.id)[-1][2] == "overdue"
    head = world.head_of(assignment)
    await world.repos.assignments.mark_done(assignment.id, head.id, "Đã xong", at(overdue_1, "10:00"))
    await world.walk(overdue_1 + timedelta(days=1), date(2026, 7, 31))
    assert kinds_after(world, assignment.id, overdue_1 + timedelta(days=1)) == []
    assert world.sent(assignment.id, audience="office") == []  # no escalation for a finished task


@on_both_engines("world")
async def test_an_approved_extension_moves_the_reminders_to_the_new_deadline(world):
    assignment = await world.earliest_deadline()
    head = world.head_of(assignment)
    asked = world.calendar.next_working_day(assignment.deadline)  # the first overdue morning
    await world.walk(JUNE_3, asked)
    new_deadline = date(2026, 7, 10)
    extension = await world.repos.extensions.request(
        assignment.id, head.id, new_deadline, "Chờ linh kiện", at(asked, "09:00"))
    decided = await world.repos.extensions.decide(extension.id, True, world.leader.id, at(asked, "10:00"))
    assert decided is not None and decided.decision == "approved"
    next_day = asked + timedelta(days=1)
    await world.walk(next_day, date(2026, 7, 31))
    expected = expected_deadline_reminders(world.calendar, asked, new_deadline, date(2026, 7, 31))
    assert kinds_after(world, assignment.id, next_day) == expected
    # The reminder shows the new deadline.
    message = [m for r in world.results for m in r.messages
               if any(i.assignment_id == assignment.id and i.kind == "due_today" for i in m.items)][-1]
    assert "Hạn Thứ Sáu 10/07/2026 (hôm nay)" in message.text


async def test_snooze_holds_the_head_until_the_next_working_morning_twice_at_most(world):
    assignment = await world.earliest_deadline()
    head = world.head_of(assignment)
    expected = expected_deadline_reminders(world.calendar, JUNE_3, assignment.deadline, date(2026, 7, 31))
    first_day = expected[0][0]
    await world.walk(JUNE_3, first_day)
    pressed = at(first_day, "09:00")
    current = await world.repos.assignments.get(assignment.id)
    outcome = await snooze_assignment(world.repos, world.settings, current, head.id, pressed)
    next_morning = world.calendar.next_working_day(first_day)
    assert outcome.outcome == "snoozed" and outcome.remaining == 1
    assert outcome.until == at(next_morning, "07:30")
    text = render("reminder_snoozed.html.j2", **outcome.model_dump())
    weekday = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu")[next_morning.weekday()]
    assert text.splitlines()[0] == f"Đã hoãn nhắc việc đến 07:30 {next_morning:%d/%m/%Y} ({weekday}):"
    await world.walk(next_morning, next_morning)
    # Nothing scheduled that morning, but the head asked to hear again: one repeat at 07:30.
    assert world.sent(assignment.id)[-1] == (next_morning, "07:30", "snooze_repeat")

    current = await world.repos.assignments.get(assignment.id)
    second = await snooze_assignment(world.repos, world.settings, current, head.id, at(next_morning, "08:00"))
    assert second.outcome == "snoozed" and second.remaining == 0
    keyboard = await current_keyboard(world.repos, world.settings, [assignment.id], render)
    labels = [button["text"] for row in keyboard["inline_keyboard"] for button in row]
    assert labels == ["Báo cáo tiến độ", "Hoàn thành"]  # the snooze button is gone
    current = await world.repos.assignments.get(assignment.id)
    third = await snooze_assignment(world.repos, world.settings, current, head.id, at(next_morning, "08:05"))
    assert third.outcome == "limit"
    assert (await world.repos.assignments.get(assignment.id)).snooze_count == 2
    assert "không thể hoãn thêm" in render("reminder_snoozed.html.j2", **third.model_dump())


async def test_a_done_task_cannot_be_snoozed(world):
    assignment = await world.earliest_deadline()
    head = world.head_of(assignment)
    friday = date(2026, 6, 5)
    done = await world.repos.assignments.mark_done(assignment.id, head.id, None, at(friday, "09:00"))
    outcome = await snooze_assignment(world.repos, world.settings, done, head.id, at(friday, "10:00"))
    assert outcome.outcome == "closed"
    assert (await world.repos.assignments.get(assignment.id)).snooze_count == 0


@on_both_engines("world")
async def test_a_withdrawn_notice_is_never_reminded_again(world):
    await world.walk(JUNE_3, date(2026, 6, 12))
    withdrawn, kept = world.notices
    assert world.sent()
    await world.repos.notices.withdraw(withdrawn.id, at(date(2026, 6, 12), "15:00"))
    later = await world.walk(date(2026, 6, 15), date(2026, 7, 31))
    notice_of = {a.id: a.notice_id for a in await world.assignments()}
    reminded = {notice_of[i.assignment_id] for r in later for m in r.messages for i in m.items}
    assert reminded == {kept.id}  # the other notice's reminders go on


@on_both_engines("world")
async def test_a_restart_after_a_day_of_downtime_sends_one_catch_up_per_assignment_and_no_duplicate(world):
    assignment = await world.earliest_deadline()
    deadline = assignment.deadline
    # The bot runs until the evening before the due day, then is down for the whole due day.
    await world.walk(JUNE_3, deadline - timedelta(days=1))
    sent_before = len(world.sent())
    await world.reopen()
    back = world.calendar.next_working_day(deadline)
    first = await world.sweep(at(back, "07:30"))
    items = [i for m in first.messages if m.audience == "head" for i in m.items]
    per_message = [[i.assignment_id for i in m.items] for m in first.messages]
    assert all(len(ids) == len(set(ids)) for ids in per_message)  # one catch-up per assignment
    caught_up = next(i for i in items if i.assignment_id == assignment.id)
    assert caught_up.kind == "overdue"  # the latest tier due, not the missed due-day one as well
    assert len(world.sent()) > sent_before
    for _ in range(2):  # restarted again and swept again the same morning: nothing twice
        await world.reopen()
        again = await world.sweep(at(back, "07:31"))
        assert again.messages == [] and again.recorded == []


async def test_a_task_due_on_the_eve_of_tet_2027_counts_working_days_around_the_break(world):
    unit = world.unit_ids[(await world.earliest_deadline()).unit_name]
    unit_name = next(name for name, uid in world.unit_ids.items() if uid == unit)
    published = at(date(2027, 1, 4), "09:00")
    eve = date(2027, 2, 5)  # Tất niên: a holiday like the whole Tết break around it
    parsed = ParsedNotice(
        notice=NoticeMeta(number="01/TB-UBND", title="Chuẩn bị Tết Đinh Mùi 2027"),
        tasks=[ParsedTask(text="Tổ chức thăm, tặng quà các gia đình chính sách dịp Tết",
                          units=[unit_name], deadline=eve)],
    )
    notice = await world.repos.notices.save_parsed(
        parsed, created_by=world.office.id, source_name="tet.txt", source_sha256="tet2027",
        source_file_id=None, text="…", unit_ids_by_name=world.unit_ids, now=published)
    await world.repos.notices.publish(notice.id, published)
    tet = (await world.repos.assignments.for_notice(notice.id))[0]
    await world.walk(date(2027, 1, 4), date(2027, 2, 20))
    calendar = world.calendar
    sent = [(day, kind) for day, _, kind in world.sent(tet.id)]
    assert sent == expected_deadline_reminders(calendar, date(2027, 1, 4), eve, date(2027, 2, 20))
    assert all(calendar.is_working_day(day) for day, _ in sent)
    last_working = calendar.working_day_on_or_before(eve)
    assert last_working < date(2027, 2, 4)  # 29 Tết is off too
    assert (last_working, "due_today") in sent
    after_break = calendar.next_working_day(eve)
    assert after_break > date(2027, 2, 10)
    assert sent[sent.index((last_working, "due_today")) + 1] == (after_break, "overdue")
    # The due-day reminder shows the deadline as written, and says it falls on a day off.
    message = next(m for r in world.results for m in r.messages
                   if any(i.assignment_id == tet.id and i.kind == "due_today" for i in m.items))
    assert "Hạn Thứ Sáu 05/02/2027 (ngày nghỉ" in message.text
    overdue = next(i for r in world.results for m in r.messages for i in m.items
                   if i.assignment_id == tet.id and i.kind == "overdue")
    assert overdue.days_late == (after_break - eve).days
