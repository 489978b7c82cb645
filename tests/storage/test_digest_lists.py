"""The digest's all-units lists as SQL cuts them (storage/repositories/digest_lists.py), on each engine:
the first rows and the real total, the same as grouping every assignment would give."""

from __future__ import annotations

from datetime import date

from bot.services.digest import pending_acknowledgements
from tests.services.digest_world import World, at


async def _ward(repos):
    """Notices in order of delivery: 10/TB all acknowledged; 20/TB and 21/TB delivered at the same moment
    (the unit name orders their units together); 30/TB later; 40/TB withdrawn, never listed."""
    w = await World.start(repos)
    a, b, c = [await w.unit(name) for name in ("Phường An Hòa", "Phường Bình Minh", "Phường Cửu Long")]
    done = await w.notice("10/TB", date(2026, 5, 4), [("Kiểm tra", [a, b, c], None)])
    for item in await repos.assignments.for_notice(done.id):
        await w.acknowledge(item, date(2026, 5, 5))
    await w.notice("20/TB", date(2026, 5, 11), [("Rà soát", [c], None), ("Thống kê", [c], None)])
    await w.notice("21/TB", date(2026, 5, 11), [("Báo cáo", [a, b], None)])
    await w.notice("30/TB", date(2026, 5, 18), [("Tổng hợp", [a], None), ("Lập danh sách", [b], None)])
    withdrawn = await w.notice("40/TB", date(2026, 5, 2), [("Hủy bỏ", [a], None)])
    await repos.notices.withdraw(withdrawn.id, at(date(2026, 5, 3)))
    return w


async def test_pending_acknowledgements_come_oldest_delivery_first_with_the_real_total(repos):
    await _ward(repos)

    everything, total = await repos.digest_lists.pending_acknowledgements_top(12)

    assert [(row["unit_name"], row["notice_number"], row["tasks"]) for row in everything] == [
        ("Phường An Hòa", "21/TB", 1), ("Phường Bình Minh", "21/TB", 1), ("Phường Cửu Long", "20/TB", 2),
        ("Phường An Hòa", "30/TB", 1), ("Phường Bình Minh", "30/TB", 1)]
    assert total == 5


async def test_a_short_list_weighs_notices_delivered_at_the_same_moment_together(repos):
    await _ward(repos)

    # 20/TB alone holds a pair, but 21/TB, delivered with it, has units whose names come first.
    first, total = await repos.digest_lists.pending_acknowledgements_top(1)
    three, _ = await repos.digest_lists.pending_acknowledgements_top(4)

    assert [(row["unit_name"], row["notice_number"]) for row in first] == [("Phường An Hòa", "21/TB")]
    assert total == 5
    assert [(row["unit_name"], row["notice_number"]) for row in three] == [
        ("Phường An Hòa", "21/TB"), ("Phường Bình Minh", "21/TB"), ("Phường Cửu Long", "20/TB"),
        ("Phường An Hòa", "30/TB")]


async def test_pending_acknowledgements_agree_with_grouping_every_assignment(repos):
    await _ward(repos)
    unacknowledged = [a for a in await repos.assignments.not_acknowledged() if a.is_actionable]

    listed, total = await repos.digest_lists.pending_acknowledgements_top(12)

    grouped = pending_acknowledgements(unacknowledged)
    assert total == len(grouped)
    assert [(row["unit_id"], row["notice_id"], row["tasks"]) for row in listed] == [
        (p.unit_id, p.notice_id, p.tasks) for p in grouped]
