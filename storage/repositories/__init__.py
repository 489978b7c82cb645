"""Repositories: one per aggregate, built together from one Database."""

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
from storage.repositories.outbox import OutboxRepository
from storage.repositories.people import PersonRepository
from storage.repositories.progress import ProgressRepository
from storage.repositories.reminders import ReminderRepository
from storage.repositories.reports import ReportRepository
from storage.repositories.roles import RoleRepository
from storage.repositories.send_pace import SendPaceRepository
from storage.repositories.tasks import TaskRepository
from storage.repositories.units import UnitRepository
from storage.repositories.workers import WorkerRepository


class Repositories:
    """`repos.assignments.overdue(today)` etc.; tz is the office's zone (done_on, digest periods)."""

    def __init__(self, db: Database, tz: ZoneInfo = VN_TZ) -> None:
        self.db = db
        self.units = UnitRepository(db, tz)
        self.people = PersonRepository(db, tz)
        self.roles = RoleRepository(db, tz)
        self.invites = InviteRepository(db, tz)
        self.notices = NoticeRepository(db, tz)
        self.tasks = TaskRepository(db, tz)
        self.candidates = CandidateRepository(db, tz)
        self.assignments = AssignmentRepository(db, tz)
        self.progress = ProgressRepository(db, tz)
        self.extensions = ExtensionRepository(db, tz)
        self.outbox = OutboxRepository(db, tz)
        self.links = MessageLinkRepository(db, tz)
        self.reminders = ReminderRepository(db, tz)
        self.audit = AuditRepository(db, tz)
        self.reports = ReportRepository(db, tz)
        self.corrections = CorrectionRepository(db, tz)
        self.digest_lists = DigestListRepository(db, tz)
        self.workers = WorkerRepository(db, tz)
        self.send_pace = SendPaceRepository(db, tz)


__all__ = ["Repositories"]
