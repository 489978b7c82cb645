"""What happens after the outbox sender talks to Telegram: remember which message carries which
assignments (so replies and buttons find them), and handle heads who can no longer be reached."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bot.services.delivery_report_redraw import redraw_delivery_report
from storage.models import NewOutboxMessage, RoleName
from storage.repositories import Deployment

if TYPE_CHECKING:
    from bot.outbox import ClaimedMessage


def link_payload(kind: str, notice_id: int | None, assignment_ids: list[int]) -> dict[str, Any]:
    """The `link` entry of an outbox payload: stored as a message link once the message is sent."""
    return {"kind": kind, "notice_id": notice_id, "assignment_ids": assignment_ids}


class DeliveryEvents:
    """The outbox sends every tenant's rows; each row's events are handled in its own tenant."""

    def __init__(self, deployment: Deployment, render: Callable[..., str]) -> None:
        self.deployment, self.render = deployment, render

    async def delivered(self, item: ClaimedMessage, telegram_message_id: int | None) -> None:
        tenant_id = getattr(item, "tenant_id", None)
        if tenant_id is None:
            return  # a system message: nothing to link, no report to redraw
        repos = self.deployment.repos(tenant_id)
        link = item.payload.get("link")
        if link and telegram_message_id is not None:
            await repos.links.add(
                item.chat_id, telegram_message_id, link.get("notice_id"), link.get("assignment_ids", []),
                link["kind"], datetime.now(UTC),
            )
        # A delivery that went through on a retry: the office's report still says it is being sent.
        notice_id = getattr(item, "notice_id", None)
        if item.attempts > 1 and notice_id is not None and getattr(item, "part", None) is not None:
            await redraw_delivery_report(repos, self.render, notice_id, datetime.now(UTC))

    async def unreachable(self, item: ClaimedMessage, reason: str) -> None:
        """Forbidden / chat not found: mark the person unreachable and tell the office once."""
        now = datetime.now(UTC)
        people = await self.deployment.people.by_chat_id(item.chat_id)
        tenant_id = getattr(item, "tenant_id", None)
        for person in people:
            if not await self.deployment.people.set_reachable(person.id, False, now) or tenant_id is None:
                continue
            repos = self.deployment.repos(tenant_id)
            # The unit the failed message was for, when the row says; else every unit the person heads.
            unit_id = getattr(item, "unit_id", None)
            unit = await repos.units.get(unit_id) if unit_id is not None else None
            units = [unit] if unit is not None else await repos.roles.units_of(person.id)
            text = self.render(
                "head_unreachable.html.j2", person=person, units=units, reason=reason,
                notice_number=(item.payload.get("notice_number") or None),
            )
            await self._tell_office(tenant_id, f"unreachable:{person.id}:{item.id}", text, now,
                                    skip_chat=item.chat_id)

    async def failed(self, item: ClaimedMessage, reason: str) -> None:
        """A delivery Telegram refused for good (malformed, or retried to the limit): the office hears
        which head and unit missed it, and why. Other rows are only logged: telling the office about a
        failed message to the office could fail the same way, again and again."""
        unit_id, person_id = getattr(item, "unit_id", None), getattr(item, "person_id", None)
        tenant_id = getattr(item, "tenant_id", None)
        if unit_id is None or person_id is None or tenant_id is None:
            return
        now = datetime.now(UTC)
        repos = self.deployment.repos(tenant_id)
        person, unit = await repos.people.get(person_id), await repos.units.get(unit_id)
        text = self.render(
            "delivery/failed.html.j2", person_name=person.display_name if person else str(person_id),
            unit_name=unit.name if unit else None, notice_number=item.payload.get("notice_number") or None,
            reason=reason,
        )
        await self._tell_office(tenant_id, f"failed:{item.id}", text, now, skip_chat=item.chat_id)

    async def _tell_office(self, tenant_id: int, key: str, text: str, now: datetime, *, skip_chat: int
                           ) -> None:
        """The row's tenant's office (and admins) hear of it."""
        repos = self.deployment.repos(tenant_id)
        office = await repos.roles.people_with_role(RoleName.office)
        office += await repos.roles.people_with_role(RoleName.admin)
        chats = {p.chat_id for p in office if p.chat_id and p.reachable and p.chat_id != skip_chat}
        await repos.outbox.enqueue_many(
            [NewOutboxMessage(key=f"{key}:{chat}", chat_id=chat, kind="message", payload={"text": text})
             for chat in sorted(chats)],
            now,
        )

    async def migrated(self, old_chat_id: int, new_chat_id: int) -> None:
        await self.deployment.people.update_chat_id(old_chat_id, new_chat_id, datetime.now(UTC))
