"""`dondoc health`: exit 0 if the running bot's heartbeat is recent, else 1 (the container healthcheck)."""

from __future__ import annotations

import argparse
import sys
import time

from bot.commands.db import add_db_option, db_path
from bot.heartbeat import MAX_AGE_SECONDS, age_seconds, heartbeat_path
from messages.render import render


def configure(parser: argparse.ArgumentParser) -> None:
    add_db_option(parser)


def run(args: argparse.Namespace) -> int:
    path = heartbeat_path(db_path(args))
    age = age_seconds(path, time.time())
    alive = age is not None and age <= MAX_AGE_SECONDS
    text = render("cli/health.txt.j2", path=path, age=age, max_age=MAX_AGE_SECONDS)
    (sys.stdout if alive else sys.stderr).write(text + "\n")
    return 0 if alive else 1
