"""Tasks of a notice, and the office's corrections before publishing (deadline, units, unknown names)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime

from storage.models import AssignmentRole, Task, TaskUnit
from storage.repositories.base import Repository, db_date, db_json, db_time


class TaskRepository(Repository):
    async def get(self, task_id: int) -> Task | None:
        row = await self.db.fetch_one("SELECT * FROM tasks WHERE id = ?", (task_id,))
        if row is None:
            return None
        task = Task.model_validate(dict(row))
        task.units = (await self._units_for("a.task_id = ?", task_id)).get(task_id, [])
        return task

    async def for_notice(self, notice_id: int) -> list[Task]:
        rows = await self.db.fetch_all(
            "SELECT * FROM tasks WHERE notice_id = ? ORDER BY position", (notice_id,)
        )
        units = await self._units_for("t.notice_id = ?", notice_id)
        tasks = [Task.model_validate(dict(row)) for row in rows]
        for task in tasks:
            task.units = units.get(task.id, [])
        return tasks

    async def _units_for(self, where: str, value: int) -> dict[int, list[TaskUnit]]:
        # where is one of two literal conditions from this module.
        rows = await self.db.fetch_all(
            "SELECT a.id AS assignment_id, a.task_id, a.unit_id, a.role, u.name AS unit_name"  # noqa: S608
            " FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id"
            f" WHERE {where} ORDER BY a.role = 'coordinate', a.id",
            (value,),
        )
        result: dict[int, list[TaskUnit]] = {}
        for row in rows:
            result.setdefault(row["task_id"], []).append(TaskUnit.model_validate(dict(row)))
        return result

    async def _notice_status(self, task_id: int) -> str | None:
        return await self.db.fetch_value(
            "SELECT n.status FROM tasks t JOIN notices n ON n.id = t.notice_id WHERE t.id = ?", (task_id,)
        )

    async def set_task_deadline(
        self, task_id: int, new_date: date | None, *, by: int | None, now: datetime
    ) -> Task | None:
        """Change the deadline as written. Assignments still on the old deadline follow; one moved by an
        approved extension keeps its own."""
        async with self.db.transaction():
            old = await self.db.fetch_one("SELECT deadline FROM tasks WHERE id = ?", (task_id,))
            if old is None:
                return None
            old_deadline = old["deadline"]
            await self.db.execute("UPDATE tasks SET deadline = ? WHERE id = ?", (db_date(new_date), task_id))
            moved = await self.db.fetch_all(
                "UPDATE assignments SET deadline = ?, updated_at = ?"
                " WHERE task_id = ? AND deadline IS ? RETURNING id",
                (db_date(new_date), db_time(now), task_id, old_deadline),
            )
            await self._audit(at=now, actor_id=by, action="set_deadline", entity="task", entity_id=task_id,
                              before={"deadline": old_deadline}, after={"deadline": db_date(new_date)})
            for row in moved:
                await self._audit(at=now, actor_id=by, action="set_deadline", entity="assignment",
                                  entity_id=row["id"], before={"deadline": old_deadline},
                                  after={"deadline": db_date(new_date)})
        return await self.get(task_id)

    async def set_task_units(
        self, task_id: int, lead_ids: Iterable[int], coordinate_ids: Iterable[int] = (), *,
        by: int | None, now: datetime,
    ) -> Task | None:
        """Replace the task's units (draft notices only; None otherwise). Clears its unresolved names."""
        wanted: dict[int, AssignmentRole] = {}
        for unit_id in lead_ids:
            wanted.setdefault(unit_id, AssignmentRole.lead)
        for unit_id in coordinate_ids:
            wanted.setdefault(unit_id, AssignmentRole.coordinate)
        async with self.db.transaction():
            if await self._notice_status(task_id) != "draft":
                return None
            deadline = await self.db.fetch_value("SELECT deadline FROM tasks WHERE id = ?", (task_id,))
            before = {r["unit_id"]: r["role"] for r in await self.db.fetch_all(
                "SELECT unit_id, role FROM assignments WHERE task_id = ?", (task_id,))}
            for unit_id in set(before) - set(wanted):
                await self.db.execute("DELETE FROM assignments WHERE task_id = ? AND unit_id = ?",
                                      (task_id, unit_id))
            for unit_id, role in wanted.items():
                await self.db.execute(
                    "INSERT INTO assignments (task_id, unit_id, role, deadline, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (task_id, unit_id) DO UPDATE SET role = excluded.role,"
                    " updated_at = excluded.updated_at",
                    (task_id, unit_id, role.value, deadline, db_time(now), db_time(now)),
                )
            await self.db.execute("UPDATE tasks SET unresolved = '[]' WHERE id = ?", (task_id,))
            await self._audit(at=now, actor_id=by, action="set_units", entity="task", entity_id=task_id,
                              before={"units": {str(k): v for k, v in before.items()}},
                              after={"units": {str(k): v.value for k, v in wanted.items()}})
        return await self.get(task_id)

    async def map_unresolved_name(
        self, notice_id: int, name: str, unit_id: int, *, by: int | None = None, now: datetime
    ) -> int:
        """Give every task of the notice that named `name` to unit_id, with the role it was named in.
        Returns the number of assignments created (a unit already on a task keeps its role)."""
        return await self._resolve(notice_id, name, unit_id, by=by, now=now)

    async def drop_unresolved_name(self, notice_id: int, name: str, *, by: int | None = None,
                                   now: datetime) -> int:
        """The office chose to skip this name: remove it from the notice's tasks. Returns tasks touched."""
        return await self._resolve(notice_id, name, None, by=by, now=now)

    async def _resolve(self, notice_id: int, name: str, unit_id: int | None, *, by: int | None,
                       now: datetime) -> int:
        created = touched = 0
        async with self.db.transaction():
            rows = await self.db.fetch_all(
                "SELECT id, deadline, unresolved FROM tasks WHERE notice_id = ? ORDER BY position",
                (notice_id,),
            )
            for row in rows:
                items = json.loads(row["unresolved"])
                hits = [item for item in items if item["name"] == name]
                if not hits:
                    continue
                touched += 1
                rest = [item for item in items if item["name"] != name]
                await self.db.execute(
                    "UPDATE tasks SET unresolved = ? WHERE id = ?", (db_json(rest), row["id"])
                )
                if unit_id is None:
                    continue
                inserted = await self.db.fetch_one(
                    "INSERT INTO assignments (task_id, unit_id, role, deadline, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (task_id, unit_id) DO NOTHING RETURNING id",
                    (row["id"], unit_id, hits[0]["role"], row["deadline"], db_time(now), db_time(now)),
                )
                created += inserted is not None
            await self._audit(at=now, actor_id=by, action="map_name" if unit_id else "drop_name",
                              entity="notice", entity_id=notice_id,
                              after={"name": name, "unit_id": unit_id, "tasks": touched})
        return created if unit_id is not None else touched
