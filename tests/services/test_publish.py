"""publish_notice: one transaction for the status change and every head's messages; refuses what is not
ready; the delivery report is computed from the stored rows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.services.delivery_report import UnitState, delivery_report
from bot.services.publish import PublishOutcome, publish_notice
from messages.render import render
from storage.models import RoleName
from storage.repositories import Deployment
from tests.bot.notice_helpers import make_ward
from tests.notices import CULTURE, ECONOMY, MARKET, OFFICE, POLICE, TB_52
from tests.notices.store import save_draft


def sender(repos):
    """The delivery side of the outbox (every tenant's rows), on the same connection."""
    return Deployment(repos.db).outbox

NOW = datetime(2026, 6, 4, 2, 0, tzinfo=UTC)


async def _draft(repos, ward, *, resolve=True):
    """TB_52 from its task list; resolved: the market board's task dropped, as "Bỏ qua" does."""
    notice = await save_draft(repos, TB_52, by=ward.office.id, now=NOW)
    if resolve:
        await repos.tasks.drop_unresolved_name(notice.id, MARKET, now=NOW)
    return notice


async def _count(repos, table):
    return await repos.db.fetch_value(f"SELECT COUNT(*) FROM {table}")


async def test_publish_queues_one_message_per_head_and_deputy_of_each_unit(repos):
    ward = await make_ward(repos, without_heads=(POLICE,))
    deputy = await repos.people.upsert_from_telegram(7201, 7201, "Phó Bình", NOW)
    first_unit = ward.units[OFFICE]
    await repos.roles.grant(deputy.id, RoleName.deputy, first_unit.id, granted_by=None, now=NOW)
    notice = await _draft(repos, ward)

    report = await publish_notice(repos, notice.id, by=ward.office.id, now=NOW, render=render)

    assert report.outcome is PublishOutcome.published
    assert report.notice.status == "published"
    rows = await repos.outbox.with_key_prefix(f"deliver:{notice.id}:")
    assigned_units = {a.unit_id for a in await repos.assignments.for_notice(notice.id)}
    expected = {(ward.heads[name].chat_id, unit.id) for name, unit in ward.units.items()
                if name in ward.heads and unit.id in assigned_units} | {(7201, ward.units[OFFICE].id)}
    assert {(r.chat_id, int(r.key.split(":")[2])) for r in rows} == expected
    assert report.enqueued == len(rows)
    assert [u.unit_name for u in report.unregistered] == [POLICE]
    assert all(r.payload["link"]["kind"] == "delivery" for r in rows)

    again = await publish_notice(repos, notice.id, by=ward.office.id, now=NOW, render=render)
    assert again.outcome is PublishOutcome.not_draft
    assert len(await repos.outbox.with_key_prefix(f"deliver:{notice.id}:")) == len(rows)


async def test_a_failure_while_queueing_leaves_the_draft_and_no_rows(repos, monkeypatch):
    ward = await make_ward(repos)
    notice = await _draft(repos, ward)

    async def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(repos.outbox, "enqueue_many", broken)
    with pytest.raises(RuntimeError):
        await publish_notice(repos, notice.id, by=ward.office.id, now=NOW, render=render)

    assert (await repos.notices.get(notice.id)).status == "draft"
    assert await _count(repos, "outbox") == 0


async def test_unknown_unit_names_must_be_settled_before_publishing(repos):
    ward = await make_ward(repos)
    notice = await _draft(repos, ward, resolve=False)

    report = await publish_notice(repos, notice.id, by=ward.office.id, now=NOW, render=render)

    assert report.outcome is PublishOutcome.unresolved
    assert (await repos.notices.get(notice.id)).status == "draft"
    assert await _count(repos, "outbox") == 0


async def test_the_report_follows_sends_failures_and_acknowledgements(repos):
    ward = await make_ward(repos, without_heads=(POLICE,))
    notice = await _draft(repos, ward)
    await publish_notice(repos, notice.id, by=ward.office.id, now=NOW, render=render)
    rows = await repos.outbox.with_key_prefix(f"deliver:{notice.id}:")
    blocked = ward.units[CULTURE]
    for row in rows:
        if int(row.key.split(":")[2]) == blocked.id:
            await sender(repos).mark_failed(row.id, "Forbidden: bot was blocked by the user", NOW)
        elif int(row.key.split(":")[2]) == ward.units[OFFICE].id:
            await sender(repos).mark_sent(row.id, 55, NOW)
    office_unit = ward.units[OFFICE]
    await repos.assignments.acknowledge_notice_for_unit(notice.id, office_unit.id,
                                                        ward.heads[OFFICE].id, NOW)

    report = await delivery_report(repos, notice.id)

    states = {u.unit_name: u.state for u in report.units}
    assert states[OFFICE] is UnitState.delivered
    assert states[CULTURE] is UnitState.unreachable
    assert states[POLICE] is UnitState.unregistered
    assert states[ECONOMY] is UnitState.sending
    acknowledged = [u for u in report.units if u.acknowledged]
    assert [(u.unit_name, u.acknowledged_by) for u in acknowledged] == [
        (OFFICE, ward.heads[OFFICE].display_name)]
