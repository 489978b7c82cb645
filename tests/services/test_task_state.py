"""Each task's stored state (migration 0009, kept by triggers) equals a recount from its assignments after
every kind of change, and the digest's counts read from it equal the counts grouped from every assignment."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.parser.models import NoticeMeta, ParsedNotice, ParsedTask
from storage.models import OPEN_STATUSES, AssignmentRole
from storage.repositories.reports import ReportWindow
from tests.services.digest_world import at
from tests.services.test_digest import JUNE, TODAY, build_ward

STATE = ("state_assignments", "state_open", "state_deadline", "state_done_on", "open_assignments",
         "latest_done_on")


async def _stored(repos) -> dict[int, tuple]:
    rows = await repos.db.fetch_all(f"SELECT id, {', '.join(STATE)} FROM tasks")
    return {row["id"]: tuple(row[name] for name in STATE) for row in rows}


async def _recounted(repos) -> dict[int, tuple]:
    """The state by reports.py's definition, in Python: the lead units' assignments (all when none
    leads), withdrawn ones aside; open work and the latest finish over every assignment."""
    tasks = {row["id"]: [] for row in await repos.db.fetch_all("SELECT id FROM tasks")}
    for row in await repos.db.fetch_all("SELECT * FROM assignments"):
        tasks[row["task_id"]].append(dict(row))
    found = {}
    for task_id, rows in tasks.items():
        kept = [r for r in rows if r["withdrawn_at"] is None]
        decides = [r for r in kept if r["role"] == "lead"] or kept
        done = [r for r in decides if r["status"] == "done" and r["done_on"] is not None]
        found[task_id] = (
            len(decides), len(decides) - len(done),
            max((r["deadline"] for r in decides if r["deadline"]), default=None),
            max((r["done_on"] for r in done), default=None),
            sum(r["status"] in OPEN_STATUSES for r in rows),
            max((r["done_on"] for r in rows if r["done_on"]), default=None),
        )
    return found


async def _assert_state_is_a_recount(repos) -> None:
    assert await _stored(repos) == await _recounted(repos)


@pytest.fixture
async def ward(repos):
    return await build_ward(repos)


async def test_task_state_equals_a_recount_after_every_kind_of_change(repos, ward):
    await _assert_state_is_a_recount(repos)  # published, acknowledged, done, left open
    clerk = ward.clerk.id
    trung_thu = await repos.assignments.for_notice(ward.n45.id)
    police, health = sorted(trung_thu, key=lambda a: a.unit_id != ward.police.id)
    steps = [
        lambda: repos.assignments.mark_done(health.id, clerk, "Xong", at(date(2026, 6, 20))),
        lambda: repos.assignments.return_assignment(health.id, clerk, "Chưa đủ", at(date(2026, 6, 21))),
        lambda: repos.assignments.set_deadline(police.id, date(2026, 8, 1), clerk, at(date(2026, 6, 21))),
        lambda: repos.assignments.set_deadline(police.id, None, clerk, at(date(2026, 6, 21))),
        lambda: repos.assignments.mark_done(police.id, clerk, "Xong", at(date(2026, 6, 22))),
        # a coordinator makes the state of a task no unit leads, and leaves it once a unit leads again
        lambda: repos.corrections.put_unit(police.task_id, police.unit_id, AssignmentRole.coordinate,
                                           None, by=clerk, now=at(TODAY)),
        lambda: repos.corrections.withdraw_assignments([health.id], by=clerk, now=at(TODAY)),
        lambda: repos.corrections.put_unit(health.task_id, health.unit_id, AssignmentRole.lead,
                                           date(2026, 7, 1), by=clerk, now=at(TODAY)),
        lambda: repos.notices.withdraw(ward.n37.id, at(TODAY), by=clerk),
    ]
    for step in steps:
        await step()
        await _assert_state_is_a_recount(repos)


async def test_a_deleted_draft_leaves_no_state_behind(repos, ward):
    parsed = ParsedNotice(notice=NoticeMeta(number="50/TB-UBND"), tasks=[
        ParsedTask(text="Dọn vệ sinh", units=[ward.police.name], deadline=date(2026, 7, 1))])
    draft = await repos.notices.save_parsed(
        parsed, created_by=None, source_name=None, source_sha256=None, source_file_id=None, text="50",
        unit_ids_by_name=await repos.units.ids_by_name(), now=at(TODAY))
    await _assert_state_is_a_recount(repos)
    assert await repos.notices.delete_draft(draft.id, by=ward.clerk.id, now=at(TODAY))
    await _assert_state_is_a_recount(repos)


@pytest.mark.parametrize("days_after", [0, -10, 30])
@pytest.mark.parametrize("scope", ["all units", "notice 37"])
async def test_counts_from_the_stored_state_equal_the_counts_from_every_assignment(
    repos, ward, scope, days_after
):
    # as of today (the stored state is current), ten days back (work finished since is still open then:
    # counted from every assignment) and a month on
    notice_id = ward.n37.id if scope == "notice 37" else None
    as_of = TODAY + timedelta(days=days_after)
    trung_thu = next(a for a in await repos.assignments.for_notice(ward.n45.id)
                     if a.unit_id == ward.health.id)
    for change in (None, "one of two leads done"):
        if change:  # the task stays open, with a finished lead whose date must not count yet
            await repos.assignments.mark_done(trung_thu.id, ward.clerk.id, "Xong", at(date(2026, 6, 10)))
        for start in (JUNE, date(2026, 5, 1), date(2026, 6, 20)):
            window = ReportWindow(start=start, end=as_of, as_of=as_of, notice_id=notice_id)
            totals, units = await repos.reports.counts(window)
            assert totals == await repos.reports.task_counts(window), (change, start)
            assert units == await repos.reports.unit_counts(window), (change, start)
