"""Extraction quality on every visible gold set, scored by the shared scorer itself.

Usage: python bench/extraction.py [--verbose] [--set NAME ...]

Prints one line per set (seeds + corpus gold, corpus2, parser-examples): task P/R/F1, the share of
matched tasks whose units, deadline and recurrence agree, and deadline recall. The figures are the
ones `../shared/tools/score_extraction.py --cmd 'dondoc parse {file} --json'` prints: the scorer runs
unchanged, but its command only prints a prediction made beforehand, in this process, by the same
code `dondoc parse --json` runs (one interpreter instead of one per document).
Without `../shared` (a public clone) it says so in one line and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere without installing

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DONDOC_SHARED_DIR", REPO.parent / "shared"))
SCORER = SHARED / "tools" / "score_extraction.py"


@dataclass(frozen=True)
class GoldSet:
    name: str
    gold: Path
    docs: tuple[Path, ...]


SETS = (
    GoldSet("seeds+corpus", SHARED / "gold", (SHARED / "seeds", SHARED / "corpus" / "docs")),
    GoldSet("corpus2", SHARED / "corpus2" / "gold", (SHARED / "corpus2" / "docs",)),
    GoldSet("parser-examples", SHARED / "parser-examples", (SHARED / "parser-examples",)),
)


def _documents(gold_set: GoldSet) -> list[Path]:
    found = []
    for gold_file in sorted(gold_set.gold.glob("*.json")):
        name = json.loads(gold_file.read_text(encoding="utf-8"))["doc"]
        doc = next((d / name for d in gold_set.docs if (d / name).exists()), None)
        if doc is not None:
            found.append(doc)
    return found


def _predict(doc: Path) -> str:
    """What `dondoc parse DOC --json` prints (or an empty prediction where it would fail)."""
    from bot.commands.parse import as_json
    from bot.parser import parse_notice
    from bot.parser.readers import DocumentError, read_document

    try:
        return as_json(parse_notice(read_document(doc.read_bytes(), doc.name))) + "\n"
    except DocumentError:
        return '{"tasks": []}\n'


def score(gold_set: GoldSet, workdir: Path, *, verbose: bool) -> list[str]:
    """Run the scorer on `gold_set`; its output lines (the summary is the last two)."""
    mirror = workdir / gold_set.name
    mirror.mkdir()
    for doc in _documents(gold_set):
        (mirror / doc.name).symlink_to(doc)
        (mirror / f"{doc.name}.json").write_text(_predict(doc), encoding="utf-8")
    command = [
        sys.executable, str(SCORER), "--gold", str(gold_set.gold), "--docs", str(mirror),
        "--cmd", "cat {file}.json",
    ]  # fmt: skip
    if verbose:
        command.append("--verbose")
    out = subprocess.run(command, capture_output=True, text=True, check=False)
    return out.stdout.splitlines()


def summary(name: str, lines: list[str]) -> str:
    recall, figures = lines[-2], lines[-1]
    return f"{name:<16} {figures.removeprefix('tasks ')}  ({recall})"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="also print the scorer's per-document lines")
    parser.add_argument("--set", action="append", choices=[s.name for s in SETS], help="only these sets")
    args = parser.parse_args(argv)
    if not SCORER.exists():
        print(f"no shared data at {SHARED}: nothing to score")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        for gold_set in SETS:
            if args.set and gold_set.name not in args.set:
                continue
            lines = score(gold_set, Path(tmp), verbose=args.verbose)
            if args.verbose:
                print("\n".join(lines[:-2]))
            print(summary(gold_set.name, lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
