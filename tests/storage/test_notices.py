"""Notices: saved as drafts with tasks and assignments, corrected, published, withdrawn, deleted."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from storage.db import database_errors
from storage.models import AssignmentRole, Notice, NoticeStatus, Task


async def test_saved_notice_round_trips_with_tasks_units_and_unresolved_names(repos, office, now):
    notice = await office.draft()
    assert isinstance(notice, Notice) and notice.status == NoticeStatus.draft
    assert notice.number == "37/TB-UBND" and notice.issued_on == date(2026, 6, 3)
    assert notice.source_sha256 == "sha-1" and notice.source_file_id == "file-abc"
    assert notice.text == "THÔNG BÁO …" and notice.created_by == office.clerk.id
    first, second = notice.tasks
    assert isinstance(first, Task) and first.text == "Rà soát hồ sơ đất đai" and first.section == "1"
    assert first.deadline == date(2026, 6, 30)
    assert [(u.unit_name, u.role) for u in first.units] == [
        ("Phòng Kinh tế", AssignmentRole.lead), ("Công an phường", AssignmentRole.coordinate)]
    assert [(u.unit_name, u.role) for u in second.units] == [("Công an phường", AssignmentRole.lead)]
    assert [(u.name, u.role) for u in second.unresolved] == [("Ban Quản lý chợ", AssignmentRole.lead)]
    assert notice.unresolved_names() == ["Ban Quản lý chợ"]
    assert await repos.notices.get_with_tasks(notice.id) == notice
    plain = await repos.notices.get(notice.id)
    assert plain.tasks is None and plain.model_dump(exclude={"tasks"}) == notice.model_dump(exclude={"tasks"})


async def test_a_file_uploaded_twice_is_recognised_and_numbers_are_found(repos, office):
    notice = await office.draft(sha="same-file")
    assert (await repos.notices.by_sha256("same-file")).id == notice.id
    assert await repos.notices.by_sha256("other") is None
    assert [n.id for n in await repos.notices.find_by_number("37/tb-ubnd ")] == [notice.id]
    assert [n.id for n in await repos.notices.list_recent(5)] == [notice.id]
    assert await repos.notices.list_recent(5, status="published") == []


async def test_unknown_unit_mapped_later_gets_the_role_it_was_named_in(repos, office, now):
    notice = await office.draft()
    market = await repos.units.create("Ban Quản lý chợ Bạch Đằng", now=now)
    assert await repos.tasks.map_unresolved_name(notice.id, "Ban Quản lý chợ", market.id, now=now) == 1
    reloaded = await repos.notices.get_with_tasks(notice.id)
    assert reloaded.unresolved_names() == []
    assert ("Ban Quản lý chợ Bạch Đằng", AssignmentRole.lead) in [
        (u.unit_name, u.role) for u in reloaded.tasks[1].units]


async def test_skipping_an_unknown_unit_removes_the_name_only(repos, office, now):
    notice = await office.draft()
    assert await repos.tasks.drop_unresolved_name(notice.id, "Ban Quản lý chợ", now=now) == 1
    reloaded = await repos.notices.get_with_tasks(notice.id)
    assert reloaded.unresolved_names() == [] and len(reloaded.tasks[1].units) == 1


async def test_office_changes_task_units_and_deadline_of_a_draft(repos, office, now):
    notice = await office.draft()
    task = notice.tasks[0]
    changed = await repos.tasks.set_task_units(task.id, [office.police.id], [office.economy.id],
                                               by=office.clerk.id, now=now)
    assert [(u.unit_id, u.role) for u in changed.units] == [
        (office.police.id, AssignmentRole.lead), (office.economy.id, AssignmentRole.coordinate)]
    moved = await repos.tasks.set_task_deadline(task.id, date(2026, 7, 10), by=office.clerk.id, now=now)
    assert moved.deadline == date(2026, 7, 10)
    assert {a.deadline for a in await repos.assignments.for_notice(notice.id) if a.task_id == task.id} == {
        date(2026, 7, 10)}
    await repos.notices.publish(notice.id, now)
    assert await repos.tasks.set_task_units(task.id, [office.economy.id], by=None, now=now) is None


async def test_task_deadline_change_keeps_an_extended_assignment_deadline(repos, office, now):
    notice = await office.draft()
    task = notice.tasks[0]
    lead, coordinator = [a for a in await repos.assignments.for_notice(notice.id) if a.task_id == task.id]
    await repos.assignments.set_deadline(coordinator.id, date(2026, 8, 1), office.clerk.id, now)
    await repos.tasks.set_task_deadline(task.id, date(2026, 7, 5), by=office.clerk.id, now=now)
    assert (await repos.assignments.get(lead.id)).deadline == date(2026, 7, 5)
    assert (await repos.assignments.get(coordinator.id)).deadline == date(2026, 8, 1)


async def test_publish_is_conditional_and_withdraw_follows(repos, office, now):
    notice = await office.draft()
    published = await repos.notices.publish(notice.id, now + timedelta(minutes=1), by=office.clerk.id)
    assert published.status == NoticeStatus.published and published.published_at == now + timedelta(minutes=1)
    assert await repos.notices.publish(notice.id, now) is None
    withdrawn = await repos.notices.withdraw(notice.id, now + timedelta(days=1), by=office.clerk.id)
    assert withdrawn.status == NoticeStatus.withdrawn
    assert await repos.notices.withdraw(notice.id, now) is None
    trail = [(e.before, e.after) for e in await repos.audit.for_entity("notice", notice.id)]
    assert ({"status": "draft"}, {"status": "published"}) in trail
    assert ({"status": "published"}, {"status": "withdrawn"}) in trail


async def test_deleting_a_draft_removes_its_tasks_and_assignments(repos, office, db, now):
    notice = await office.draft()
    keep = await office.draft(sha="sha-2")
    assert await repos.notices.delete_draft(notice.id, now=now)
    assert await repos.notices.get(notice.id) is None
    assert await repos.tasks.for_notice(notice.id) == []
    assert await repos.assignments.for_notice(notice.id) == []
    assert await db.fetch_value("SELECT COUNT(*) FROM tasks") == len(keep.tasks)


async def test_a_published_notice_cannot_be_deleted_only_withdrawn(repos, office, db, now):
    notice = await office.draft()
    await repos.notices.publish(notice.id, now)
    assert not await repos.notices.delete_draft(notice.id, now=now)
    # even a raw DELETE is refused by the database itself
    with pytest.raises(database_errors(), match="only a draft"):
        async with db.transaction():
            await db.execute("DELETE FROM notices WHERE id = ?", (notice.id,))
    assert len(await repos.assignments.for_notice(notice.id)) == 3
    await repos.notices.withdraw(notice.id, now)
    assert not await repos.notices.delete_draft(notice.id, now=now)
    assert (await repos.notices.get(notice.id)).status == NoticeStatus.withdrawn


async def test_notice_leader_is_stored(repos, office, now):
    notice = await office.draft()
    assert await repos.notices.set_leader(notice.id, office.clerk.id, by=office.clerk.id, now=now)
    assert (await repos.notices.get(notice.id)).leader_id == office.clerk.id
    assert (await repos.assignments.for_notice(notice.id))[0].notice_leader_id == office.clerk.id
