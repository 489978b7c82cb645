"""Publishing a draft: the status change and every head's messages are written in ONE transaction, so a
crash leaves either a draft with nothing queued or a published notice with all its messages queued. The
outbox sender delivers them (and resumes after a restart)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from bot.services import leader_titles
from bot.services.delivery import concluded_by, delivery_parts
from bot.services.delivery_events import link_payload
from storage.models import NewOutboxMessage, Notice, NoticeStatus, Person
from storage.repositories import Repositories


class PublishOutcome(StrEnum):
    published = "published"
    not_draft = "not_draft"  # already published, cancelled, or unknown
    unresolved = "unresolved"  # unknown unit names still waiting for the office's choice
    nothing_assigned = "nothing_assigned"


class UnitRecipients(BaseModel):
    unit_id: int
    unit_name: str
    heads: list[Person]
    messages_per_head: int


class PublishReport(BaseModel):
    outcome: PublishOutcome
    notice: Notice | None = None
    units: list[UnitRecipients] = Field(default_factory=list)
    enqueued: int = 0

    @property
    def unregistered(self) -> list[UnitRecipients]:
        return [u for u in self.units if not u.heads]


def delivery_key(notice_id: int, unit_id: int, person_id: int, part: int) -> str:
    return f"deliver:{notice_id}:{unit_id}:{person_id}:{part}"


def _units_in_order(notice: Notice) -> list[tuple[int, str]]:
    seen: dict[int, str] = {}
    for task in notice.tasks or []:
        for unit in task.units:
            seen.setdefault(unit.unit_id, unit.unit_name)
    return list(seen.items())


async def publish_notice(
    repos: Repositories, notice_id: int, *, by: int | None, now: datetime, render: Callable[..., str]
) -> PublishReport:
    async with repos.db.transaction():
        draft = await repos.notices.get_with_tasks(notice_id)
        if draft is None or draft.status is not NoticeStatus.draft:
            return PublishReport(outcome=PublishOutcome.not_draft, notice=draft)
        if draft.unresolved_names():
            return PublishReport(outcome=PublishOutcome.unresolved, notice=draft)
        units = _units_in_order(draft)
        if not units:
            return PublishReport(outcome=PublishOutcome.nothing_assigned, notice=draft)
        await repos.notices.publish(notice_id, now, by=by)
        notice = await repos.notices.get_with_tasks(notice_id)
        assert notice is not None
        report = PublishReport(outcome=PublishOutcome.published, notice=notice)
        items: list[NewOutboxMessage] = []
        sender = await repos.people.get(by) if by is not None else None
        contact = sender.display_name if sender else None
        leaders = await leader_titles.leaders(repos)
        owner = next((leader for leader in leaders if leader.person.id == notice.leader_id), None)
        words = concluded_by(notice, None)
        leader_name = render("people/concluded_by.txt.j2", words=words,
                             leader=leader_titles.concluder(words, owner, leaders)).strip() or None
        for unit_id, unit_name in units:
            parts = delivery_parts(render, notice, unit_id, unit_name, contact=contact,
                                   concluded_by=leader_name)
            heads = await repos.roles.heads_of(unit_id, include_deputies=True)
            report.units.append(UnitRecipients(unit_id=unit_id, unit_name=unit_name, heads=heads,
                                               messages_per_head=len(parts)))
            for head in heads:
                if head.chat_id is None:
                    continue
                items.extend(
                    NewOutboxMessage(
                        key=delivery_key(notice_id, unit_id, head.id, number), chat_id=head.chat_id,
                        kind="message", notice_id=notice_id, unit_id=unit_id, person_id=head.id, part=number,
                        payload={
                            "text": part.text, "reply_markup": part.reply_markup,
                            "link": link_payload("delivery", notice_id, part.assignment_ids),
                            "notice_number": notice.number or "",
                        },
                    )
                    for number, part in enumerate(parts, start=1)
                )
        report.enqueued = await repos.outbox.enqueue_many(items, now)
    return report
