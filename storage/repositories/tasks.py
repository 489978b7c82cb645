"""Tasks of a notice, and the office's corrections before publishing: deadline, units, unknown names, and
the draft edits of the review (add, remove, split, text, one unit's role)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from storage.db import Row
from storage.models import AssignmentRole, Task, TaskUnit, UnresolvedUnit
from storage.repositories.base import Repository, db_date, db_json, db_time
from storage.vocabulary import Recurrence, TaskFlag


class TaskRepository(Repository):
    async def get(self, task_id: int) -> Task | None:
        row = await self.db.fetch_one("SELECT * FROM tasks WHERE id = ? AND tenant_id = ?",
                                      (task_id, self.tenant_id))
        if row is None:
            return None
        task = Task.model_validate(dict(row))
        task.units = (await self._units_for("a.task_id = ?", task_id)).get(task_id, [])
        return task

    async def for_notice(self, notice_id: int) -> list[Task]:
        rows = await self.db.fetch_all(
            "SELECT * FROM tasks WHERE notice_id = ? AND tenant_id = ? ORDER BY position",
            (notice_id, self.tenant_id),
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
            f" WHERE {where} AND a.tenant_id = ? ORDER BY a.role = 'coordinate', a.id",
            (value, self.tenant_id),
        )
        result: dict[int, list[TaskUnit]] = {}
        for row in rows:
            result.setdefault(row["task_id"], []).append(TaskUnit.model_validate(dict(row)))
        return result

    async def _own_units(self, unit_ids: Iterable[int]) -> list[int]:
        """Those of `unit_ids` that are this tenant's units, in the order given (a forged id of another
        tenant's unit is dropped, never assigned)."""
        wanted = list(unit_ids)
        if not wanted:
            return []
        marks = ", ".join("?" for _ in wanted)
        rows = await self.db.fetch_all(
            f"SELECT id FROM units WHERE tenant_id = ? AND id IN ({marks})",  # noqa: S608 - marks only
            (self.tenant_id, *wanted))
        own = {row["id"] for row in rows}
        return [unit_id for unit_id in wanted if unit_id in own]

    async def _notice_status(self, task_id: int) -> str | None:
        return await self.db.fetch_value(
            "SELECT n.status FROM tasks t JOIN notices n ON n.id = t.notice_id"
            " WHERE t.id = ? AND t.tenant_id = ?",
            (task_id, self.tenant_id),
        )

    async def set_task_deadline(
        self, task_id: int, new_date: date | None, *, by: int | None, now: datetime
    ) -> Task | None:
        """Change the deadline as written. Assignments still on the old deadline follow; one moved by an
        approved extension keeps its own."""
        async with self.db.transaction():
            old = await self.db.fetch_one("SELECT deadline, flags FROM tasks WHERE id = ? AND tenant_id = ?",
                                          (task_id, self.tenant_id))
            if old is None:
                return None
            old_deadline = old["deadline"]
            # The office has now stated the deadline: a year the parser inferred is no longer a doubt.
            flags = _without(old["flags"], TaskFlag.year_inferred)
            await self.db.execute("UPDATE tasks SET deadline = ?, flags = ? WHERE id = ?",
                                  (db_date(new_date), flags, task_id))
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
        own = await self._own_units(wanted)
        wanted = {unit_id: role for unit_id, role in wanted.items() if unit_id in own}
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
                    "INSERT INTO assignments (tenant_id, task_id, unit_id, role, deadline, created_at,"
                    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (task_id, unit_id) DO UPDATE SET role = excluded.role,"
                    " updated_at = excluded.updated_at",
                    (self.tenant_id, task_id, unit_id, role.value, deadline, db_time(now), db_time(now)),
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
        if unit_id is not None and not await self._own_units([unit_id]):
            return 0
        async with self.db.transaction():
            rows = await self.db.fetch_all(
                "SELECT id, deadline, unresolved FROM tasks WHERE notice_id = ? AND tenant_id = ?"
                " ORDER BY position",
                (notice_id, self.tenant_id),
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
                    "INSERT INTO assignments (tenant_id, task_id, unit_id, role, deadline, created_at,"
                    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (task_id, unit_id) DO NOTHING"
                    " RETURNING id",
                    (self.tenant_id, row["id"], unit_id, hits[0]["role"], row["deadline"], db_time(now),
                     db_time(now)),
                )
                created += inserted is not None
            await self._audit(at=now, actor_id=by, action="map_name" if unit_id else "drop_name",
                              entity="notice", entity_id=notice_id,
                              after={"name": name, "unit_id": unit_id, "tasks": touched})
        return created if unit_id is not None else touched

    # --- draft edits of the office's review (issue 10) ------------------------------------------------
    # Each runs in one transaction, only while the task's notice is a draft (None otherwise), and leaves
    # an audit row. Positions stay 1..n in the notice's order.

    async def _draft_row(self, task_id: int) -> Row | None:
        return await self.db.fetch_one(
            "SELECT t.* FROM tasks t JOIN notices n ON n.id = t.notice_id"
            " WHERE t.id = :id AND t.tenant_id = :tenant AND n.status = 'draft'",
            {"id": task_id, "tenant": self.tenant_id},
        )

    async def _shift(self, notice_id: int, start: int, step: int) -> None:
        """Move the tasks at positions >= start by step. Two statements, so that UNIQUE (notice_id,
        position) holds after every row (SQLite and PostgreSQL check it row by row)."""
        params = {"notice_id": notice_id, "start": start, "step": step}
        await self.db.execute(
            "UPDATE tasks SET position = -position WHERE notice_id = :notice_id AND position >= :start",
            params)
        await self.db.execute(
            "UPDATE tasks SET position = :step - position WHERE notice_id = :notice_id AND position < 0",
            params)

    async def _insert(self, notice_id: int, position: int, values: dict[str, object]) -> int:
        task_id = await self.db.insert(
            "INSERT INTO tasks (tenant_id, notice_id, position, section, text, kind, deadline, recurrence,"
            " unresolved, flags, span_start) VALUES (:tenant, :notice_id, :position, :section, :text, :kind,"
            " :deadline, :recurrence, :unresolved, :flags, :span_start)",
            {"tenant": self.tenant_id, "notice_id": notice_id, "position": position, "section": None,
             "kind": "assign",
             "deadline": None, "recurrence": None, "unresolved": "[]", "flags": "[]", "span_start": None,
             **values},
        )
        return task_id

    async def add_draft_task(
        self, notice_id: int, text: str, *, leads: Sequence[int] = (),
        unresolved: Sequence[UnresolvedUnit] = (), deadline: date | None = None,
        recurrence: Recurrence | None = None, span_start: int | None = None, by: int | None, now: datetime,
    ) -> Task | None:
        """A task the office adds to a draft: in the notice's order when span_start is known (a candidate
        sentence), else last."""
        async with self.db.transaction():
            status = await self.db.fetch_value(
                "SELECT status FROM notices WHERE id = :id AND tenant_id = :tenant",
                {"id": notice_id, "tenant": self.tenant_id})
            if status != "draft":
                return None
            params = {"notice_id": notice_id, "span_start": span_start}
            position = None if span_start is None else await self.db.fetch_value(
                "SELECT MIN(position) FROM tasks WHERE notice_id = :notice_id AND span_start > :span_start",
                params)
            if position is None:
                position = await self.db.fetch_value(
                    "SELECT COALESCE(MAX(position), 0) + 1 FROM tasks WHERE notice_id = :notice_id", params)
            else:
                await self._shift(notice_id, position, 1)
            task_id = await self._insert(notice_id, position, {
                "text": text, "deadline": db_date(deadline),
                "recurrence": recurrence.value if recurrence else None,
                "unresolved": db_json([u.model_dump() for u in unresolved]), "span_start": span_start})
            for unit_id in await self._own_units(dict.fromkeys(leads)):
                await self._assign(task_id, unit_id, AssignmentRole.lead, deadline=db_date(deadline), now=now)
            await self._audit(at=now, actor_id=by, action="add_task", entity="task", entity_id=task_id,
                              after={"notice_id": notice_id, "position": position, "text": text,
                                     "leads": list(leads), "deadline": db_date(deadline)})
        return await self.get(task_id)

    async def _assign(
        self, task_id: int, unit_id: int, role: AssignmentRole, *, deadline: str | None, now: datetime
    ) -> None:
        await self.db.execute(
            "INSERT INTO assignments (tenant_id, task_id, unit_id, role, deadline, created_at, updated_at)"
            " VALUES (:tenant, :task_id, :unit_id, :role, :deadline, :now, :now)"
            " ON CONFLICT (task_id, unit_id) DO UPDATE SET role = excluded.role,"
            " updated_at = excluded.updated_at",
            {"tenant": self.tenant_id, "task_id": task_id, "unit_id": unit_id, "role": role.value,
             "deadline": deadline,
             "now": db_time(now)},
        )

    async def remove_draft_task(self, task_id: int, *, by: int | None, now: datetime) -> Task | None:
        """Delete a task that is not one (its assignments go with it); returns the task as it was."""
        async with self.db.transaction():
            if await self._draft_row(task_id) is None:
                return None
            task = await self.get(task_id)
            assert task is not None
            await self.db.execute("DELETE FROM tasks WHERE id = :id", {"id": task_id})
            await self._shift(task.notice_id, task.position + 1, -1)
            await self._audit(at=now, actor_id=by, action="remove_task", entity="task", entity_id=task_id,
                              before={"notice_id": task.notice_id, "position": task.position,
                                      "text": task.text,
                                      "units": {str(u.unit_id): u.role.value for u in task.units}})
        return task

    async def split_draft_task(
        self, task_id: int, first: str, second: str, *, second_start: int | None, by: int | None,
        now: datetime,
    ) -> tuple[Task, Task] | None:
        """Keep `first` as the task's text; `second` becomes a new task right after it with the same units,
        unknown names, deadline and recurrence."""
        async with self.db.transaction():
            row = await self._draft_row(task_id)
            if row is None:
                return None
            flags = _without(row["flags"], TaskFlag.long_text)
            await self.db.execute("UPDATE tasks SET text = :text, flags = :flags WHERE id = :id",
                                  {"text": first, "flags": flags, "id": task_id})
            await self._shift(row["notice_id"], row["position"] + 1, 1)
            new_id = await self._insert(row["notice_id"], row["position"] + 1, {
                "section": row["section"], "text": second, "kind": row["kind"], "deadline": row["deadline"],
                "recurrence": row["recurrence"], "unresolved": row["unresolved"], "flags": flags,
                "span_start": second_start})
            await self.db.execute(
                "INSERT INTO assignments (tenant_id, task_id, unit_id, role, deadline, created_at,"
                " updated_at) SELECT tenant_id, :new_id, unit_id, role, deadline, :now, :now FROM assignments"
                " WHERE task_id = :id AND tenant_id = :tenant",
                {"new_id": new_id, "now": db_time(now), "id": task_id, "tenant": self.tenant_id})
            await self._audit(at=now, actor_id=by, action="split_task", entity="task", entity_id=task_id,
                              before={"text": row["text"]},
                              after={"text": first, "new_task_id": new_id, "new_text": second})
        kept, added = await self.get(task_id), await self.get(new_id)
        assert kept is not None and added is not None
        return kept, added

    async def set_draft_task_text(
        self, task_id: int, text: str, *, by: int | None, now: datetime
    ) -> Task | None:
        """The office rewrote the task's text; its length is no longer the parser's doubt."""
        async with self.db.transaction():
            row = await self._draft_row(task_id)
            if row is None:
                return None
            await self.db.execute("UPDATE tasks SET text = :text, flags = :flags WHERE id = :id",
                                  {"text": text, "flags": _without(row["flags"], TaskFlag.long_text),
                                   "id": task_id})
            await self._audit(at=now, actor_id=by, action="set_text", entity="task", entity_id=task_id,
                              before={"text": row["text"]}, after={"text": text})
        return await self.get(task_id)

    async def set_draft_unit_role(
        self, task_id: int, unit_id: int, role: AssignmentRole | None, *, by: int | None, now: datetime
    ) -> Task | None:
        """Give one unit of the directory a role in the task (lead, coordinate) or take it off (None);
        the task's other units and unknown names stay."""
        async with self.db.transaction():
            row = await self._draft_row(task_id)
            if row is None or not await self._own_units([unit_id]):
                return None
            params = {"task_id": task_id, "unit_id": unit_id}
            before = await self.db.fetch_value(
                "SELECT role FROM assignments WHERE task_id = :task_id AND unit_id = :unit_id", params)
            if role is None:
                await self.db.execute(
                    "DELETE FROM assignments WHERE task_id = :task_id AND unit_id = :unit_id", params)
            else:
                await self._assign(task_id, unit_id, role, deadline=row["deadline"], now=now)
            await self._audit(at=now, actor_id=by, action="set_unit_role", entity="task", entity_id=task_id,
                              before={"unit_id": unit_id, "role": before},
                              after={"unit_id": unit_id, "role": role.value if role else None})
        return await self.get(task_id)


def _without(flags_json: str, flag: TaskFlag) -> str:
    return db_json([f for f in json.loads(flags_json) if f != flag.value])
