"""Scheduled digests under a simulated clock: the job runs every minute, digests go out once."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.config import Settings
from bot.services.scheduled_digests import run_scheduled_digests
from messages.render import render
from storage.db import open_database
from storage.models import LeaderTitle, RoleName
from storage.repositories import FIRST_TENANT, Repositories
from tests.services.digest_world import TRICKY_UNIT, World, at


@pytest.fixture
def settings(tmp_path, monkeypatch):
    for name in list(os.environ):
        if name.startswith("DONDOC_"):
            monkeypatch.delenv(name)
    return Settings(_env_file=None, db_path=tmp_path / "dondoc.sqlite3")


@pytest.fixture
async def office(repos):
    """A leader, two office clerks (one also from World.start), a unit with an overdue task."""
    w = await World.start(repos)
    w.unit_x = await w.unit(TRICKY_UNIT)
    w.leader = await w.person("Chủ tịch Trần Văn An", RoleName.leader)
    w.second_clerk = await w.person("Lê Thị Bình", RoleName.office)
    w.notice37 = await w.notice("37/TB-UBND", date(2026, 4, 1), [
        ("Giải tỏa lấn chiếm vỉa hè", [w.unit_x], date(2026, 4, 10)),
        ("Rà soát hồ sơ đất đai", [w.unit_x], date(2026, 4, 29)),
        ("Báo cáo kết quả quý I", [w.unit_x], date(2026, 4, 20)),
    ])
    await w.done(await w.assignment(w.notice37, "Báo cáo kết quả quý I"), date(2026, 4, 22))
    return w


class Clock:
    """The job as the JobQueue runs it, with a drain that records when it was asked to send."""

    def __init__(self, repos, settings):
        self.repos, self.settings, self.drains = repos, settings, []

    async def drain(self, now):
        self.drains.append(now)

    async def run(self, day: date, hhmm: str) -> int:
        return await run_scheduled_digests(self.repos, self.drain, self.settings, at(day, hhmm), render)

    async def every_minute(self, day: date, start: str, end: str) -> int:
        moment, stop, total = at(day, start), at(day, end), 0
        while moment <= stop:
            total += await run_scheduled_digests(self.repos, self.drain, self.settings, moment, render)
            moment += timedelta(minutes=1)
        return total


async def _keys(repos, prefix="digest:"):
    return [row.key for row in await repos.outbox.with_key_prefix(prefix)]


async def test_office_daily_goes_at_0730_once_however_often_the_job_runs(repos, settings, office):
    clock = Clock(repos, settings)
    monday = date(2026, 4, 20)

    assert await clock.every_minute(monday, "07:00", "07:29") == 0
    # At 07:30 each clerk gets one message; the leader's Monday digest (text, chart) goes at the same
    # minute.
    assert await clock.run(monday, "07:30") == 4
    assert await clock.every_minute(monday, "07:31", "09:00") == 0
    assert await clock.run(monday, "16:59") == 0

    assert sorted(await _keys(repos, "digest:office:")) == [
        f"digest:office:{office.clerk.id}:2026-04-20", f"digest:office:{office.second_clerk.id}:2026-04-20"]
    assert len(clock.drains) == 1  # sent right away, not at the next outbox tick
    row = await repos.outbox.for_key(f"digest:office:{office.clerk.id}:2026-04-20")
    assert row.chat_id == office.clerk.chat_id and row.kind == "message"
    assert row.payload["text"].startswith("<b>🗂 VIỆC CẦN ĐÔN ĐỐC — Thứ Hai, 20/04/2026</b>")


async def test_a_restart_does_not_resend_the_days_digest(repos, settings, office, tmp_path):
    clock = Clock(repos, settings)
    monday, tuesday = date(2026, 4, 20), date(2026, 4, 21)
    assert await clock.run(monday, "07:45") == 4

    # The process restarts at 10:00: a new connection, the same database file.
    reopened = await open_database(tmp_path / "dondoc.sqlite3", migrate=True)
    try:
        again = Clock(Repositories(reopened, FIRST_TENANT), settings)
        assert await again.every_minute(monday, "10:00", "10:05") == 0
        # Tuesday: the office's daily digest is new, the leader's weekly one was sent on Monday.
        assert await again.run(tuesday, "07:30") == 2
        assert await again.run(tuesday, "07:31") == 0
    finally:
        await reopened.close()


async def test_after_downtime_a_missed_digest_goes_once_in_the_window_but_never_after_it(
        repos, settings, office):
    clock = Clock(repos, settings)
    assert await clock.run(date(2026, 4, 13), "07:30") > 0  # the week before: running as usual
    # Down since before Monday 20/04, back on Thursday at 13:00: today's office digest and the leader's
    # missed Monday digest go, once.
    assert await clock.run(date(2026, 4, 23), "13:00") == 4
    key = f"digest:leaders:{office.leader.id}"
    assert await _keys(repos, "digest:leaders:") == [f"{key}:2026-04-13", f"{key}:2026-04-13:chart",
                                                    f"{key}:2026-04-23", f"{key}:2026-04-23:chart"]
    assert await clock.run(date(2026, 4, 23), "13:01") == 0
    # Down until evening: nothing outside the window; the next working morning (Monday 27/04 is a day
    # off) brings that day's digest.
    assert await clock.run(date(2026, 4, 24), "17:30") == 0
    assert await clock.run(date(2026, 4, 28), "07:30") > 0
    assert not [key for key in await _keys(repos) if "2026-04-24" in key]


async def test_a_bot_started_for_the_first_time_sends_no_stale_weekly_digest(repos, settings, office):
    clock = Clock(repos, settings)
    # First start on Thursday 23/04: the office gets today's digest; Monday's weekly digest for the
    # leaders is not sent three days late.
    assert await clock.every_minute(date(2026, 4, 23), "13:00", "13:05") == 2
    assert await _keys(repos, "digest:leaders:") == []
    assert await clock.run(date(2026, 4, 24), "07:30") == 2  # Friday: the office's only
    # The next scheduled moment: Monday 27/04 is the Hùng Kings' day off, so Tuesday 28/04 at 07:30.
    assert await clock.run(date(2026, 4, 28), "07:29") == 0
    assert await clock.run(date(2026, 4, 28), "07:30") == 4
    assert await _keys(repos, "digest:leaders:") == [f"digest:leaders:{office.leader.id}:2026-04-28",
                                                    f"digest:leaders:{office.leader.id}:2026-04-28:chart"]


async def test_the_weekly_digest_greets_a_leader_by_title_and_the_untitled_as_before(repos, settings, office):
    vice = await office.person("Lê Văn Cường", RoleName.leader)
    await repos.roles.set_title(vice.id, LeaderTitle.vice_chairman, by=None, now=at(date(2026, 4, 1)))
    clock = Clock(repos, settings)

    await clock.run(date(2026, 4, 20), "07:30")

    greeted = (await repos.outbox.for_key(f"digest:leaders:{vice.id}:2026-04-20")).payload["text"]
    plain = (await repos.outbox.for_key(f"digest:leaders:{office.leader.id}:2026-04-20")).payload["text"]
    assert greeted.splitlines()[1] == "Kính gửi đồng chí Phó Chủ tịch Lê Văn Cường."
    assert plain.splitlines()[1].startswith("Tuần qua:")
    assert greeted.splitlines()[2:] == plain.splitlines()[1:]


async def test_nothing_on_a_sunday_or_a_public_holiday(repos, settings, office):
    clock = Clock(repos, settings)

    assert await clock.every_minute(date(2026, 4, 26), "07:25", "07:40") == 0  # Sunday
    assert await clock.every_minute(date(2026, 9, 2), "07:25", "07:40") == 0  # National Day
    assert await clock.run(date(2026, 9, 1), "08:00") == 0  # its companion day off
    assert await _keys(repos) == []
    # The office hears again on the first working day after the break.
    assert await clock.run(date(2026, 9, 3), "07:30") > 0


async def test_a_day_an_admin_adds_is_a_day_off_for_digests_too(repos, settings, office):
    await repos.reminders.add_day_off(date(2026, 4, 23), "Đại hội Đảng bộ phường", now=at(date(2026, 4, 1)))
    clock = Clock(repos, settings)

    assert await clock.run(date(2026, 4, 20), "07:30") == 4  # Monday: the leader (text, chart), both clerks
    assert await clock.run(date(2026, 4, 22), "07:30") == 2
    assert await clock.run(date(2026, 4, 23), "07:30") == 0
    assert await clock.run(date(2026, 4, 24), "07:30") == 2


async def test_leaders_monday_digest_moves_to_tuesday_after_a_monday_holiday(repos, settings, office):
    clock = Clock(repos, settings)

    # Monday 27/04/2026 is the Hùng Kings' day off.
    assert await clock.every_minute(date(2026, 4, 27), "07:25", "07:35") == 0
    assert await clock.run(date(2026, 4, 28), "07:30") == 4  # the leader (text, chart) and both clerks
    assert await clock.run(date(2026, 4, 29), "07:30") == 2  # Wednesday: office only

    assert await _keys(repos, "digest:leaders:") == [f"digest:leaders:{office.leader.id}:2026-04-28",
                                                    f"digest:leaders:{office.leader.id}:2026-04-28:chart"]
    chart = await repos.outbox.for_key(f"digest:leaders:{office.leader.id}:2026-04-28:chart")
    assert chart.kind == "photo" and chart.payload["caption"].startswith("📊 Biểu đồ")
    assert Path(chart.payload["path"]).read_bytes().startswith(b"\x89PNG")  # noqa: ASYNC240
    row = await repos.outbox.for_key(f"digest:leaders:{office.leader.id}:2026-04-28")
    lines = row.payload["text"].splitlines()
    assert lines[:2] == ["<b>📊 TỔNG HỢP TUẦN — Thứ Ba, 28/04/2026</b>",
                         "Tuần qua: từ 20/04/2026 đến 26/04/2026"]
    # Done late in the past week; still open, one overdue since 10/04.
    assert "🕓 Hoàn thành quá hạn: <b>1</b>" in lines
    assert "Phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng (3): ✅ 0 · 🕓 1 · 🔄 1 · ❗ 1" in lines
    assert ("• <b>Phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng</b>: Giải tỏa lấn chiếm vỉa hè"
            " — hạn 10/04/2026, quá hạn 18 ngày (số 37/TB-UBND)") in lines
    # What falls due this week, through Sunday.
    assert "<b>📅 Đến hạn trong tuần này (đến 03/05/2026) (1)</b>" in lines
    assert ("• <b>Phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng</b>: Rà soát hồ sơ đất đai"
            " — hạn Thứ Tư, 29/04/2026 (số 37/TB-UBND)") in lines


async def test_leaders_digest_after_the_national_day_break_goes_on_thursday(repos, settings, office):
    clock = Clock(repos, settings)
    for day in (date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 2)):
        assert await clock.run(day, "07:30") == 0
    assert await clock.run(date(2026, 9, 3), "07:30") == 4
    assert await clock.run(date(2026, 9, 4), "07:30") == 2


async def test_unreachable_or_chatless_recipients_get_nothing(repos, settings, office):
    await repos.people.set_reachable(office.second_clerk.id, False, at(date(2026, 4, 1)))
    await repos.people.set_reachable(office.leader.id, False, at(date(2026, 4, 1)))
    # Known from an invite but never wrote to the bot privately: no chat to send to.
    chatless = await repos.people.upsert_from_telegram(7777, None, "Phạm Văn Cường", at(date(2026, 4, 1)))
    await repos.roles.grant(chatless.id, RoleName.office, granted_by=None, now=at(date(2026, 4, 1)))
    clock = Clock(repos, settings)

    assert await clock.run(date(2026, 4, 20), "07:30") == 1
    assert await _keys(repos) == [f"digest:office:{office.clerk.id}:2026-04-20"]


async def test_office_all_clear_is_one_short_message(repos, settings):
    clerk = await (await World.start(repos)).person("Văn thư 2", RoleName.office)
    clock = Clock(repos, settings)

    assert await clock.run(date(2026, 4, 21), "07:30") == 2
    row = await repos.outbox.for_key(f"digest:office:{clerk.id}:2026-04-21")
    assert row.payload["text"] == (
        "<b>🗂 VIỆC CẦN ĐÔN ĐỐC — Thứ Ba, 21/04/2026</b>\n\n"
        "✅ Hôm nay không có nhiệm vụ quá hạn, thông báo chưa được xác nhận, trưởng đơn vị mất liên lạc"
        " hay nhiệm vụ định kỳ thiếu báo cáo.")


async def test_a_long_digest_is_several_messages_below_the_limit_each_once(repos, settings):
    w = await World.start(repos)
    units = [await w.unit(f"Tổ dân phố số {n} <b>&</b> khu vực Bạch Đằng mở rộng") for n in range(1, 41)]
    await w.notice("99/TB-UBND", date(2026, 3, 2), [
        (f"Nhiệm vụ số {n}: hoàn thiện hồ sơ, thủ tục và báo cáo kết quả thực hiện đến UBND phường "
         "trước thời hạn quy định, kèm theo danh sách hộ gia đình", [unit], date(2026, 3, 20))
        for n, unit in enumerate(units, start=1)
    ])
    clock = Clock(repos, settings)

    added = await clock.run(date(2026, 4, 21), "07:30")
    assert await clock.run(date(2026, 4, 21), "07:31") == 0

    rows = await repos.outbox.with_key_prefix(f"digest:office:{w.clerk.id}:2026-04-21")
    assert len(rows) == added > 1
    assert [row.key for row in rows] == [f"digest:office:{w.clerk.id}:2026-04-21"] + [
        f"digest:office:{w.clerk.id}:2026-04-21:{part}" for part in range(2, added + 1)]
    texts = [row.payload["text"] for row in rows]
    assert all(len(text) < 4096 for text in texts)
    joined = "\n".join(texts)
    # The office's list stops at 25 items and says how many more there are.
    assert sum(", quá hạn 32 ngày (số 99/TB-UBND)" in line for line in joined.splitlines()) == 25
    assert "… và 15 mục khác." in joined.splitlines()
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in joined and "<b>&</b>" not in joined
