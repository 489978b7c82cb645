"""Assignments move from new to done (or returned), and the sweep and digest queries see them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from storage.models import Assignment, AssignmentRole, AssignmentStatus, DigestRow, NoticeStatus


async def published(repos, office, now, **kwargs):
    notice = await office.draft(**kwargs)
    await repos.notices.publish(notice.id, now)
    items = await repos.assignments.for_notice(notice.id)
    lead = next(a for a in items if a.unit_id == office.economy.id)
    coordinator = next(
        a for a in items if a.unit_id == office.police.id and a.role == AssignmentRole.coordinate
    )
    no_deadline = next(a for a in items if a.deadline is None)
    return notice, lead, coordinator, no_deadline


async def test_assignment_carries_the_display_fields_the_bot_needs(repos, office, now):
    notice, lead, _, _ = await published(repos, office, now)
    assert isinstance(lead, Assignment)
    assert (lead.unit_name, lead.task_text, lead.notice_number, lead.notice_id) == (
        "Phòng Kinh tế", "Rà soát hồ sơ đất đai", "37/TB-UBND", notice.id)
    assert lead.deadline == lead.task_deadline == date(2026, 6, 30)
    assert lead.notice_status == NoticeStatus.published and lead.notice_published_at == now
    assert lead.status == AssignmentStatus.new and lead.is_open and lead.done_late is None
    assert await repos.assignments.get(lead.id) == lead


async def test_acknowledge_happens_once(repos, office, now):
    _, lead, _, _ = await published(repos, office, now)
    acked = await repos.assignments.acknowledge(lead.id, office.head.id, now)
    assert acked.status == AssignmentStatus.acknowledged and acked.acknowledged_by == office.head.id
    assert await repos.assignments.acknowledge(lead.id, office.head.id, now) is None


async def test_acknowledging_a_notice_for_a_unit_covers_all_its_tasks_and_no_other_unit(repos, office, now):
    notice, _, _, _ = await published(repos, office, now)
    changed = await repos.assignments.acknowledge_notice_for_unit(notice.id, office.police.id,
                                                                  office.police_head.id, now)
    assert {a.unit_id for a in changed} == {office.police.id} and len(changed) == 2
    left = await repos.assignments.not_acknowledged(notice.id)
    assert [a.unit_id for a in left] == [office.economy.id]
    assert await repos.assignments.acknowledge_notice_for_unit(notice.id, office.police.id, 1, now) == []


async def test_done_on_time_and_late_are_judged_against_the_current_deadline(repos, office, now):
    _, lead, coordinator, _ = await published(repos, office, now)
    # 23:30 on 30/06 in Hà Nội is 16:30 UTC: still on time
    on_time = await repos.assignments.mark_done(lead.id, office.head.id, "Đã xong",
                                                datetime(2026, 6, 30, 16, 30, tzinfo=UTC))
    assert on_time.status == AssignmentStatus.done and on_time.percent == 100
    assert on_time.done_on == date(2026, 6, 30) and on_time.done_late is False
    assert on_time.done_note == "Đã xong"
    # 07:30 on 01/07 in Hà Nội is 00:30 UTC: late
    late = await repos.assignments.mark_done(coordinator.id, office.police_head.id, None,
                                             datetime(2026, 7, 1, 0, 30, tzinfo=UTC))
    assert late.done_on == date(2026, 7, 1) and late.done_late is True
    assert await repos.assignments.mark_done(lead.id, office.head.id, None, now) is None


async def test_returned_assignment_is_open_again_with_the_reason(repos, office, now):
    _, lead, _, _ = await published(repos, office, now)
    await repos.assignments.mark_done(lead.id, office.head.id, None, now)
    returned = await repos.assignments.return_assignment(lead.id, office.clerk.id, "Thiếu hồ sơ", now)
    assert returned.status == AssignmentStatus.returned and returned.is_open
    assert returned.returned_reason == "Thiếu hồ sơ" and returned.done_at is None
    assert await repos.assignments.return_assignment(lead.id, office.clerk.id, "x", now) is None
    trail = [(e.action, e.before["status"], e.after["status"]) for e in
             await repos.audit.for_entity("assignment", lead.id)]
    assert trail == [("done", "new", "done"), ("return", "done", "returned")]


async def test_percent_moves_an_open_assignment_into_progress(repos, office, now):
    _, lead, _, _ = await published(repos, office, now)
    updated = await repos.assignments.set_percent(lead.id, 70, by=office.head.id, now=now)
    assert updated.percent == 70 and updated.status == AssignmentStatus.in_progress
    with pytest.raises(ValueError):
        await repos.assignments.set_percent(lead.id, 130, by=office.head.id, now=now)


async def test_sweep_queries_see_only_open_assignments_of_published_notices(repos, office, now):
    _, lead, coordinator, no_deadline = await published(repos, office, now)
    draft = await office.draft(sha="draft-only")
    assert draft.status == NoticeStatus.draft
    await repos.assignments.mark_done(coordinator.id, office.police_head.id, None, now)

    assert [a.id for a in await repos.assignments.overdue(date(2026, 7, 1))] == [lead.id]
    assert await repos.assignments.overdue(date(2026, 6, 30)) == []
    due = await repos.assignments.due_between(date(2026, 6, 27), date(2026, 6, 30))
    assert [a.id for a in due] == [lead.id]
    assert await repos.assignments.due_between(date(2026, 7, 1), date(2026, 7, 9)) == []
    stale = await repos.assignments.open_without_progress_since(now + timedelta(days=14))
    assert [a.id for a in stale] == [no_deadline.id]
    await repos.progress.add(no_deadline.id, office.police_head.id, "Đang làm", None, [], 300, 1,
                             now + timedelta(days=10))
    # the sweep on day 24 asks for "nothing since day 10": the report on day 10 counts
    assert await repos.assignments.open_without_progress_since(now + timedelta(days=10)) == []
    assert len(await repos.assignments.open_without_progress_since(now + timedelta(days=11))) == 1
    mine = await repos.assignments.for_person(office.police_head.id)
    assert [a.id for a in mine] == [no_deadline.id]
    assert {a.id for a in await repos.assignments.for_unit(office.police.id, open_only=False)} == {
        coordinator.id, no_deadline.id}


async def test_withdrawn_notice_stops_counting(repos, office, now):
    notice, _, _, _ = await published(repos, office, now)
    await repos.notices.withdraw(notice.id, now)
    assert await repos.assignments.overdue(date(2026, 12, 1)) == []
    assert await repos.assignments.not_acknowledged() == []
    assert await repos.assignments.open_published() == []


async def test_digest_counts_put_each_assignment_in_one_official_bucket(repos, office, now):
    _, lead, coordinator, no_deadline = await published(repos, office, now)
    other, lead2, coordinator2, _ = await published(repos, office, now, sha="sha-2", number="38/TB-UBND",
                                                     deadline=date(2026, 6, 10))
    await repos.assignments.mark_done(lead.id, office.head.id, None, datetime(2026, 6, 20, 3, tzinfo=UTC))
    await repos.assignments.mark_done(lead2.id, office.head.id, None, datetime(2026, 6, 15, 3, tzinfo=UTC))
    # today 2026-06-20: coordinator (due 30/06) in term, coordinator2 (due 10/06) overdue, no-deadline in term
    rows = await repos.assignments.digest_counts(date(2026, 6, 1), date(2026, 6, 30), date(2026, 6, 20))
    by_unit = {row.unit_name: row for row in rows}
    assert all(isinstance(row, DigestRow) for row in rows)
    assert by_unit["Phòng Kinh tế"].model_dump(exclude={"unit_id", "unit_name"}) == {
        "done_on_time": 1, "done_late": 1, "open_in_term": 0, "overdue": 0}
    assert by_unit["Công an phường"].model_dump(exclude={"unit_id", "unit_name"}) == {
        "done_on_time": 0, "done_late": 0, "open_in_term": 3, "overdue": 1}
    only_police = await repos.assignments.digest_counts(None, date(2026, 6, 30), date(2026, 6, 20),
                                                        unit_id=office.police.id)
    assert [r.unit_name for r in only_police] == ["Công an phường"]
    # a unit whose only open task has no deadline is "open within term", never overdue
    market = await repos.units.create("Ban Quản lý chợ", now=now)
    await repos.tasks.map_unresolved_name(other.id, "Ban Quản lý chợ", market.id, now=now)
    [row] = await repos.assignments.digest_counts(
        None, date(2026, 6, 30), date(2026, 6, 20), unit_id=market.id
    )
    assert (row.open_in_term, row.overdue, row.done_on_time, row.done_late) == (1, 0, 0, 0)
    one_notice = await repos.assignments.digest_counts(None, date(2026, 6, 30), date(2026, 6, 20),
                                                       notice_id=other.id)
    assert sum(r.total for r in one_notice) == 4
    # done before the period is not counted in it
    july = await repos.assignments.digest_counts(date(2026, 7, 1), date(2026, 7, 31), date(2026, 7, 1))
    assert sum(r.done_on_time + r.done_late for r in july) == 0
    # a notice published after the period's end is not in it
    may = await repos.assignments.digest_counts(date(2026, 5, 1), date(2026, 5, 31), date(2026, 5, 31))
    assert may == []
    assert coordinator.id and coordinator2.id and no_deadline.id
