"""The reply services on a real database: ownership, the pending which-task report, done, decisions."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

from bot.parser.models import NoticeMeta, ParsedNotice, ParsedTask
from bot.services import completion, extensions, progress
from bot.services.completion import DoneOutcome
from bot.services.extensions import DecideOutcome
from bot.services.progress import ProgressOutcome, Report
from storage.models import AssignmentStatus, RoleName

NOW = datetime(2026, 6, 10, 3, 0, tzinfo=UTC)


async def _world(repos):
    ours = await repos.units.create("Phòng Kinh tế", now=NOW)
    theirs = await repos.units.create("Phòng Y tế", now=NOW)
    head = await repos.people.upsert_from_telegram(11, 11, "Lan", NOW)
    await repos.roles.grant(head.id, RoleName.head, ours.id, granted_by=None, now=NOW)
    parsed = ParsedNotice(notice=NoticeMeta(number="5/TB"), tasks=[
        ParsedTask(text="Một", units=["Phòng Kinh tế"], deadline=date(2026, 6, 30)),
        ParsedTask(text="Hai", units=["Phòng Kinh tế"], deadline=date(2026, 6, 5)),
        ParsedTask(text="Ba", units=["Phòng Y tế"], deadline=date(2026, 6, 30)),
    ])
    notice = await repos.notices.save_parsed(
        parsed, created_by=None, source_name=None, source_sha256=None, source_file_id=None, text="x",
        unit_ids_by_name=await repos.units.ids_by_name(), now=NOW)
    await repos.notices.publish(notice.id, NOW)
    one, two, three = await repos.assignments.for_notice(notice.id)
    return head, frozenset({ours.id}), (one, two, three), theirs


async def test_a_report_on_several_assignments_waits_for_the_choice(repos):
    head, units, (one, two, three), _ = await _world(repos)
    report = Report(text="Đã xong 40%", chat_id=11, message_id=77)

    asked = await progress.record_reply(repos, person_id=head.id, head_unit_ids=units,
                                        assignment_ids=[one.id, two.id, three.id], report=report, now=NOW)

    assert asked.outcome is ProgressOutcome.choose
    assert [a.id for a in asked.choices] == [one.id, two.id]  # another unit's task is never offered
    await progress.ask_which(repos, report=report, percent=asked.percent, choices=asked.choices,
                             text="?", reply_markup={"inline_keyboard": []}, now=NOW)
    await repos.links.add(11, 78, one.notice_id, [one.id, two.id], progress.PICK_LINK, NOW)
    chosen = await progress.record_choice(repos, person_id=head.id, head_unit_ids=units, chat_id=11,
                                          question_message_id=78, assignment_id=two.id, reply_message_id=77,
                                          now=NOW)
    assert (chosen.outcome, chosen.assignment.percent) == (ProgressOutcome.recorded, 40)
    again = await progress.record_choice(repos, person_id=head.id, head_unit_ids=units, chat_id=11,
                                         question_message_id=78, assignment_id=one.id, reply_message_id=77,
                                         now=NOW)
    assert again.outcome is ProgressOutcome.stale
    assert await repos.progress.for_assignment(one.id) == []


async def test_a_report_on_another_units_assignment_is_refused(repos):
    head, units, (_, _, three), _ = await _world(repos)

    result = await progress.record_reply(repos, person_id=head.id, head_unit_ids=units,
                                         assignment_ids=[three.id],
                                         report=Report(text="Đã xong", chat_id=11, message_id=1),
                                         now=NOW)

    assert result.outcome is ProgressOutcome.owner
    assert await repos.progress.for_assignment(three.id) == []


async def test_done_is_late_against_the_deadline_and_only_once(repos):
    head, units, (_, two, three), _ = await _world(repos)

    done = await completion.complete(repos, assignment_id=two.id, person_id=head.id, head_unit_ids=units,
                                     report=None, now=NOW)
    twice = await completion.complete(repos, assignment_id=two.id, person_id=head.id, head_unit_ids=units,
                                      report=None, now=NOW)
    foreign = await completion.complete(repos, assignment_id=three.id, person_id=head.id,
                                        head_unit_ids=units, report=None, now=NOW)

    assert (done.outcome, done.assignment.done_late) == (DoneOutcome.done, True)
    assert twice.outcome is DoneOutcome.already
    assert foreign.outcome is DoneOutcome.owner
    assert (await repos.assignments.get(three.id)).status == AssignmentStatus.new


async def test_the_first_of_two_simultaneous_decisions_wins(repos):
    head, _, (one, _, _), _ = await _world(repos)
    leader = await repos.people.upsert_from_telegram(21, 21, "Bình", NOW)
    asked = await extensions.request(repos, assignment=one, person_id=head.id, proposed=date(2026, 7, 20),
                                     reason="chờ vốn", now=NOW)

    approve, decline = await asyncio.gather(
        extensions.decide(repos, extension_id=asked.extension.id, approved=True, by=leader.id, now=NOW),
        extensions.decide(repos, extension_id=asked.extension.id, approved=False, by=leader.id, now=NOW),
    )

    outcomes = sorted([approve.outcome, decline.outcome])
    assert outcomes == [DecideOutcome.already, DecideOutcome.decided]
    winner = approve if approve.outcome is DecideOutcome.decided else decline
    expected = date(2026, 7, 20) if winner is approve else date(2026, 6, 30)
    assert (await repos.assignments.get(one.id)).deadline == expected
