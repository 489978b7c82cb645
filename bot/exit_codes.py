"""Exit codes of `dondoc run`, the contract with systemd's RestartPreventExitStatus= (deploy/dondoc.service).

A failure that may pass by itself (the network) exits 1 and is restarted; one that needs a person to
change something exits 2 or 3 and is not, so a wrong setting never becomes a restart loop.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    # Bot API unreachable at start, or any unexpected crash: systemd restarts the bot.
    FAILURE = 1
    # A missing, malformed or rejected setting (token, DONDOC_* values).
    CONFIG = 2
    # The database path cannot be used: not creatable, not writable, not a database, a newer schema.
    DATABASE = 3
    # Another `dondoc run` holds this database (bot.instance_lock). Restarted by systemd: once the
    # other process stops, the next attempt starts.
    ALREADY_RUNNING = 4
