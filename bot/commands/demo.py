"""`dondoc demo`: play a scripted morning against the real bot, offline, and print the transcript."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys

from bot.demo import play
from bot.logs import configure_logging


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                        help="bold/italic as terminal styles (default: when writing to a terminal)")


def _color(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def run(args: argparse.Namespace) -> int:
    # Warnings and errors of the bot still reach stderr: the demo hides nothing that went wrong.
    configure_logging("WARNING")
    try:
        asyncio.run(play(sys.stdout, color=_color(args.color)))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `dondoc demo | head`: the reader left; say nothing more (Python's documented idiom).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return 0
