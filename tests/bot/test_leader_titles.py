"""Leaders are addressed by their title: set with the invite or by /chucdanh, used where they are named."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.services import leader_titles
from bot.services.publish import publish_notice
from messages.render import render
from storage.models import LeaderTitle, RoleName
from storage.repositories import FIRST_TENANT
from tests.bot.roles_setup import add_person, invite_token
from tests.reports import world as w
from tests.telegram.conftest import ADMIN_ID

CHAIRMAN, VICE = 7401, 7402


async def test_a_chairman_invited_as_such_is_registered_with_the_title(running_app, person):
    link = await person(ADMIN_ID, "Quản trị").ask("/moi lanhdao chủ tịch")
    assert link.text.splitlines()[0] == "🔗 Đường dẫn mời <b>Chủ tịch UBND</b>:"
    hung = person(CHAIRMAN, "Nguyễn Văn Hùng")
    offer = await hung.ask(f"/start {invite_token(link.text)}")
    await hung.press(offer, button="✅ Xác nhận").reply()

    (leader,) = await leader_titles.leaders(running_app.bot_data.repos_for(FIRST_TENANT))
    assert (leader.person.telegram_user_id, leader.title) == (CHAIRMAN, LeaderTitle.chairman)


async def test_an_admin_sets_a_leaders_title_with_chucdanh(running_app, person):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    await add_person(running_app, CHAIRMAN, "Nguyễn Văn Hùng", RoleName.leader)
    binh = await add_person(running_app, VICE, "Trần Thị Bình", RoleName.leader)
    admin = person(ADMIN_ID, "Quản trị")

    listing = await admin.ask("/chucdanh")
    assert "1. Nguyễn Văn Hùng — <i>chưa ghi chức danh</i>" in listing.text.splitlines()
    assert ("2. Phó Chủ tịch", f"ttl:{binh.id}:2") in listing.buttons
    done = await admin.press(listing, button="2. Phó Chủ tịch").reply()

    assert done.text == "✅ Đã ghi chức danh <b>Phó Chủ tịch</b> cho đồng chí <b>Trần Thị Bình</b>."
    assert await leader_titles.title_of(repos, binh.id) is LeaderTitle.vice_chairman
    refused = await person(VICE, "Trần Thị Bình").ask("/chucdanh")
    assert refused.text == "Đồng chí không có quyền thực hiện thao tác này."


async def test_a_delivery_names_the_chairman_who_concluded_the_notice(running_app):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    hung = await add_person(running_app, CHAIRMAN, "Nguyễn Văn Hùng", RoleName.leader)
    await add_person(running_app, VICE, "Trần Thị Bình", RoleName.leader)
    now = datetime.now(UTC)
    await repos.roles.set_title(hung.id, LeaderTitle.chairman, by=None, now=now)
    leaders = await leader_titles.leaders(repos)
    words = "Chủ tịch Ủy ban nhân dân phường"

    who = leader_titles.concluder(words, None, leaders)
    line = render("people/concluded_by.txt.j2", words=words, leader=who).strip()

    assert line == "Chủ tịch Ủy ban nhân dân phường (đồng chí Nguyễn Văn Hùng)"
    # nobody holds the vice-chairman's title yet: no name is guessed
    assert leader_titles.concluder("Phó Chủ tịch Ủy ban nhân dân phường", None, leaders) is None
    owner = next(leader for leader in leaders if leader.person.id == hung.id)
    named = render("people/concluded_by.txt.j2", words=None, leader=owner).strip()
    assert named == "Chủ tịch Nguyễn Văn Hùng"


async def test_a_heads_delivery_names_the_chairman_once_the_title_is_recorded(running_app, fake_api):
    data = running_app.bot_data
    ward = await w.demo_ward(data.repos_for(FIRST_TENANT), publish=False)
    repos = data.repos_for(FIRST_TENANT)
    await repos.roles.set_title(ward.people[w.CHAIRMAN].id, LeaderTitle.chairman, by=None, now=w.now())
    since = fake_api.mark()

    await publish_notice(repos, ward.notice.id, by=ward.people[w.CLERK].id, now=w.now(),
                         render=data.render)
    await data.outbox.drain(w.now())

    delivery = await fake_api.wait_for("sendMessage", chat_id=w.CULTURE_HEAD, since=since)
    assert ("Lãnh đạo kết luận: Chủ tịch Ủy ban nhân dân phường (đồng chí Nguyễn Văn Hùng)"
            in delivery.text.splitlines())
