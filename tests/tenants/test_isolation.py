"""Isolation between committees, proven over the wire: two tenants with the same unit names, notice
numbers and file, one person serving both; every command and every button of tenant A's people —
buttons forged with tenant B's ids included — every reminder, digest and monthly report. Nothing of B is
shown to A, changed by A, or counted for A (and the other way round for the jobs).

The storage is the running application's (tests/telegram/conftest.py `settings`): the same test runs on
another engine by giving the application another database."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from telegram.ext import Application

from bot.callbacks import ARITY, Action, make
from bot.parser.models import NoticeMeta, ParsedNotice, ParsedTask
from bot.services import reminders
from bot.services.monthly_report import send_day
from bot.services.publish import publish_notice
from bot.services.registration import confirm_check, issue_invite
from bot.services.reminders import work_calendar
from bot.testing import FakeBotApi, RecordedRequest
from messages.render import render
from storage.models import RoleName
from tests.tenants.world import BOTH, VN_TZ, Committee, build_two_committees, settle, snapshot, today

# What a person can send: every command of the menu (the roles' guards decide what each may do).
COMMANDS = ("/start", "/huongdan", "/viec", "/tonghop", "/tonghop tháng này", "/tonghop 37/TB-UBND",
            "/tonghop Phòng Kinh tế", "/baocao", "/baocao Công an phường", "/chuanhan",
            "/chuanhan 37/TB-UBND",
            "/donvi", "/moi Phòng Kinh tế", "/moi vanphong", "/ngaynghi 05/01/2027 Nghỉ bù", "/chucdanh",
            "/chonuyban", "/lichsu", "/themuyban")


async def _forged(b: Committee) -> list[str]:
    """callback_data of every action, carrying B's ids (every Action: a new button is covered at once).
    The invite's check is forged too: whoever holds B's real link may join B, that is what it is for."""
    r = b.repos
    assert b.notice is not None and b.draft is not None
    task = b.assignments[0].task_id
    draft_task = (await r.tasks.for_notice(b.draft.id))[0].id
    [extension] = await r.extensions.pending()
    unit = b.units["Phòng Kinh tế"].id
    invite = await issue_invite(r, role=RoleName.head, unit_id=unit, created_by=b.people["office"].id,
                                ttl_hours=72, now=datetime.now(VN_TZ))
    [candidate] = [c.id for c in await r.candidates.open_for_notice(b.draft.id)]
    notice, draft, assignment = b.notice.id, b.draft.id, b.assignments[0].id
    ids: dict[Action, tuple[int, ...]] = {
        Action.acknowledge: (notice, unit), Action.progress: (assignment,), Action.done: (assignment,),
        Action.done_without_note: (assignment,), Action.extension: (assignment,),
        Action.snooze: (assignment,), Action.pick_task: (assignment, 1),
        Action.approve_extension: (extension.id,), Action.decline_extension: (extension.id,),
        Action.return_assignment: (assignment,), Action.source_file: (notice,), Action.publish: (draft,),
        Action.cancel: (draft,), Action.edit: (draft,), Action.edit_task: (draft_task,),
        Action.edit_deadline: (draft_task,), Action.edit_units: (draft_task,),
        Action.delivery_report: (notice,), Action.task_page: (draft, 1), Action.add_task: (draft,),
        Action.edit_text: (draft_task,), Action.remove_ask: (draft_task,),
        Action.remove_task: (draft_task,), Action.split_task: (draft_task,),
        Action.split_at: (draft_task, 1, 0), Action.split_paste: (draft_task,),
        Action.pick_units: (draft_task, 1), Action.toggle_unit: (draft_task, unit, 1),
        Action.take_candidate: (candidate, 1), Action.dismiss_candidate: (candidate, 1),
        Action.candidate_page: (draft, 1), Action.map_unit: (draft, 0, unit),
        Action.create_unit: (draft, 0), Action.skip_unit: (draft, 0),
        Action.invite_confirm: (invite.invite.id, confirm_check(invite.invite) ^ 1),
        Action.remove_head: (b.people["head"].id, unit), Action.task_detail: (task,),
        Action.task_history: (task,), Action.task_file: (task, 1),
        Action.set_title: (b.people["leader"].id, 1), Action.chart: (unit, notice, 0, 20301231),
        Action.workbook: (unit, notice, 0, 20301231), Action.correct: (notice,),
        Action.tenant: (b.tenant_id,), Action.correct_task: (task,), Action.withdraw_task: (task,),
        Action.withdraw_task_yes: (task,), Action.withdraw_notice: (notice,),
        Action.withdraw_notice_yes: (notice,), Action.add_missed_task: (notice,),
        Action.fix_deadline: (task,), Action.fix_units: (task,),
    }
    assert set(ids) == set(Action), f"actions without forged ids: {set(Action) - set(ids)}"
    assert all(len(v) == ARITY.get(action, 1) for action, v in ids.items())
    return [make(action, *values) for action, values in ids.items()]


def _seen(fake: FakeBotApi, chats: set[int], since: int = 0) -> list[str]:
    """Every text, caption and alert the bot sent to `chats` (and every callback answer) since `since`."""
    texts = []
    for request in fake.log_requests[since:]:
        if request.method == "answerCallbackQuery":
            texts.append(str(request.params.get("text") or ""))
        elif request.chat_id in chats:
            texts.append(str(request.text or "") + str(request.params.get("reply_markup") or ""))
    return texts


async def test_commands_and_forged_buttons_of_one_committee_never_reach_the_other(
    running_app: Application, fake_api: FakeBotApi, person
):
    a, b, _ = await build_two_committees(running_app)
    deployment = running_app.bot_data.deployment
    forged = await _forged(b)
    before = await snapshot(deployment, b.tenant_id)
    since = fake_api.mark()
    a_chats = set()
    for key in ("office", "head", "leader", "admin"):
        someone = person(a.telegram_id(key), f"ALPHA {key}")
        a_chats.add(someone.chat_id)
        last: RecordedRequest | None = None
        for command in COMMANDS:
            exchange = someone.send(command)
            await exchange.silence()
            answers = exchange._answers(("sendMessage",))
            last = answers[-1] if answers else last
        assert last is not None
        for data in forged:
            await someone.press(last, data=data).silence()

    leaked = [text for text in _seen(fake_api, a_chats, since) if "BRAVO" in text]
    assert leaked == []
    assert await snapshot(deployment, b.tenant_id) == before
    # A's own answers name A's things: the same notice number and unit names resolved in A
    texts = _seen(fake_api, a_chats, since)
    assert any("ALPHA" in text for text in texts)


async def _run_jobs(app: Application, monkeypatch, moment: datetime) -> None:
    monkeypatch.setattr(reminders, "utc_now", lambda: moment)
    for name in ("reminders", "digests"):
        [job] = app.job_queue.get_jobs_by_name(name)
        await job.run(app)
    await settle(app, moment)


async def test_reminders_digests_and_reports_are_each_committees_own(
    running_app: Application, fake_api: FakeBotApi, monkeypatch
):
    a, b, _ = await build_two_committees(running_app)
    data = running_app.bot_data
    calendar = await work_calendar(a.repos, data.settings)
    monday = today() + timedelta(days=7 - today().weekday())
    monday = monday if calendar.is_working_day(monday) else calendar.next_working_day(monday)
    since = fake_api.mark()
    await _run_jobs(running_app, monkeypatch, datetime.combine(monday, time(7, 35), VN_TZ))
    month = today().replace(day=1) + timedelta(days=40)
    report_day = send_day(month.year, month.month, 25, calendar)
    await _run_jobs(running_app, monkeypatch, datetime.combine(report_day, time(7, 35), VN_TZ))

    for mine, other, total in ((a, b, 2), (b, a, 3)):
        chats = {mine.telegram_id(key) for key in ("office", "head", "police", "leader", "admin")}
        texts = [t for t in _seen(fake_api, chats, since) if t]
        assert texts, f"{mine.marker}'s people heard nothing"
        assert [t for t in texts if other.marker in t] == []
        assert any(mine.marker in t for t in texts)  # reminders name their own tasks
        # the office's digest counts the committee's own tasks only
        assert any(f"Tổng số: {total} nhiệm vụ" in t for t in texts), texts


async def test_a_person_serving_both_chooses_the_committee_and_is_told_which_one(
    running_app: Application, fake_api: FakeBotApi, person
):
    a, b, both = await build_two_committees(running_app)
    member = person(BOTH, "Người hai Ủy ban")

    choice = await member.ask("/viec")
    assert [label for label, _ in choice.buttons] == ["UBND phường An", "UBND phường Bình"]
    chosen = await member.press(choice, button="UBND phường Bình").reply()
    assert "UBND phường Bình" in chosen.text

    tasks = await member.ask("/viec")  # head of B's Công an phường: B's tasks, not A's
    assert "BRAVO" in tasks.text and "ALPHA" not in tasks.text
    assert tasks.text.startswith("🏛 <b>UBND phường Bình</b>\n"), "an answer names the committee it is about"
    lone = await person(b.telegram_id("police"), "Trưởng Công an Bình").ask("/viec")
    assert "BRAVO" in lone.text and not lone.text.startswith("🏛"), "one committee: nothing to name"
    forged_a = make(Action.done, a.assignments[1].id)  # A's task of the same-named unit
    refused = member.press(tasks, data=forged_a)
    await refused.silence()
    assert (await a.repos.assignments.get(a.assignments[1].id)).status.value == "new"

    # what the bot sends them on its own (a new notice of B delivered) says which committee it is about
    since = fake_api.mark()
    parsed = ParsedNotice(notice=NoticeMeta(number="40/TB-UBND", title="Kết luận BRAVO mới"),
                          tasks=[ParsedTask(text="Tuần tra BRAVO", units=["Công an phường"])])
    draft = await b.repos.notices.save_parsed(
        parsed, created_by=b.people["office"].id, source_name=None, source_sha256=None, source_file_id=None,
        text="BRAVO", unit_ids_by_name=await b.repos.units.ids_by_name(), now=datetime.now(VN_TZ))
    await publish_notice(b.repos, draft.id, by=b.people["office"].id, now=datetime.now(VN_TZ), render=render)
    await running_app.bot_data.outbox.drain(datetime.now(VN_TZ))
    delivered = await fake_api.wait_for("sendMessage", chat_id=BOTH, since=since)
    assert delivered.text.startswith("🏛 <b>UBND phường Bình</b>\n") and "Tuần tra BRAVO" in delivered.text
    # someone serving one committee gets the same delivery without the line
    plain = await fake_api.wait_for("sendMessage", chat_id=b.telegram_id("police"), since=since)
    assert not plain.text.startswith("🏛")

    # a forged choice of a committee they do not serve changes nothing
    outsider = await running_app.bot_data.deployment.tenants.add("UBND xã Khác", now=datetime.now(VN_TZ))
    await member.press(tasks, data=make(Action.tenant, outsider.id)).silence()
    assert await running_app.bot_data.deployment.chat_tenants.chosen(BOTH) == b.tenant_id
    assert both.id  # the person is one row for both committees
