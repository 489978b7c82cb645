"""The `dondoc` command line: one subcommand per module under bot.commands."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# name -> (module, one-line help). Each module defines configure(parser) and run(args) -> int.
COMMANDS: dict[str, tuple[str, str]] = {
    "parse": ("bot.commands.parse", "show the tasks a notice file assigns to each unit"),
    "run": ("bot.commands.run", "run the bot (long polling, or --webhook URL behind a reverse proxy)"),
    "db": ("bot.commands.db", "database: migrate, online backup, integrity check"),
    "admin": ("bot.commands.admin", "grant the admin role to a Telegram user"),
    "reminders": ("bot.commands.reminders", "what the reminder sweep would send at a moment (sends nothing)"),
    "units": ("bot.commands.units", "import a unit directory (YAML) into the database"),
    "report": ("bot.commands.report", "write the report workbook (.xlsx) and chart (.png) of a period"),
    "demo": ("bot.commands.demo", "play a scripted morning against the real bot, offline"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dondoc", description="dondoc: turn meeting conclusions into tracked, reminded tasks."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        module = importlib.import_module(module_name)
        command = sub.add_parser(name, help=help_text, description=help_text)
        module.configure(command)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "_run", None) is None:
        parser.print_help()
        return 2
    return int(args._run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
