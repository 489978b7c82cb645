"""Where a published notice stands, unit by unit: delivered, still sending, heads unreachable, or no
head registered; and which units acknowledged. Computed from the outbox rows of the notice and the
assignments, so it is true after a restart and can be refreshed at any time."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel

from storage.models import AssignmentStatus, Notice, OutboxStatus
from storage.repositories import Repositories


class UnitState(StrEnum):
    delivered = "delivered"
    sending = "sending"
    unreachable = "unreachable"
    unregistered = "unregistered"


class UnitDelivery(BaseModel):
    unit_id: int
    unit_name: str
    state: UnitState
    reached: list[str]  # heads who received every part
    unreachable: list[str]  # heads whose messages failed
    acknowledged: bool
    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = None


class DeliveryReport(BaseModel):
    notice: Notice
    units: list[UnitDelivery]

    def count(self, state: UnitState) -> int:
        return sum(1 for u in self.units if u.state == state)

    @property
    def acknowledged(self) -> int:
        return sum(1 for u in self.units if u.acknowledged)

    def with_state(self, state: UnitState) -> list[UnitDelivery]:
        return [u for u in self.units if u.state == state]


async def delivery_report(repos: Repositories, notice_id: int) -> DeliveryReport | None:
    notice = await repos.notices.get(notice_id)
    if notice is None:
        return None
    assignments = await repos.assignments.for_notice(notice_id)
    # person -> unit -> statuses of their parts
    rows: dict[int, dict[int, list[OutboxStatus]]] = {}
    for row in await repos.outbox.for_notice(notice_id):
        assert row.unit_id is not None and row.person_id is not None  # for_notice selects deliveries
        rows.setdefault(row.unit_id, {}).setdefault(row.person_id, []).append(row.status)
    names: dict[int, str] = {}
    units: dict[int, UnitDelivery] = {}
    for a in assignments:
        if a.unit_id in units:
            continue
        reached, failed, sending = [], [], False
        for person_id, statuses in rows.get(a.unit_id, {}).items():
            if person_id not in names:
                person = await repos.people.get(person_id)
                names[person_id] = person.display_name if person else str(person_id)
            if all(s is OutboxStatus.sent for s in statuses):
                reached.append(names[person_id])
            elif OutboxStatus.failed in statuses:
                failed.append(names[person_id])
            else:
                sending = True
        state = (UnitState.delivered if reached else UnitState.sending if sending
                 else UnitState.unreachable if failed else UnitState.unregistered)
        units[a.unit_id] = UnitDelivery(unit_id=a.unit_id, unit_name=a.unit_name, state=state,
                                        reached=reached, unreachable=failed, acknowledged=False)
    for unit in units.values():
        mine = [a for a in assignments if a.unit_id == unit.unit_id]
        unit.acknowledged = all(a.status is not AssignmentStatus.new for a in mine)
        stamped = [(a.acknowledged_at, a) for a in mine if a.acknowledged_at is not None]
        if unit.acknowledged and stamped:
            unit.acknowledged_at, first = min(stamped, key=lambda pair: pair[0])
            if first.acknowledged_by is not None:
                person = await repos.people.get(first.acknowledged_by)
                unit.acknowledged_by = person.display_name if person else None
    return DeliveryReport(notice=notice, units=list(units.values()))
