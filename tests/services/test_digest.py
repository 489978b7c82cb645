"""The digest's buckets and lists, from assignments left in every state at chosen times."""

from __future__ import annotations

from datetime import date

import pytest

from bot.parser.models import Recurrence
from bot.services.digest import Capped, DigestItem, build_digest
from bot.services.digest_messages import digest_messages
from bot.services.report import report_data
from bot.services.report_scope import ReportScope
from messages.render import environment, render
from storage.models import RoleName
from tests.services.digest_world import TRICKY_UNIT, World, at

TODAY = date(2026, 6, 22)  # a Monday
JUNE = date(2026, 6, 1)


async def build_ward(repos):
    """Notice 37 (published 20/05) and 45 (published 15/06) over three units, in every state."""
    w = await World.start(repos)
    w.economy = await w.unit(TRICKY_UNIT)
    w.police = await w.unit("Công an phường")
    w.health = await w.unit("Trạm Y tế")
    w.health_head = await w.person("Nguyễn Thị Hạnh", RoleName.head, w.health)
    w.n37 = await w.notice("37/TB-UBND", date(2026, 5, 20), [
        ("Rà soát hồ sơ đất đai", [w.economy], date(2026, 6, 10)),
        ("Báo cáo tình hình an ninh trật tự", [w.police], date(2026, 6, 12)),
        ("Kiểm tra an toàn thực phẩm", [w.health], date(2026, 6, 30)),
        ("Giải tỏa lấn chiếm vỉa hè", [w.economy], date(2026, 6, 17)),
        ("Cập nhật phần mềm một cửa", [w.police], date(2026, 6, 25)),
        ("Báo cáo dịch bệnh hằng tháng", [w.health], None, Recurrence.monthly),
        ("Báo cáo thu ngân sách hằng tháng", [w.economy], None, Recurrence.monthly),
        ("Tổng kết công tác tháng 5", [w.police], date(2026, 5, 30)),
    ])
    w.n45 = await w.notice("45/TB-UBND", date(2026, 6, 15), [
        ("Chuẩn bị Tết Trung thu", [w.police, w.health], date(2026, 7, 15)),
    ])
    a = {text: await w.assignment(w.n37, text) for text in (
        "Rà soát hồ sơ đất đai", "Báo cáo tình hình an ninh trật tự", "Kiểm tra an toàn thực phẩm",
        "Giải tỏa lấn chiếm vỉa hè", "Báo cáo dịch bệnh hằng tháng", "Báo cáo thu ngân sách hằng tháng",
        "Tổng kết công tác tháng 5")}
    for text in ("Rà soát hồ sơ đất đai", "Kiểm tra an toàn thực phẩm", "Giải tỏa lấn chiếm vỉa hè",
                 "Báo cáo dịch bệnh hằng tháng", "Báo cáo thu ngân sách hằng tháng"):
        await w.acknowledge(a[text], date(2026, 5, 21))
    await w.done(a["Rà soát hồ sơ đất đai"], date(2026, 6, 9))  # on time
    await w.done(a["Báo cáo tình hình an ninh trật tự"], date(2026, 6, 15))  # 3 days late
    await w.done(a["Tổng kết công tác tháng 5"], date(2026, 5, 28))  # on time, before June
    # The budget report came in this month; the epidemic report did not.
    await repos.progress.add(a["Báo cáo thu ngân sách hằng tháng"].id, None, "Đã báo cáo", None, [], None,
                             None, at(date(2026, 6, 5)))
    # Trung thu: the health station acknowledged, the police did not.
    trung_thu = next(x for x in await repos.assignments.for_notice(w.n45.id) if x.unit_id == w.health.id)
    await w.acknowledge(trung_thu, date(2026, 6, 16))
    await repos.people.set_reachable(w.health_head.id, False, at(date(2026, 6, 18)))
    return w


@pytest.fixture
async def ward(repos):
    return await build_ward(repos)


def _row(digest, unit):
    return next(row for row in digest.units.items if row.unit_id == unit.id)


async def test_counts_fall_in_the_four_official_buckets(repos, ward):
    digest = await build_digest(repos, today=TODAY, period_start=JUNE, period_end=TODAY)

    # Tasks: Trung thu counts once though two units lead it; the monthly reports have no deadline and
    # stand apart; May's summary was done before June.
    totals = digest.totals
    assert (totals.done_on_time, totals.done_late, totals.open_in_term, totals.overdue) == (1, 1, 3, 1)
    assert (totals.no_deadline_done, totals.no_deadline_open, totals.total) == (0, 2, 8)
    assert totals.on_time_rate == pytest.approx(100 / 3)
    # Per unit: each unit's own assignments, Trung thu in both the police's and the health station's row.
    economy, police, health = _row(digest, ward.economy), _row(digest, ward.police), _row(digest, ward.health)
    assert (economy.done_on_time, economy.done_late, economy.open_in_term, economy.overdue) == (1, 0, 0, 1)
    assert (police.done_on_time, police.done_late, police.open_in_term, police.overdue) == (0, 1, 2, 0)
    assert (health.done_on_time, health.done_late, health.open_in_term, health.overdue) == (0, 0, 2, 0)
    assert (economy.no_deadline, police.no_deadline, health.no_deadline) == (1, 0, 1)


async def test_work_done_before_the_period_counts_only_without_a_start(repos, ward):
    june = await build_digest(repos, today=TODAY, period_start=JUNE, period_end=TODAY)
    ever = await build_digest(repos, today=TODAY, period_start=None, period_end=TODAY)

    assert _row(june, ward.police).done_on_time == 0
    assert _row(ever, ward.police).done_on_time == 1


async def test_overdue_list_gives_days_late_against_today(repos, ward):
    digest = await build_digest(repos, today=TODAY, period_start=JUNE, period_end=TODAY)
    later = await build_digest(repos, today=date(2026, 6, 29), period_start=JUNE, period_end=TODAY)

    assert [(i.task_text, i.deadline, i.days_late) for i in digest.overdue.items] == [
        ("Giải tỏa lấn chiếm vỉa hè", date(2026, 6, 17), 5)]
    # A week later the software update (due 25/06) is late too, the health check (due 30/06) is not;
    # the longest overdue comes first.
    assert [(i.task_text, i.days_late) for i in later.overdue.items] == [
        ("Giải tỏa lấn chiếm vỉa hè", 12), ("Cập nhật phần mềm một cửa", 4)]


async def test_due_soon_covers_the_next_seven_days_only(repos, ward):
    digest = await build_digest(repos, today=TODAY, period_start=JUNE, period_end=TODAY)
    wider = await build_digest(repos, today=TODAY, period_start=JUNE, period_end=TODAY,
                               due_until=date(2026, 6, 30))

    assert digest.due_until == date(2026, 6, 29)
    assert [i.task_text for i in digest.due_soon.items] == ["Cập nhật phần mềm một cửa"]
    assert [i.task_text for i in wider.due_soon.items] == ["Cập nhật phần mềm một cửa",
                                                          "Kiểm tra an toàn thực phẩm"]


async def test_not_acknowledged_is_grouped_by_unit_and_notice_oldest_first(repos, ward):
    digest = await build_digest(repos, today=TODAY, period_start=JUNE, period_end=TODAY)

    assert [(p.unit_name, p.notice_number, p.tasks) for p in digest.not_acknowledged.items] == [
        ("Công an phường", "37/TB-UBND", 1), ("Công an phường", "45/TB-UBND", 1)]


async def test_unreachable_heads_and_recurring_tasks_without_a_report(repos, ward):
    digest = await build_digest(repos, today=TODAY, period_start=JUNE, period_end=TODAY)

    assert [(h.display_name, h.unit_names) for h in digest.unreachable.items] == [
        ("Nguyễn Thị Hạnh", ["Trạm Y tế"])]
    assert [(g.task_text, g.period_start) for g in digest.recurring_gaps.items] == [
        ("Báo cáo dịch bệnh hằng tháng", JUNE)]


async def test_one_unit_only(repos, ward):
    digest = await build_digest(repos, today=TODAY, period_start=JUNE, period_end=TODAY,
                                unit_id=ward.police.id)

    assert digest.unit_name == "Công an phường"
    assert [row.unit_id for row in digest.units.items] == [ward.police.id]
    assert (digest.totals.done_late, digest.totals.open_in_term, digest.totals.overdue) == (1, 2, 0)
    assert digest.overdue.items == []
    assert [i.task_text for i in digest.due_soon.items] == ["Cập nhật phần mềm một cửa"]
    assert len(digest.not_acknowledged.items) == 2
    assert digest.unreachable.items == [] and digest.recurring_gaps.items == []


async def test_one_notice_only(repos, ward):
    digest = await build_digest(repos, today=TODAY, period_start=date(2026, 6, 15), period_end=TODAY,
                                notice_id=ward.n45.id)

    assert digest.notice_number == "45/TB-UBND"
    assert sorted(row.unit_name for row in digest.units.items) == ["Công an phường", "Trạm Y tế"]
    # one task, led by both units: one in the total, one in each unit's row
    assert digest.totals.total == digest.totals.open_in_term == 1
    assert [row.open_in_term for row in digest.units.items] == [1, 1]
    assert digest.overdue.items == [] and digest.due_soon.items == []
    assert [(p.unit_name, p.notice_number) for p in digest.not_acknowledged.items] == [
        ("Công an phường", "45/TB-UBND")]
    # The unreachable head is head of a unit the notice involves.
    assert [h.display_name for h in digest.unreachable.items] == ["Nguyễn Thị Hạnh"]


async def test_long_lists_are_capped_and_say_how_many_more(repos, ward):
    digest = await build_digest(repos, today=date(2026, 7, 20), period_start=JUNE, period_end=TODAY,
                                list_limit=1)

    assert digest.overdue.total == 5 and len(digest.overdue.items) == 1 and digest.overdue.more == 4
    assert digest.overdue.items[0].days_late == 33  # the pavement, the longest overdue, first


async def test_too_many_units_show_those_with_most_overdue_work(repos, ward):
    digest = await build_digest(repos, today=TODAY, period_start=JUNE, period_end=TODAY, unit_limit=2)

    # the economy unit has overdue work; the police and the clinic tie on open work, by name
    assert [row.unit_name for row in digest.units.items] == ["Công an phường", TRICKY_UNIT]
    assert digest.units.more == 1
    text = "\n".join(digest_messages(render, "digest.html.j2", digest=digest))
    assert "… và 1 đơn vị khác (gõ /tonghop tên đơn vị để xem riêng)." in text.splitlines()


async def test_digest_renders_escaped_vietnamese_lines(repos, ward):
    digest = await build_digest(repos, today=TODAY, period_start=JUNE, period_end=TODAY)

    messages = digest_messages(render, "digest.html.j2", digest=digest)

    assert len(messages) == 1 and len(messages[0]) < 4096
    lines = messages[0].splitlines()
    assert lines[:3] == ["<b>📊 TỔNG HỢP THỰC HIỆN NHIỆM VỤ</b>", "Tất cả các đơn vị",
                         "Kỳ báo cáo: từ 01/06/2026 đến 22/06/2026"]
    assert "<b>Tổng số: 8 nhiệm vụ</b> (mỗi nhiệm vụ tính một lần, theo đơn vị chủ trì)" in lines
    assert "✅ Hoàn thành đúng hạn: <b>1</b>" in lines
    assert "❗ Chưa hoàn thành, quá hạn: <b>1</b>" in lines
    assert "➖ Không có thời hạn: <b>2</b> (đã hoàn thành 0, chưa hoàn thành 2)" in lines
    assert "📈 Tỷ lệ hoàn thành đúng hạn: <b>33,3%</b> (1/3)" in lines
    assert "Phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng (3): ✅ 1 · 🕓 0 · 🔄 0 · ❗ 1 · ➖ 1" in lines
    assert "Công an phường (3): ✅ 0 · 🕓 1 · 🔄 2 · ❗ 0" in lines
    assert ("• <b>Phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng</b>: Giải tỏa lấn chiếm vỉa hè"
            " — hạn 17/06/2026, quá hạn 5 ngày (số 37/TB-UBND)") in lines
    assert ("• <b>Công an phường</b>: Cập nhật phần mềm một cửa — hạn Thứ Năm, 25/06/2026 (số 37/TB-UBND)"
            in lines)
    assert "• <b>Công an phường</b>: thông báo số 45/TB-UBND — 1 nhiệm vụ, gửi ngày 15/06/2026" in lines
    assert "• Nguyễn Thị Hạnh — Trạm Y tế" in lines
    assert ("• <b>Trạm Y tế</b>: Báo cáo dịch bệnh hằng tháng — báo cáo hằng tháng, chưa có báo cáo từ"
            " 01/06/2026 (số 37/TB-UBND)") in lines
    assert "<b>Kinh tế</b>" not in messages[0]


async def test_an_empty_scope_says_so(repos):
    await World.start(repos)
    digest = await build_digest(repos, today=TODAY, period_start=JUNE, period_end=TODAY)

    assert digest_messages(render, "digest.html.j2", digest=digest) == [
        "<b>📊 TỔNG HỢP THỰC HIỆN NHIỆM VỤ</b>\nTất cả các đơn vị\n"
        "Kỳ báo cáo: từ 01/06/2026 đến 22/06/2026\n\n"
        "Không có nhiệm vụ nào trong phạm vi và kỳ báo cáo này."]


def test_a_long_task_is_clipped_and_a_notice_without_number_says_so():
    item = DigestItem(assignment_id=1, unit_id=1, unit_name="Ban <i>Quản lý</i> chợ & bến",
                      task_text="Rà soát " * 40, notice_id=1, notice_number=None,
                      deadline=date(2026, 6, 1), days_late=3)
    parts = environment().get_template("digest_parts.html.j2").module

    lines = str(parts.overdue(Capped[DigestItem](items=[item], total=1))).strip().splitlines()

    assert lines[0] == "<b>❗ Quá hạn (1)</b>"
    assert lines[1].startswith("• <b>Ban &lt;i&gt;Quản lý&lt;/i&gt; chợ &amp; bến</b>: Rà soát Rà soát")
    assert lines[1].endswith("… — hạn 01/06/2026, quá hạn 3 ngày (không số)")
    assert len(lines[1]) < 200


@pytest.mark.parametrize("scope", ["all units", "notice 37"])
async def test_digest_and_official_report_agree_on_every_count(repos, ward, scope):
    # Notice 37 holds a task done on time, one done late, open ones within term, an overdue one and
    # tasks without a deadline; all units adds notice 45, led by two units.
    notice_id = ward.n37.id if scope == "notice 37" else None
    digest = await build_digest(repos, today=TODAY, period_start=JUNE, period_end=TODAY, notice_id=notice_id)
    scope_ = ReportScope(start=JUNE, end=TODAY, notice_id=notice_id)
    # the workbook (totals, units counted from its task list) and the chart (units from SQL)
    report = await report_data(repos, scope_, TODAY, at(TODAY))
    chart = await report_data(repos, scope_, TODAY, at(TODAY), with_tasks=False)

    assert digest.totals == report.totals
    assert digest.units.items == report.units == chart.units
    # The overdue list counts exactly the report's overdue assignments.
    assert digest.overdue.total == sum(row.overdue for row in report.units) == 1
    assert (report.totals.done_on_time, report.totals.done_late, report.totals.overdue) == (1, 1, 1)
    assert report.totals.open_in_term >= 2 and report.totals.no_deadline_open == 2
