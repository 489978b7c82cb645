"""The office's corrections after a notice is published: units added to or taken off a task, a task
added or withdrawn. Every change writes its audit row (who, when, before and after) in the same
transaction. Deadlines go through tasks.set_task_deadline, notices through notices.withdraw."""

from __future__ import annotations

from datetime import date, datetime

from storage.models import AssignmentRole
from storage.repositories.base import Repository, db_date, db_time


class CorrectionRepository(Repository):
    async def withdraw_assignments(
        self, assignment_ids: list[int], *, by: int | None, now: datetime
    ) -> list[int]:
        """Withdraw these assignments (they stop being open, reminded, counted); returns those changed."""
        changed: list[int] = []
        async with self.db.transaction():
            for assignment_id in assignment_ids:
                row = await self.db.fetch_one(
                    "UPDATE assignments SET withdrawn_at = :now, updated_at = :now"
                    " WHERE id = :id AND tenant_id = :tenant AND withdrawn_at IS NULL RETURNING id",
                    {"now": db_time(now), "id": assignment_id, "tenant": self.tenant_id},
                )
                if row is not None:
                    changed.append(assignment_id)
                    await self._audit(
                        at=now,
                        actor_id=by,
                        action="withdraw",
                        entity="assignment",
                        entity_id=assignment_id,
                        after={"withdrawn": True},
                    )
        return changed

    async def put_unit(
        self,
        task_id: int,
        unit_id: int,
        role: AssignmentRole,
        deadline: date | None,
        *,
        by: int | None,
        now: datetime,
    ) -> int:
        """Give the task to a unit (again, if it was withdrawn from it); returns the assignment id."""
        async with self.db.transaction():
            # only a task and a unit of this tenant: another tenant's ids insert nothing
            row = await self.db.fetch_one(
                "INSERT INTO assignments (tenant_id, task_id, unit_id, role, deadline, created_at,"
                " updated_at)"
                " SELECT :tenant, :task, :unit, :role, :deadline, :now, :now"
                " WHERE EXISTS (SELECT 1 FROM tasks WHERE id = :task AND tenant_id = :tenant)"
                " AND EXISTS (SELECT 1 FROM units WHERE id = :unit AND tenant_id = :tenant)"
                " ON CONFLICT (task_id, unit_id) DO UPDATE SET role = excluded.role, withdrawn_at = NULL,"
                " updated_at = excluded.updated_at RETURNING id",
                {
                    "tenant": self.tenant_id,
                    "task": task_id,
                    "unit": unit_id,
                    "role": role.value,
                    "deadline": db_date(deadline),
                    "now": db_time(now),
                },
            )
            if row is None:
                raise LookupError(f"no task {task_id} or unit {unit_id} in tenant {self.tenant_id}")
            await self._audit(
                at=now,
                actor_id=by,
                action="add_unit",
                entity="assignment",
                entity_id=row["id"],
                after={"unit_id": unit_id, "role": role.value},
            )
        return int(row["id"])

    async def set_role(
        self, assignment_id: int, role: AssignmentRole, *, by: int | None, now: datetime
    ) -> None:
        async with self.db.transaction():
            before = await self.db.fetch_value(
                "SELECT role FROM assignments WHERE id = :id AND tenant_id = :tenant",
                {"id": assignment_id, "tenant": self.tenant_id},
            )
            if before is None:
                return
            await self.db.execute(
                "UPDATE assignments SET role = :role, updated_at = :now"
                " WHERE id = :id AND tenant_id = :tenant",
                {"role": role.value, "now": db_time(now), "id": assignment_id, "tenant": self.tenant_id},
            )
            await self._audit(
                at=now,
                actor_id=by,
                action="set_role",
                entity="assignment",
                entity_id=assignment_id,
                before={"role": before},
                after={"role": role.value},
            )

    async def add_task(
        self,
        notice_id: int,
        text: str,
        deadline: date | None,
        recurrence: str | None,
        *,
        by: int | None,
        now: datetime,
    ) -> int:
        """A task the office missed, appended after the notice's last one; returns its id."""
        async with self.db.transaction():
            if await self.db.fetch_value("SELECT 1 FROM notices WHERE id = :notice AND tenant_id = :tenant",
                                         {"notice": notice_id, "tenant": self.tenant_id}) is None:
                raise LookupError(f"no notice {notice_id} in tenant {self.tenant_id}")
            position = await self.db.fetch_value(
                "SELECT COALESCE(MAX(position), 0) + 1 FROM tasks WHERE notice_id = :notice",
                {"notice": notice_id},
            )
            task_id = await self.db.insert(
                "INSERT INTO tasks (tenant_id, notice_id, position, text, deadline, recurrence)"
                " VALUES (:tenant, :notice, :position, :text, :deadline, :recurrence)",
                {
                    "tenant": self.tenant_id,
                    "notice": notice_id,
                    "position": position,
                    "text": text,
                    "deadline": db_date(deadline),
                    "recurrence": recurrence,
                },
            )
            await self._audit(
                at=now,
                actor_id=by,
                action="add_task",
                entity="task",
                entity_id=task_id,
                after={"notice_id": notice_id, "position": position},
            )
        return task_id
