"""Progress, extensions, message links, reminder bookkeeping and the audit trail round-trip."""

from __future__ import annotations

from datetime import date, timedelta

from storage.models import (
    AssignmentStatus,
    AuditEntry,
    DayOff,
    Extension,
    ExtensionDecision,
    MessageLink,
    Progress,
    ReminderSent,
)


async def lead_assignment(repos, office, now):
    notice = await office.draft()
    await repos.notices.publish(notice.id, now)
    return next(a for a in await repos.assignments.for_notice(notice.id) if a.unit_id == office.economy.id)


async def test_progress_reply_is_stored_and_moves_the_assignment(repos, office, now):
    lead = await lead_assignment(repos, office, now)
    report = await repos.progress.add(lead.id, office.head.id, "Đã xong 70% <b>&</b>", 70,
                                      ["photo-1", "doc-2"], 200, 555, now + timedelta(hours=1))
    assert isinstance(report, Progress) and report.file_ids == ["photo-1", "doc-2"]
    assert report.text == "Đã xong 70% <b>&</b>" and report.percent == 70 and report.edited_at is None
    moved = await repos.assignments.get(lead.id)
    assert moved.status == AssignmentStatus.in_progress and moved.percent == 70
    assert moved.last_progress_at == now + timedelta(hours=1)
    edited = await repos.progress.update_from_edit(200, 555, "Đã xong 80%", 80, now + timedelta(hours=2))
    assert edited.id == report.id and edited.text == "Đã xong 80%" and edited.edited_at is not None
    assert (await repos.assignments.get(lead.id)).percent == 80
    assert await repos.progress.update_from_edit(200, 999, "x", None, now) is None
    await repos.progress.add(lead.id, office.head.id, "Ảnh", None, ["photo-3"], 200, 556,
                             now + timedelta(hours=3))
    assert [p.message_id for p in await repos.progress.for_assignment(lead.id)] == [555, 556]
    assert (await repos.progress.last_for_assignment(lead.id)).message_id == 556
    assert (await repos.assignments.get(lead.id)).percent == 80  # a report without percent keeps it


async def test_approved_extension_moves_the_deadline_and_a_declined_one_does_not(repos, office, now):
    lead = await lead_assignment(repos, office, now)
    asked = await repos.extensions.request(lead.id, office.head.id, date(2026, 7, 15), "Chờ số liệu", now)
    assert isinstance(asked, Extension) and asked.decision == ExtensionDecision.pending
    assert asked.previous_deadline == date(2026, 6, 30)
    assert [e.id for e in await repos.extensions.pending()] == [asked.id]
    approved = await repos.extensions.decide(asked.id, True, office.clerk.id, now + timedelta(hours=1))
    assert approved.decision == ExtensionDecision.approved and approved.decided_by == office.clerk.id
    assert await repos.extensions.decide(asked.id, False, office.clerk.id, now) is None
    assert (await repos.assignments.get(lead.id)).deadline == date(2026, 7, 15)
    assert (await repos.assignments.get(lead.id)).task_deadline == date(2026, 6, 30)

    second = await repos.extensions.request(lead.id, office.head.id, date(2026, 8, 15), "Thêm", now)
    declined = await repos.extensions.decide(second.id, False, office.clerk.id, now)
    assert declined.decision == ExtensionDecision.declined
    assert (await repos.assignments.get(lead.id)).deadline == date(2026, 7, 15)
    assert await repos.extensions.pending() == []
    assert await repos.extensions.get(second.id) == declined
    trail = [e for e in await repos.audit.for_entity("assignment", lead.id) if e.action == "set_deadline"]
    assert [(e.before, e.after) for e in trail] == [({"deadline": "2026-06-30"}, {"deadline": "2026-07-15"})]


async def test_message_link_finds_the_assignments_a_message_was_about(repos, office, now):
    lead = await lead_assignment(repos, office, now)
    link = await repos.links.add(200, 777, lead.notice_id, [lead.id], "delivery", now)
    assert isinstance(link, MessageLink)
    assert await repos.links.find(200, 777) == link
    assert link.assignment_ids == [lead.id] and link.notice_id == lead.notice_id
    assert await repos.links.find(200, 778) is None
    assert await repos.links.find(201, 777) is None


async def test_reminder_is_recorded_once_per_assignment_kind_and_period(repos, office, now):
    lead = await lead_assignment(repos, office, now)
    assert await repos.reminders.record(lead.id, "before_7d", "2026-06-23", now)
    assert not await repos.reminders.record(lead.id, "before_7d", "2026-06-23", now)
    assert await repos.reminders.record(lead.id, "overdue", "2026-07-01", now)
    sent = await repos.reminders.sent_for(lead.id)
    assert all(isinstance(s, ReminderSent) for s in sent) and len(sent) == 2
    assert await repos.reminders.count(lead.id, "overdue") == 1
    assert await repos.reminders.count(lead.id) == 2


async def test_snooze_is_allowed_twice(repos, office, now):
    lead = await lead_assignment(repos, office, now)
    first = await repos.reminders.snooze(lead.id, now + timedelta(days=1), now, by=office.head.id)
    assert first.snooze_count == 1 and first.snoozed_until == now + timedelta(days=1)
    assert (await repos.reminders.snooze(lead.id, now + timedelta(days=2), now)).snooze_count == 2
    assert await repos.reminders.snooze(lead.id, now + timedelta(days=3), now) is None
    assert (await repos.assignments.get(lead.id)).snoozed_until == now + timedelta(days=2)


async def test_days_off_added_by_an_admin_are_listed(repos, now):
    assert await repos.reminders.add_day_off(date(2026, 9, 1), "Nghỉ bù", now=now)
    assert not await repos.reminders.add_day_off(date(2026, 9, 1), "again", now=now)
    days = await repos.reminders.days_off(date(2026, 8, 1), date(2026, 9, 30))
    assert [(d.day, d.reason) for d in days] == [(date(2026, 9, 1), "Nghỉ bù")]
    assert isinstance(days[0], DayOff)
    assert await repos.reminders.days_off(date(2026, 10, 1), date(2026, 10, 31)) == []


async def test_audit_records_who_changed_what(repos, office, now):
    await repos.audit.record(at=now, actor_id=office.clerk.id, action="rename", entity="unit",
                             entity_id=office.economy.id, before={"name": "A"}, after={"name": "B"})
    [entry] = [e for e in await repos.audit.for_entity("unit", office.economy.id) if e.action == "rename"]
    assert isinstance(entry, AuditEntry) and entry.actor_id == office.clerk.id and entry.at == now
    assert (entry.before, entry.after) == ({"name": "A"}, {"name": "B"})
