"""The `dondoc` command line: one subcommand per module under bot.commands."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

from bot.config import SettingsError
from bot.exit_codes import ExitCode
from messages.render import render

# name -> (module, one-line help). Each module defines configure(parser) and run(args) -> int.
COMMANDS: dict[str, tuple[str, str]] = {
    "parse": ("bot.commands.parse", "show the tasks a notice file assigns to each unit"),
    "run": ("bot.commands.run", "run the bot (long polling, or --webhook URL behind a reverse proxy)"),
    "health": ("bot.commands.health", "is the running bot alive? (a recent heartbeat; the container check)"),
    "db": ("bot.commands.db", "database: migrate, online backup, integrity check"),
    "admin": ("bot.commands.admin", "grant the admin role to a Telegram user"),
    "tenant": ("bot.commands.tenant", "the committees (tenants) of this deployment: add, list, rename"),
    "reminders": ("bot.commands.reminders", "what the reminder sweep would send at a moment (sends nothing)"),
    "units": ("bot.commands.units", "import a unit directory (YAML, .xlsx or .csv) into the database"),
    "report": ("bot.commands.report", "write the report workbook (.xlsx) and chart (.png) of a period"),
    "demo": ("bot.commands.demo", "play a scripted morning against the real bot, offline"),
}


def _version() -> str:
    try:
        return version("dondoc")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or with `only` set, just that command's options loaded: the container
    healthcheck runs `dondoc health` every minute and should not import the bot to do it."""
    parser = argparse.ArgumentParser(
        prog="dondoc", description="dondoc: turn meeting conclusions into tracked, reminded tasks."
    )
    parser.add_argument("--version", action="version", version=f"dondoc {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        if only is None or name == only:
            module = importlib.import_module(module_name)
            module.configure(command)
            command.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(only=argv[0] if argv and argv[0] in COMMANDS else None)
    args = parser.parse_args(argv)
    if getattr(args, "_run", None) is None:
        parser.print_help()
        return ExitCode.CONFIG
    try:
        return int(args._run(args) or 0)
    except SettingsError as error:
        # Any command reads DONDOC_* settings; a malformed one is one line naming it, never a traceback.
        sys.stderr.write(render("cli/bad_settings.txt.j2", fields=", ".join(error.names)) + "\n")
        return ExitCode.CONFIG


if __name__ == "__main__":
    sys.exit(main())
