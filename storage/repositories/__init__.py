"""Repositories: one per aggregate, built together from one Database.

`Repositories(db, tenant_id)` are one tenant's (People's Committee's): every query filters on the tenant
and every row written carries it. `Deployment(db)` holds what belongs to no tenant: people, the outbox's
delivery, the tenants themselves, the committee each chat chose, and the workers sharing the database
(their leases, the updates they handled, the token's send pace)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from storage.db import Database
from storage.repositories.assignments import AssignmentRepository
from storage.repositories.audit import AuditRepository
from storage.repositories.base import VN_TZ
from storage.repositories.candidates import CandidateRepository
from storage.repositories.corrections import CorrectionRepository
from storage.repositories.digest_lists import DigestListRepository
from storage.repositories.extensions import ExtensionRepository
from storage.repositories.invites import InviteRepository
from storage.repositories.links import MessageLinkRepository
from storage.repositories.notices import NoticeRepository
from storage.repositories.outbox import OutboxDelivery, OutboxRepository
from storage.repositories.people import PersonRepository
from storage.repositories.progress import ProgressRepository
from storage.repositories.reminders import ReminderRepository
from storage.repositories.reports import ReportRepository
from storage.repositories.roles import RoleRepository
from storage.repositories.send_pace import SendPaceRepository
from storage.repositories.tasks import TaskRepository
from storage.repositories.tenants import (
    FIRST_TENANT,
    ChatTenantRepository,
    DeploymentAdminRepository,
    TenantRepository,
)
from storage.repositories.units import UnitRepository
from storage.repositories.workers import WorkerRepository


class Deployment:
    """`deployment.tenants.list()` etc.: the storage no single tenant owns."""

    def __init__(self, db: Database, tz: ZoneInfo = VN_TZ) -> None:
        self.db = db
        self.tz = tz
        self.tenants = TenantRepository(db, tz)
        self.chat_tenants = ChatTenantRepository(db, tz)
        self.admins = DeploymentAdminRepository(db, tz)
        self.people = PersonRepository(db, tz)
        self.outbox = OutboxDelivery(db, tz)
        self.workers = WorkerRepository(db, tz)
        self.send_pace = SendPaceRepository(db, tz)

    def repos(self, tenant_id: int) -> Repositories:
        """One tenant's repositories over the same connection."""
        return Repositories(self.db, tenant_id, tz=self.tz)


class Repositories:
    """`repos.assignments.overdue(today)` etc., all of tenant `tenant_id`; tz is the office's zone
    (done_on, digest periods). `people` are the deployment's (one Telegram user across tenants), here
    because nearly every flow names the people it tells."""

    def __init__(self, db: Database, tenant_id: int, tz: ZoneInfo = VN_TZ) -> None:
        self.db = db
        self.tenant_id = tenant_id
        self.tz = tz
        self.units = UnitRepository(db, tenant_id, tz)
        self.people = PersonRepository(db, tz)
        self.roles = RoleRepository(db, tenant_id, tz)
        self.invites = InviteRepository(db, tenant_id, tz)
        self.notices = NoticeRepository(db, tenant_id, tz)
        self.tasks = TaskRepository(db, tenant_id, tz)
        self.candidates = CandidateRepository(db, tenant_id, tz)
        self.assignments = AssignmentRepository(db, tenant_id, tz)
        self.progress = ProgressRepository(db, tenant_id, tz)
        self.extensions = ExtensionRepository(db, tenant_id, tz)
        self.outbox = OutboxRepository(db, tenant_id, tz)
        self.links = MessageLinkRepository(db, tenant_id, tz)
        self.reminders = ReminderRepository(db, tenant_id, tz)
        self.audit = AuditRepository(db, tenant_id, tz)
        self.reports = ReportRepository(db, tenant_id, tz)
        self.corrections = CorrectionRepository(db, tenant_id, tz)
        self.digest_lists = DigestListRepository(db, tenant_id, tz)


__all__ = ["FIRST_TENANT", "Deployment", "Repositories"]
