"""Notices: an uploaded Thông báo/Kế hoạch/Công văn with its tasks, from draft to published or withdrawn."""

from __future__ import annotations

from datetime import datetime

from storage.drafts import Draft
from storage.models import AssignmentRole, Notice, NoticeStatus, ScannedPage
from storage.repositories.base import Repository, db_date, db_json, db_time
from storage.repositories.tasks import TaskRepository


class NoticeRepository(Repository):
    async def save_parsed(
        self, parsed: Draft, *, created_by: int | None, source_name: str | None,
        source_sha256: str | None, source_file_id: str | None, text: str,
        unit_ids_by_name: dict[str, int], now: datetime, scan_confidence: float | None = None,
        scan_weak_pages: list[ScannedPage] | None = None,
    ) -> Notice:
        """Store a draft with its tasks, their lead/coordinate assignments and flags, and the notice's
        unclaimed order-like sentences (draft_candidates), in one transaction.

        Unit names not in unit_ids_by_name stay on the task as `unresolved` so the office can map them
        (tasks.map_unresolved_name) or drop them. A unit named both as lead and coordinator is lead. A
        notice read from a scan carries the recognition's confidence and its weak pages."""
        meta = parsed.notice
        stamp = db_time(now)
        async with self.db.transaction():
            notice_id = await self.db.insert(
                "INSERT INTO notices (tenant_id, number, issuer, title, issued_on, meeting_on, kind,"
                " source_name,"
                " source_sha256, source_file_id, text, status, created_by, created_at, updated_at,"
                " scan_confidence, scan_weak_pages)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?)",
                (self.tenant_id, meta.number, meta.issuer, meta.title, db_date(meta.issued_on),
                 db_date(meta.meeting_on),
                 meta.kind.value, source_name, source_sha256, source_file_id, text, created_by, stamp, stamp,
                 scan_confidence, db_json([page.model_dump() for page in scan_weak_pages or []])),
            )
            assert notice_id is not None
            for position, task in enumerate(parsed.tasks, start=1):
                wanted: dict[int, AssignmentRole] = {}
                unresolved: list[dict[str, str]] = []
                for role, names in ((AssignmentRole.lead, task.units),
                                    (AssignmentRole.coordinate, task.coordinators)):
                    for name in names:
                        unit_id = unit_ids_by_name.get(name)
                        if unit_id is None:
                            if all(item["name"] != name for item in unresolved):
                                unresolved.append({"name": name, "role": role.value})
                        else:
                            wanted.setdefault(unit_id, role)
                task_id = await self.db.insert(
                    "INSERT INTO tasks (tenant_id, notice_id, position, section, text, kind, deadline,"
                    " recurrence, unresolved, flags, span_start) VALUES (:tenant, :notice_id, :position,"
                    " :section, :text, :kind,"
                    " :deadline, :recurrence, :unresolved, :flags, :span_start)",
                    {"tenant": self.tenant_id, "notice_id": notice_id, "position": position,
                     "section": task.section, "text": task.text,
                     "kind": task.kind.value, "deadline": db_date(task.deadline),
                     "recurrence": task.recurrence.value if task.recurrence else None,
                     "unresolved": db_json(unresolved), "flags": db_json(task.flags),
                     "span_start": task.span[0] if task.span else None},
                )
                await self.db.execute_many(
                    "INSERT INTO assignments (tenant_id, task_id, unit_id, role, deadline, created_at,"
                    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [(self.tenant_id, task_id, unit_id, role.value, db_date(task.deadline), stamp, stamp)
                     for unit_id, role in wanted.items()],
                )
            await self.db.execute_many(
                "INSERT INTO draft_candidates (tenant_id, notice_id, position, text, units, span_start)"
                " VALUES (:tenant, :notice_id, :position, :text, :units, :span_start)",
                [{"tenant": self.tenant_id, "notice_id": notice_id, "position": position, "text": item.text,
                  "units": db_json(item.units), "span_start": item.span[0] if item.span else None}
                 for position, item in enumerate(parsed.unclaimed, start=1)],
            )
            await self._audit(at=now, actor_id=created_by, action="create", entity="notice",
                              entity_id=notice_id, after={"status": "draft", "tasks": len(parsed.tasks),
                                                          "candidates": len(parsed.unclaimed)})
        notice = await self.get_with_tasks(notice_id)
        assert notice is not None
        return notice

    async def get(self, notice_id: int) -> Notice | None:
        row = await self.db.fetch_one("SELECT * FROM notices WHERE id = ? AND tenant_id = ?",
                                      (notice_id, self.tenant_id))
        return None if row is None else Notice.model_validate(dict(row))

    async def get_with_tasks(self, notice_id: int) -> Notice | None:
        notice = await self.get(notice_id)
        if notice is None:
            return None
        notice.tasks = await TaskRepository(self.db, self.tenant_id, self.tz).for_notice(notice_id)
        return notice

    async def by_sha256(self, source_sha256: str) -> Notice | None:
        """The latest notice stored from the same file (draft, published or withdrawn)."""
        row = await self.db.fetch_one(
            "SELECT * FROM notices WHERE tenant_id = ? AND source_sha256 = ? ORDER BY id DESC LIMIT 1",
            (self.tenant_id, source_sha256),
        )
        return None if row is None else Notice.model_validate(dict(row))

    async def find_by_number(self, number: str) -> list[Notice]:
        """Notices whose number matches, ignoring case and spaces ("37/TB-UBND" == "37 / tb-ubnd")."""
        key = "".join(number.split()).casefold()
        rows = await self.db.fetch_all(
            "SELECT * FROM notices WHERE tenant_id = ? AND lower(replace(number, ' ', '')) = ?"
            " ORDER BY id DESC", (self.tenant_id, key),
        )
        return [Notice.model_validate(dict(row)) for row in rows]

    async def list_recent(self, limit: int = 20, status: NoticeStatus | str | None = None) -> list[Notice]:
        rows = await self.db.fetch_all(
            "SELECT * FROM notices WHERE tenant_id = ? AND (? IS NULL OR status = ?)"
            " ORDER BY created_at DESC, id DESC LIMIT ?",
            (self.tenant_id, None if status is None else str(status), None if status is None else str(status),
             limit),
        )
        return [Notice.model_validate(dict(row)) for row in rows]

    async def _transition(
        self, notice_id: int, *, frm: NoticeStatus, to: NoticeStatus, stamp_column: str, now: datetime,
        by: int | None,
    ) -> Notice | None:
        async with self.db.transaction():
            # stamp_column is one of two literal names chosen below, never user input.
            row = await self.db.fetch_one(
                f"UPDATE notices SET status = ?, {stamp_column} = ?, updated_at = ?"  # noqa: S608
                " WHERE id = ? AND tenant_id = ? AND status = ? RETURNING *",
                (to.value, db_time(now), db_time(now), notice_id, self.tenant_id, frm.value),
            )
            if row is not None:
                await self._audit(at=now, actor_id=by, action=to.value, entity="notice", entity_id=notice_id,
                                  before={"status": frm.value}, after={"status": to.value})
        return None if row is None else Notice.model_validate(dict(row))

    async def publish(self, notice_id: int, now: datetime, *, by: int | None = None) -> Notice | None:
        """draft -> published; None when the notice is not a draft (already published, say)."""
        return await self._transition(notice_id, frm=NoticeStatus.draft, to=NoticeStatus.published,
                                      stamp_column="published_at", now=now, by=by)

    async def withdraw(self, notice_id: int, now: datetime, *, by: int | None = None) -> Notice | None:
        """published -> withdrawn: its assignments stop counting and being reminded."""
        return await self._transition(notice_id, frm=NoticeStatus.published, to=NoticeStatus.withdrawn,
                                      stamp_column="withdrawn_at", now=now, by=by)

    async def delete_draft(self, notice_id: int, *, by: int | None = None, now: datetime) -> bool:
        """Delete a draft and (by cascade) its tasks and assignments. False for anything not a draft."""
        async with self.db.transaction():
            count = await self.db.execute(
                "DELETE FROM notices WHERE id = ? AND tenant_id = ? AND status = 'draft'",
                (notice_id, self.tenant_id),
            )
            if count:
                await self._audit(at=now, actor_id=by, action="delete", entity="notice", entity_id=notice_id,
                                  before={"status": "draft"})
        return bool(count)

    async def set_leader(
        self, notice_id: int, leader_id: int | None, *, by: int | None, now: datetime
    ) -> bool:
        """The leader who owns the notice receives its escalations."""
        async with self.db.transaction():
            count = await self.db.execute(
                "UPDATE notices SET leader_id = ?, updated_at = ? WHERE id = ? AND tenant_id = ?",
                (leader_id, db_time(now), notice_id, self.tenant_id),
            )
            if count:
                await self._audit(at=now, actor_id=by, action="set_leader", entity="notice",
                                  entity_id=notice_id, after={"leader_id": leader_id})
        return bool(count)
