"""/lichsu in reply to a task message: the task's history, oldest first, from the rows and the audit trail."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.services import corrections
from storage.repositories import FIRST_TENANT
from tests.bot.replies_world import deliver
from tests.reports import world as w


@pytest.fixture
async def ward(running_app):
    return await w.demo_ward(running_app.bot_data.repos_for(FIRST_TENANT))


async def test_a_heads_history_shows_acknowledgement_reports_and_the_offices_deadline_change(
        ward, running_app, fake_api, person):
    repos = ward.repos
    sidewalk = await ward.assignment(w.ECONOMY, "lấn chiếm vỉa hè")
    message = await deliver(running_app, fake_api, w.ECONOMY_HEAD, [sidewalk])
    head = person(w.ECONOMY_HEAD, "Bình")
    await repos.assignments.acknowledge(sidewalk.id, ward.people[w.ECONOMY_HEAD].id, w.now())
    await head.send("Đã xong 40%, đang <b>giải tỏa</b>", reply_to=message).reply()
    new = w.today() + timedelta(days=25)
    await corrections.change_deadline(repos, sidewalk.task_id, new, by=ward.people[w.CLERK].id, now=w.now())

    history = await head.ask("/lichsu", reply_to=message)

    lines = history.text.splitlines()
    assert lines[0] == "🕘 <b>Lịch sử nhiệm vụ 1</b> — thông báo số 45/TB-UBND"
    events = [line.split(" — ", 1)[1] for line in lines if line.startswith("• ")]
    assert events[0] == "Văn phòng gửi thông báo (Nguyễn Thị Hạnh)"
    assert "<b>Phòng Kinh tế, Hạ tầng và Đô thị</b> xác nhận đã nhận (Bình)" in events  # his Telegram name
    assert any(e.startswith("<b>Phòng Kinh tế, Hạ tầng và Đô thị</b> báo cáo tiến độ 40%:"
                            " «Đã xong 40%, đang &lt;b&gt;giải tỏa&lt;/b&gt;»") for e in events)
    assert (f"Đổi hạn của <b>Công an phường</b> từ {sidewalk.deadline:%d/%m/%Y} thành {new:%d/%m/%Y}"
            " (Nguyễn Thị Hạnh)") in events
    assert history.buttons == [("🔎 Chi tiết", f"tdet:{sidewalk.task_id}")]


async def test_lichsu_without_a_task_message_says_how_to_use_it(ward, person):
    answer = await person(w.POLICE_HEAD, "Dũng").ask("/lichsu")
    assert answer.text.startswith("Để xem lịch sử một nhiệm vụ, xin trả lời (reply) tin nhắn của nhiệm vụ đó")
