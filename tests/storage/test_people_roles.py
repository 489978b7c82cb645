"""Units, people, roles and invites round-trip and behave as the bot's guards expect."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storage.models import Invite, Person, RoleGrant, RoleName, Unit, UnitSpec


async def test_unit_import_round_trips_and_is_found_without_diacritics(repos, now):
    units = await repos.units.import_units(
        [UnitSpec(name="Phòng Văn hóa - Xã hội", kind="department", aliases=["Phòng VHXH"], groups=["phòng"]),
         ("Đội Quản lý trật tự đô thị", "team", [], ["đội"])],
        now=now,
    )
    assert [u.name for u in units] == ["Phòng Văn hóa - Xã hội", "Đội Quản lý trật tự đô thị"]
    fetched = await repos.units.get(units[0].id)
    assert isinstance(fetched, Unit) and fetched == units[0]
    assert fetched.aliases == ["Phòng VHXH"] and fetched.groups == ["phòng"] and fetched.active
    assert fetched.created_at == now and fetched.created_at.tzinfo is not None
    assert (await repos.units.by_name("phong van hoa -  xa hoi")).id == units[0].id
    assert (await repos.units.by_name("DOI QUAN LY TRAT TU DO THI")).id == units[1].id
    assert (await repos.units.by_name("phòng vhxh")).id == units[0].id
    assert await repos.units.by_name("Phòng Văn hóa") is None


async def test_reimporting_a_unit_updates_it_instead_of_duplicating(repos, now):
    first = await repos.units.upsert(UnitSpec(name="Phòng Kinh tế"), now=now)
    await repos.units.deactivate(first.id, now=now)
    again = await repos.units.upsert(UnitSpec(name="phòng kinh tế", kind="department"), now=now)
    assert again.id == first.id and again.active and again.kind == "department"
    assert len(await repos.units.list(active_only=False)) == 1


async def test_deactivated_unit_leaves_the_active_list(repos, now):
    unit = await repos.units.create("Ban Quản lý chợ", now=now)
    assert await repos.units.deactivate(unit.id, now=now)
    assert not await repos.units.deactivate(unit.id, now=now)
    assert await repos.units.list() == []
    assert [u.id for u in await repos.units.list(active_only=False)] == [unit.id]
    audit = await repos.audit.for_entity("unit", unit.id)
    assert audit[-1].before == {"active": True} and audit[-1].after == {"active": False}


async def test_person_round_trips_and_a_new_message_refreshes_chat_and_name(repos, now):
    person = await repos.people.upsert_from_telegram(555, 555, "Nguyễn Văn A", now)
    assert isinstance(person, Person) and person.reachable and person.chat_id == 555
    assert await repos.people.get_by_telegram_id(555) == person
    assert await repos.people.set_reachable(person.id, False, now)
    assert not await repos.people.set_reachable(person.id, False, now)
    assert not (await repos.people.get(person.id)).reachable
    later = now + timedelta(hours=1)
    again = await repos.people.upsert_from_telegram(555, 555, "", later)
    assert again.id == person.id and again.display_name == "Nguyễn Văn A" and again.reachable
    assert again.updated_at == later


async def test_chat_migration_moves_people_and_pending_messages(repos, now):
    person = await repos.people.upsert_from_telegram(7, -100, "Nhóm", now)
    await repos.outbox.enqueue("k", -100, "text", {"text": "x"}, now)
    assert await repos.people.update_chat_id(-100, -200, now) == 1
    assert (await repos.people.get(person.id)).chat_id == -200
    assert (await repos.outbox.for_key("k")).chat_id == -200
    assert [p.id for p in await repos.people.by_chat_id(-200)] == [person.id]


async def test_roles_grant_and_revoke_take_effect_at_once(repos, office, now):
    r = repos
    deputy = await r.people.upsert_from_telegram(400, 400, "Phó phòng", now)
    grant = await r.roles.grant(deputy.id, RoleName.deputy, office.economy.id, granted_by=office.clerk.id,
                                now=now)
    assert isinstance(grant, RoleGrant) and grant.unit_name == "Phòng Kinh tế"
    assert await r.roles.grant(deputy.id, "deputy", office.economy.id, granted_by=None, now=now) == grant
    assert await r.roles.has_role(deputy.id, "deputy", office.economy.id)
    assert not await r.roles.has_role(deputy.id, "deputy", office.police.id)
    assert [p.id for p in await r.roles.heads_of(office.economy.id)] == [office.head.id]
    assert {p.id for p in await r.roles.heads_of(office.economy.id, include_deputies=True)} == {
        office.head.id, deputy.id}
    assert [u.id for u in await r.roles.units_of(deputy.id)] == [office.economy.id]
    assert await r.roles.units_of(deputy.id, include_deputies=False) == []
    assert [p.id for p in await r.roles.people_with_role("office")] == [office.clerk.id]

    assert await r.roles.revoke(deputy.id, "deputy", office.economy.id, revoked_by=office.clerk.id, now=now)
    assert not await r.roles.has_role(deputy.id, "deputy")
    assert not await r.roles.revoke(deputy.id, "deputy", office.economy.id, revoked_by=None, now=now)
    assert [g.role for g in await r.roles.roles_of(deputy.id)] == []
    actions = [e.action for e in await r.audit.for_entity("role", grant.id)]
    assert actions == ["grant", "revoke"]


async def test_a_person_may_head_several_units_and_a_head_needs_a_unit(repos, office, now):
    await repos.roles.grant(office.head.id, "head", office.police.id, granted_by=None, now=now)
    assert {u.id for u in await repos.roles.units_of(office.head.id)} == {office.economy.id, office.police.id}
    with pytest.raises(ValueError, match="unit"):
        await repos.roles.grant(office.head.id, "head", None, granted_by=None, now=now)
    with pytest.raises(ValueError, match="unit"):
        await repos.roles.grant(office.head.id, "admin", office.police.id, granted_by=None, now=now)


async def test_invite_is_single_use_and_expires(repos, office, now):
    invite = await repos.invites.create("hash-1", office.economy.id, "head", office.clerk.id,
                                        now + timedelta(hours=72), now)
    assert isinstance(invite, Invite) and invite.used_at is None
    newcomer = await repos.people.upsert_from_telegram(900, 900, "Người mới", now)
    used = await repos.invites.consume("hash-1", newcomer.id, now + timedelta(minutes=5))
    assert used is not None and used.used_by == newcomer.id and used.unit_id == office.economy.id
    assert await repos.invites.consume("hash-1", newcomer.id, now + timedelta(minutes=6)) is None
    await repos.invites.create("hash-2", office.economy.id, "head", office.clerk.id, now + timedelta(hours=1),
                               now)
    assert await repos.invites.consume("hash-2", newcomer.id, now + timedelta(hours=2)) is None
    assert await repos.invites.consume("no-such-hash", newcomer.id, now) is None
    assert (await repos.invites.get_by_hash("hash-2")).used_at is None


async def test_an_update_from_a_known_person_writes_nothing_unless_something_changed(repos, now):
    first = await repos.people.upsert_from_telegram(4242, 4242, "Nguyễn Văn An", now)
    again = await repos.people.upsert_from_telegram(4242, 4242, "Nguyễn Văn An", now + timedelta(minutes=5))
    # Unchanged: the row keeps its stamp, so the reminder sweep's quiet-minute gate stays closed.
    assert again == first
    await repos.people.set_reachable(first.id, False, now + timedelta(minutes=6))
    back = await repos.people.upsert_from_telegram(4242, 4242, "", now + timedelta(minutes=7))
    assert back.reachable and back.display_name == "Nguyễn Văn An"
    assert back.updated_at == now + timedelta(minutes=7)
    renamed = await repos.people.upsert_from_telegram(4242, None, "An Nguyễn", now + timedelta(minutes=8))
    assert renamed.display_name == "An Nguyễn" and renamed.chat_id == 4242


async def test_telegram_ids_beyond_32_bits_and_supergroup_chat_ids_are_kept(repos, now):
    stored = await repos.people.upsert_from_telegram(7_123_456_789, -1_001_234_567_890, "Lan", now)
    found = await repos.people.get_by_telegram_id(7_123_456_789)
    assert found is not None and (found.id, found.chat_id) == (stored.id, -1_001_234_567_890)
    assert [p.id for p in await repos.people.by_chat_id(-1_001_234_567_890)] == [stored.id]
