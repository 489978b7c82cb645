"""A deployment admin (DONDOC_ADMIN_IDS) creates a committee in the bot and names its first office clerk;
the clerk's invite binds them to that committee only."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime

from storage.models import RoleName
from tests.bot.roles_setup import add_person, invite_token
from tests.cli import dondoc
from tests.telegram.conftest import ADMIN_ID

CLERK = 6601


async def test_a_new_committee_gets_its_first_office_clerk_from_the_bot(running_app, fake_api, person):
    admin = person(ADMIN_ID, "Quản trị")
    usage = await admin.ask("/themuyban")
    assert "Cú pháp" in usage.text
    added = await admin.ask("/themuyban UBND xã Tân Lập")
    assert "Đã tạo <b>UBND xã Tân Lập</b> (mã 2)" in added.text

    choice = await admin.ask("/chonuyban")
    assert [label for label, _ in choice.buttons] == ["Ủy ban nhân dân", "UBND xã Tân Lập"]
    await admin.press(choice, button="UBND xã Tân Lập").reply()
    link = await admin.ask("/moi vanphong")
    clerk = person(CLERK, "Hoa")
    offer = await clerk.ask(f"/start {invite_token(link.text)}")
    await clerk.press(offer, button="✅ Xác nhận").reply()

    deployment = running_app.bot_data.deployment
    hoa = await deployment.people.get_by_telegram_id(CLERK)
    assert hoa is not None
    assert [t.name for t in await deployment.tenants.of_person(hoa.id)] == ["UBND xã Tân Lập"]
    assert await running_app.bot_data.repos_for(2).roles.has_role(hoa.id, RoleName.office)
    assert not await running_app.bot_data.repos_for(1).roles.has_role(hoa.id, RoleName.office)
    # the clerk serves one committee: no choice, no switch in their menu
    guide = await clerk.ask("/huongdan")
    assert "/chonuyban" not in guide.text and "/moi" in guide.text


async def test_only_a_deployment_admin_creates_committees(running_app, fake_api, person):
    await add_person(running_app, 6602, "Lan", RoleName.admin)  # the committee's own admin
    refused = await person(6602, "Lan").ask("/themuyban UBND xã Khác")
    assert "không có quyền" in refused.text
    assert len(await running_app.bot_data.deployment.tenants.all()) == 1


async def test_the_command_line_invites_a_committees_first_office_clerk(running_app, settings, person):
    deployment = running_app.bot_data.deployment
    tenant = await deployment.tenants.add("UBND xã Tân Lập", now=datetime.now(UTC))
    ran = await asyncio.to_thread(dondoc, "tenant", "invite", str(tenant.id), "--db", str(settings.database))
    assert ran.returncode == 0 and "Lời mời cán bộ Văn phòng của UBND xã Tân Lập (mã 2)" in ran.stdout
    token = re.search(r"/start (\S+)", ran.stdout).group(1)

    clerk = person(CLERK, "Hoa")
    offer = await clerk.ask(f"/start {token}")
    await clerk.press(offer, button="✅ Xác nhận").reply()
    hoa = await deployment.people.get_by_telegram_id(CLERK)
    assert await running_app.bot_data.repos_for(tenant.id).roles.has_role(hoa.id, RoleName.office)
