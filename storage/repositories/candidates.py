"""Candidate sentences of a draft: order-like sentences the parser gave no task for (the safety net).

They are stored with the draft (notices.save_parsed) and settled by the office: taken (it became a task)
or dismissed (no task). Only a draft's open candidates can be settled."""

from __future__ import annotations

from datetime import datetime

from storage.models import Candidate, CandidateStatus
from storage.repositories.base import Repository


class CandidateRepository(Repository):
    async def open_for_notice(self, notice_id: int) -> list[Candidate]:
        rows = await self.db.fetch_all(
            "SELECT * FROM draft_candidates WHERE notice_id = :notice_id AND tenant_id = :tenant"
            " AND status = 'open' ORDER BY position",
            {"notice_id": notice_id, "tenant": self.tenant_id},
        )
        return [Candidate.model_validate(dict(row)) for row in rows]

    async def get(self, candidate_id: int) -> Candidate | None:
        row = await self.db.fetch_one("SELECT * FROM draft_candidates WHERE id = :id AND tenant_id = :tenant",
                                      {"id": candidate_id, "tenant": self.tenant_id})
        return None if row is None else Candidate.model_validate(dict(row))

    async def settle(
        self, candidate_id: int, status: CandidateStatus, *, task_id: int | None = None, by: int | None,
        now: datetime,
    ) -> bool:
        """open -> taken (with the task it became) or dismissed, while its notice is a draft. False when
        it was settled already or the notice is no longer a draft: a second press changes nothing."""
        async with self.db.transaction():
            count = await self.db.execute(
                "UPDATE draft_candidates SET status = :status, task_id = :task_id"
                " WHERE id = :id AND tenant_id = :tenant AND status = 'open'"
                " AND notice_id IN (SELECT id FROM notices WHERE status = 'draft')",
                {"status": status.value, "task_id": task_id, "id": candidate_id, "tenant": self.tenant_id},
            )
            if count:
                await self._audit(at=now, actor_id=by, action=f"candidate_{status.value}", entity="candidate",
                                  entity_id=candidate_id, before={"status": "open"},
                                  after={"status": status.value, "task_id": task_id})
        return bool(count)
