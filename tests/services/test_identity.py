"""Who is behind an update: a known person is recognised without a write unless something changed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.services.identity import identify
from storage.repositories import Deployment

NOW = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)


async def _identify(repos, *, chat_id=5401, name="Lan", now=NOW):
    return await identify(Deployment(repos.db), telegram_user_id=5401, chat_id=chat_id, display_name=name,
                          admin_ids=[],
                          now=now)


async def test_a_known_person_pressing_again_is_recognised_without_touching_their_row(repos):
    await repos.people.upsert_from_telegram(5401, 5401, "Lan", NOW)

    actor = await _identify(repos, now=NOW + timedelta(hours=1))

    assert actor is not None and actor.person.display_name == "Lan"
    stored = await repos.people.get_by_telegram_id(5401)
    assert stored is not None and stored.updated_at == NOW  # nothing written


async def test_a_new_name_or_a_blocked_person_writing_again_is_stored(repos):
    person = await repos.people.upsert_from_telegram(5401, 5401, "Lan", NOW)
    await repos.people.set_reachable(person.id, False, NOW)

    renamed = await _identify(repos, name="Nguyễn Thị Lan", now=NOW + timedelta(hours=1))

    assert renamed is not None and renamed.person.display_name == "Nguyễn Thị Lan"
    assert renamed.person.reachable is True
    assert await _identify(repos, chat_id=None, name="") is not None  # a group press changes nothing


async def test_a_stranger_is_nobody_and_leaves_no_row(repos):
    assert await _identify(repos) is None
    assert await repos.people.get_by_telegram_id(5401) is None
