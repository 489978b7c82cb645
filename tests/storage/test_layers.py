"""storage sits below the bot: importing every storage module loads nothing of `bot`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import storage


def test_storage_imports_nothing_of_the_bot():
    modules = sorted(
        "storage." + ".".join(path.relative_to(Path(storage.__file__).parent).with_suffix("").parts)
        for path in Path(storage.__file__).parent.rglob("*.py") if path.name != "__init__.py"
    )
    code = ("import sys, importlib\n"
            f"for name in {modules!r}: importlib.import_module(name)\n"
            "print(sorted(m for m in sys.modules if m == 'bot' or m.startswith('bot.')))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"
