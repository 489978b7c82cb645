"""/tonghop for all units of a large database is built in the worker process: the same digest as built
in the bot's own process, over what is committed."""

from __future__ import annotations

from bot.cpu_pool import run_cpu
from bot.services.digest import build_digest
from tests.services.test_digest import JUNE, TODAY, build_ward


async def test_the_worker_builds_the_same_digest_as_the_bot_itself(repos, monkeypatch):
    await build_ward(repos)
    here = await build_digest(repos, today=TODAY, period_start=JUNE, period_end=TODAY,
                              worker_min_open=10**9)
    calls = []

    async def counted(fn, *args):
        calls.append(fn.__name__)
        return await run_cpu(fn, *args)

    monkeypatch.setattr("bot.services.digest.run_cpu", counted)
    there = await build_digest(repos, today=TODAY, period_start=JUNE, period_end=TODAY, worker_min_open=1)

    assert calls == ["_build_in_worker"]
    assert there == here
    assert there.overdue.items and there.not_acknowledged.items and there.recurring_gaps.items


async def test_one_unit_stays_in_the_bot(repos, monkeypatch):
    ward = await build_ward(repos)

    async def no_worker(*_args, **_kwargs):
        raise AssertionError("one unit's digest is small: no worker")

    monkeypatch.setattr("bot.services.digest.run_cpu", no_worker)
    digest = await build_digest(repos, today=TODAY, period_start=JUNE, period_end=TODAY,
                                unit_id=ward.police.id, worker_min_open=1)

    assert digest.unit_name == "Công an phường"
