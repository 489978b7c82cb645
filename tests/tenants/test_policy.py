"""Each committee's own reminder window (tenant settings over the deployment's): the minute job reminds
one committee at its hour and the other at its own."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from telegram.ext import Application

from bot.services import reminders
from bot.services.reminders import work_calendar
from bot.services.tenant_settings import TenantSettingsError, tenant_settings
from bot.testing import FakeBotApi
from tests.tenants.world import VN_TZ, build_two_committees, settle, today


async def _reminded(app: Application, fake: FakeBotApi, monkeypatch, moment: datetime, chats: set[int]
                    ) -> list[str]:
    since = fake.mark()
    monkeypatch.setattr(reminders, "utc_now", lambda: moment)
    [job] = app.job_queue.get_jobs_by_name("reminders")
    await job.run(app)
    await settle(app, moment)
    return [r.text for r in fake.log_requests[since:] if r.method == "sendMessage" and r.chat_id in chats]


async def test_each_committee_is_reminded_in_its_own_window(running_app, fake_api, monkeypatch):
    a, b, _ = await build_two_committees(running_app)
    data = running_app.bot_data
    await data.deployment.tenants.set_settings(b.tenant_id, {"reminders": {"window_start": "09:00"}},
                                               now=datetime.now(VN_TZ))
    calendar = await work_calendar(a.repos, data.settings)
    # the due day of the tasks due in both committees on the same date: a "due today" reminder each
    [deadline] = {x.deadline for x in a.assignments if x.deadline and x.deadline > today()}
    day = calendar.working_day_on_or_before(deadline)
    heads_a = {a.telegram_id("head"), a.telegram_id("police")}
    heads_b = {b.telegram_id("head"), b.telegram_id("police")}

    early = await _reminded(running_app, fake_api, monkeypatch, datetime.combine(day, time(8, 0), VN_TZ),
                            heads_a | heads_b)
    assert early and all("ALPHA" in text for text in early), early  # A opened at 07:30, B not yet
    later = await _reminded(running_app, fake_api, monkeypatch, datetime.combine(day, time(9, 5), VN_TZ),
                            heads_b)
    assert later and all("BRAVO" in text for text in later)


def test_a_committees_overrides_must_make_a_policy(settings):
    class Tenant:
        id, name = 2, "UBND xã"

    for overrides in ({"reminders": {"window_start": "muộn"}}, {"token": "x"}, {"monthly_report_day": 31}):
        tenant = Tenant()
        tenant.settings = overrides  # type: ignore[attr-defined]
        with pytest.raises(TenantSettingsError):
            tenant_settings(settings, tenant)  # type: ignore[arg-type]
    ok = Tenant()
    ok.settings = {"digests": {"office": {"at": "07:00"}}}  # type: ignore[attr-defined]
    merged = tenant_settings(settings, ok)  # type: ignore[arg-type]
    assert merged.digests.office.at == time(7, 0) and merged.reminders == settings.reminders


async def test_a_minute_sweeps_only_the_committees_with_something_due(running_app, fake_api, monkeypatch):
    a, b, _ = await build_two_committees(running_app)
    data = running_app.bot_data
    await data.deployment.tenants.set_settings(b.tenant_id, {"reminders": {"window_start": "09:00"}},
                                               now=datetime.now(VN_TZ))
    swept: list[int] = []
    real_sweep = reminders.run_reminder_sweep

    async def counted(repos, *args, **kwargs):
        swept.append(repos.tenant_id)
        return await real_sweep(repos, *args, **kwargs)

    monkeypatch.setattr(reminders, "run_reminder_sweep", counted)
    calendar = await work_calendar(a.repos, data.settings)
    [deadline] = {x.deadline for x in a.assignments if x.deadline and x.deadline > today()}
    day = calendar.working_day_on_or_before(deadline)
    heads_a = {a.telegram_id("head"), a.telegram_id("police")}
    heads_b = {b.telegram_id("head"), b.telegram_id("police")}

    async def minute(hour: int, minute: int) -> tuple[list[int], list[str]]:
        swept.clear()
        texts = await _reminded(running_app, fake_api, monkeypatch,
                                datetime.combine(day, time(hour, minute), VN_TZ), heads_a | heads_b)
        return sorted(set(swept)), texts

    first, early = await minute(8, 0)
    # B is outside its window: not swept, though nothing of it was planned yet
    assert first == [a.tenant_id] and early and all("ALPHA" in text for text in early)
    for later in range(1, 4):  # A's own records may make escalations due the next minutes
        await minute(8, later)
    # Nothing is due in either committee: the minute sweeps neither, B's window opening later or not.
    assert await minute(8, 4) == ([], [])
    # A change in the people's table (anyone's chat or name) makes nothing due either.
    police_b = b.people["police"]
    await data.deployment.people.refresh(police_b, police_b.chat_id, "BRAVO police (mới)",
                                         datetime.combine(day, time(8, 4, 30), VN_TZ))
    assert await minute(8, 5) == ([], [])
    # B's window opens at 09:00: its reminders are due then, and only B is swept.
    swept_b, texts = await minute(9, 1)
    assert swept_b == [b.tenant_id]
    assert texts and all("BRAVO" in text for text in texts)
