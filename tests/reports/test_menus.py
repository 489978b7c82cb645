"""Each person's command menu holds exactly the commands their roles allow, /huongdan lists exactly
those, and the menu follows a role given or taken away."""

from __future__ import annotations

import re

import pytest

from bot.services.menus import commands_for
from messages.render import render
from storage.models import RoleName
from tests.bot.roles_setup import add_person, add_unit, invite_token
from tests.telegram.conftest import ADMIN_ID

HEAD, OFFICE, LEADER = 3101, 3102, 3103
EXPECTED = {
    HEAD: ["viec", "lichsu", "start", "huongdan"],
    OFFICE: ["tonghop", "baocao", "lichsu", "chuanhan", "moi", "donvi", "start", "huongdan"],
    LEADER: ["tonghop", "baocao", "lichsu", "start", "huongdan"],
    # DONDOC_ADMIN_IDS are the deployment's admins: they also create committees
    ADMIN_ID: ["tonghop", "baocao", "lichsu", "chuanhan", "moi", "donvi", "ngaynghi", "chucdanh", "themuyban",
               "start", "huongdan"],
}


def _menu_for(chat_id: int):
    return lambda r: (r.params.get("scope") or {}).get("chat_id") == chat_id


def _commands_in(text: str) -> list[str]:
    """The /commands a guide line starts with ("• /viec — …")."""
    return [m.group(1) for m in re.finditer(r"^• /([a-z]+) — ", text, re.MULTILINE)]


@pytest.fixture
async def office_staff(running_app):
    unit = await add_unit(running_app, "Công an phường")
    await add_person(running_app, HEAD, "Dũng", RoleName.head, unit)
    await add_person(running_app, OFFICE, "Hạnh", RoleName.office)
    await add_person(running_app, LEADER, "Hùng", RoleName.leader)
    return unit


@pytest.mark.parametrize("who", [HEAD, OFFICE, LEADER, ADMIN_ID])
async def test_each_roles_menu_and_guide_hold_exactly_its_commands(office_staff, fake_api, person, who):
    guide = await person(who, "Người dùng").ask("/huongdan")

    menu = await fake_api.wait_for("setMyCommands", _menu_for(who))
    assert menu.params["scope"] == {"type": "chat", "chat_id": who}
    assert [c["command"] for c in fake_api.chat_commands[who]] == EXPECTED[who]
    section = guide.text.split("<b>Lệnh đồng chí dùng được</b>")[1]
    assert _commands_in(section) == EXPECTED[who]


async def test_a_stranger_gets_the_default_menu_only(running_app, fake_api, person):
    assert [c["command"] for c in fake_api.commands] == ["start", "huongdan"]
    await person(5555, "Lạ").ask("/huongdan")
    assert 5555 not in fake_api.chat_commands


async def test_the_menu_follows_registration_and_removal(office_staff, running_app, fake_api, person):
    admin = person(ADMIN_ID, "Tuấn")
    await admin.ask("/start")
    link = await admin.ask(f"/moi {office_staff.name} trưởng")
    newcomer = person(3200, "Bảo")
    offer = await newcomer.ask(f"/start {invite_token(link.text)}")
    await newcomer.press(offer, button=offer.buttons[0][0]).reply()
    await fake_api.wait_for("setMyCommands", _menu_for(3200))
    assert [c["command"] for c in fake_api.chat_commands[3200]] == EXPECTED[HEAD]

    units = await admin.send("/donvi").replies(1)
    remove = next(label for label, _ in units[0].buttons if "Bảo" in label)
    mark = fake_api.mark()
    await admin.press(units[0], button=remove).reply()
    await fake_api.wait_for("setMyCommands", _menu_for(3200), since=mark)
    assert [c["command"] for c in fake_api.chat_commands[3200]] == ["start", "huongdan"]


def test_the_guide_template_lists_the_commands_it_is_given():
    text = render("registration/help.html.j2", is_head=True, is_office=False, is_leader=False, is_admin=False,
                  commands=["viec", "huongdan"])
    assert _commands_in(text) == ["viec", "huongdan"]
    assert commands_for(None) == ["start", "huongdan"]
