"""`dondoc …` run inside the test process: bot.cli.main with its output captured.

Starting Python for a command costs about a second, most of a CLI test's time. The commands are plain
functions of their arguments, so only the tests that prove the process itself behaves (what systemd
sees from `dondoc run`, signals, the installed script, `dondoc demo`) start one.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path

from bot.cli import main


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


def dondoc(*args: str | Path) -> Ran:
    """The exit code and output of `dondoc ARGS` (environment and working directory are the test's)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(arg) for arg in args])
        except SystemExit as exit_:  # argparse refusing the arguments
            code = exit_.code if isinstance(exit_.code, int) else 1
    return Ran(code, out.getvalue(), err.getvalue())
