"""Leaders' titles (Chủ tịch / Phó Chủ tịch): set by an admin, read where a leader is addressed."""

from __future__ import annotations

import re
from datetime import datetime

from pydantic import BaseModel

from storage.models import LeaderTitle, Person
from storage.repositories import Repositories


class TitledLeader(BaseModel):
    person: Person
    title: LeaderTitle | None


async def leaders(repos: Repositories) -> list[TitledLeader]:
    """Every leader, the chairman first, then vice-chairmen, then those without a title yet."""
    found = []
    for grant in await repos.roles.leaders():
        person = await repos.people.get(grant.person_id)
        if person is not None:
            found.append(TitledLeader(person=person, title=grant.title))
    return found


async def set_title(repos: Repositories, person_id: int, title: LeaderTitle, *, by: int,
                    now: datetime) -> TitledLeader | None:
    """None when the person is not (or no longer) a leader."""
    person = await repos.people.get(person_id)
    if person is None or not await repos.roles.set_title(person_id, title, by=by, now=now):
        return None
    return TitledLeader(person=person, title=title)


async def title_of(repos: Repositories, person_id: int) -> LeaderTitle | None:
    grant = next((g for g in await repos.roles.leaders() if g.person_id == person_id), None)
    return grant.title if grant else None


# "Chủ tịch …" / "Phó Chủ tịch …" at the start of the words naming who concluded a notice
_TITLE_WORDS = re.compile(r"^(phó\s+)?chủ\s+tịch\b", re.IGNORECASE)


def concluder(words: str | None, owner: TitledLeader | None, leaders: list[TitledLeader]
              ) -> TitledLeader | None:
    """The leader who concluded a notice: its recorded leader, else the one leader holding the title
    its words name ("Kết luận của Chủ tịch UBND phường" and one chairman registered); None if unsure."""
    if owner is not None:
        return owner
    found = _TITLE_WORDS.match(words or "")
    if found is None:
        return None
    title = LeaderTitle.vice_chairman if found.group(1) else LeaderTitle.chairman
    holding = [leader for leader in leaders if leader.title is title]
    return holding[0] if len(holding) == 1 else None
