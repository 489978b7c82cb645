"""`dondoc demo` end to end: a fresh process, no network, no token, no HOME data; the transcript shows
each step of the morning as people saw it."""

import io
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.demo import STEPS, play
from bot.demo.cast import (
    ADMIN,
    CHAIRMAN,
    HEAD_CULTURE,
    HEAD_ECONOMY,
    HEAD_POLICE,
    HEADS,
    OFFICE,
    VICE_CHAIRMAN,
)
from bot.demo.morning import Unavailable
from bot.demo.steps_notice import map_unit
from bot.demo.steps_setup import setup
from messages.render import render

ROOT = Path(__file__).resolve().parents[2]
HTML_TAG = re.compile(r"</?(b|i|u|s|code|pre|a|blockquote)\b[^>]*>")


def label(role) -> str:
    return render("demo/who.txt.j2", role=role.role, name=role.name, unit=role.unit or "")


def section(transcript: str, key: str) -> str:
    """The transcript of one step: from its heading to the next heading or the summary."""
    title = render("demo/title.txt.j2", key=key)
    start = transcript.index(f". {title}\n")
    ends = [i for i in (transcript.find("\nBước ", start), transcript.find("\n════", start)) if i > 0]
    return transcript[start:min(ends)]


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DONDOC_")}
    env.update(HOME=str(home), NO_COLOR="1")
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "bot", "demo"], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=300, check=False,
    )
    # Measured, not asserted: the figure belongs in a report, not in a pass/fail.
    print(f"dondoc demo took {time.monotonic() - started:.1f} s")
    return result, home


def test_demo_exits_zero_without_token_network_or_traceback(demo_run):
    result, home = demo_run
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    # Nothing written under HOME (the production database lives there).
    assert list(home.iterdir()) == []
    db_path = re.search(r"Cơ sở dữ liệu tạm: (\S+)", result.stdout).group(1)
    assert not Path(db_path).exists()


def test_transcript_plays_every_step_in_order_with_nothing_missing(demo_run):
    out = demo_run[0].stdout
    positions = [out.index(f"Bước {n}. {render('demo/title.txt.j2', key=key)}\n")
                 for n, (key, _step) in enumerate(STEPS, 1)]
    assert positions == sorted(positions)
    assert ">>> " not in out  # the marker of a step the bot could not play
    assert f"{len(STEPS)}/{len(STEPS)}" in out


def test_transcript_shows_messages_as_people_read_them_not_html(demo_run):
    out = demo_run[0].stdout
    assert not HTML_TAG.search(out)
    assert "&amp;" not in out and "&lt;" not in out


def test_office_and_leaders_register_through_the_admins_invite_links(demo_run):
    part = section(demo_run[0].stdout, "staff")
    assert part.count(f"— {label(ADMIN)} gửi: «/moi lanhdao»") == 2
    assert f"— {label(ADMIN)} gửi: «/moi vanphong»" in part
    for role in (OFFICE, CHAIRMAN, VICE_CHAIRMAN):
        token = re.search(rf"— {re.escape(label(role))} gửi: «/start ([\w-]+)»", part)
        assert token and f"?start={token.group(1)}" in part
    assert "Thiết lập trực tiếp" not in part


def test_heads_register_through_real_invite_links(demo_run):
    part = section(demo_run[0].stdout, "invites")
    for head in HEADS:
        assert f"— {label(OFFICE)} gửi: «/moi {head.unit} trưởng»" in part
        token = re.search(rf"— {re.escape(label(head))} gửi: «/start ([\w-]+)»", part)
        assert token and f"?start={token.group(1)}" in part


def test_office_maps_the_unknown_unit_then_each_head_receives_their_tasks(demo_run):
    out = demo_run[0].stdout
    assert f"bấm [1 → {HEAD_ECONOMY.unit}]" in section(out, "map_unit")
    part = section(out, "publish")
    assert f"— {label(OFFICE)} bấm [Gửi]" in part
    for head in HEADS:
        delivered = part.split(f"— Bot → {label(head)}:\n", 1)[1].split("\n— ", 1)[0]
        assert head.unit in delivered
        assert "[Đã nhận]" in delivered
    # The step waits for the report the bot redraws once the deliveries are out, so the office's last
    # view of it in this step counts them as sent.
    report_edit = f"— Bot sửa tin nhắn đã gửi cho {label(OFFICE)}, giờ là:\n"
    last_report = part.rsplit(report_edit, 1)[1]
    assert all(part.index(f"— Bot → {label(head)}:") < part.rindex(report_edit) for head in HEADS)
    assert f"Đã gửi: {len(HEADS)} đơn vị · Đang gửi: 0" in last_report
    assert "không gửi được" not in part


def test_acknowledge_progress_extension_and_digest_each_get_an_answer(demo_run):
    out = demo_run[0].stdout
    report = section(out, "delivery_report")
    assert f"— {label(OFFICE)} bấm [Cập nhật]" in report
    assert f"— Bot sửa tin nhắn đã gửi cho {label(OFFICE)}" in report
    ack = section(out, "acknowledge")
    assert f"— {label(HEAD_CULTURE)} bấm [Đã nhận]" in ack
    assert ack.count("— Bot") >= 1
    progress = section(out, "progress")
    assert f"— {label(HEAD_ECONOMY)} trả lời tin nhắn của Bot: «Đã xong 70%»" in progress
    assert "70%" in progress.split("«Đã xong 70%»", 1)[1]
    extension = section(out, "extension")
    assert f"— {label(HEAD_POLICE)} bấm [" in extension
    assert f"— {label(VICE_CHAIRMAN)} bấm [Duyệt]" in extension
    assert f"— Bot → {label(HEAD_POLICE)}:" in extension.split("bấm [Duyệt]", 1)[1]
    done = section(out, "done")
    assert f"— {label(HEAD_CULTURE)} bấm [1. Hoàn thành]" in done
    assert f"— {label(HEAD_CULTURE)} trả lời tin nhắn của Bot: «" in done
    assert f"— Bot → {label(OFFICE)}:" in done
    digest = section(out, "digest")
    assert f"— {label(CHAIRMAN)} gửi: «/tonghop»" in digest
    assert f"— Bot → {label(CHAIRMAN)}:" in digest


def test_the_next_mornings_reminder_sweep_reaches_the_heads(demo_run):
    part = section(demo_run[0].stdout, "reminders")
    assert "Đồng hồ giả lập" in part
    assert sum(f"— Bot → {label(head)}:" in part for head in HEADS) >= 1
    assert "[Nhắc lại sau 1 ngày]" in part or "[1. Nhắc lại sau 1 ngày]" in part


async def test_a_step_the_bot_cannot_play_says_so_and_prints_no_bot_message():
    async def unknown_command(stage, morning):
        if not await stage.say(stage.member(OFFICE), "/lenhkhongco"):
            raise Unavailable("no_answer", "/lenhkhongco")

    out = io.StringIO()
    result = await play(out, steps=(("setup", setup), ("map_unit", map_unit), ("digest", unknown_command)))
    text = out.getvalue()

    assert result.played == ["setup"]
    assert len(result.missing) == 2
    assert "— Bot" not in text
    assert ">>> " in section(text, "map_unit")
    unknown = section(text, "digest")
    assert "(Bot không trả lời.)" in unknown.split("«/lenhkhongco»", 1)[1].split(">>> ", 1)[0]
    assert "/lenhkhongco" in unknown.split(">>> ", 1)[1]
