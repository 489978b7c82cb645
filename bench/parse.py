"""Parser speed over every document in the shared seeds and corpora.

Usage: python bench/parse.py [--units UNITS_YAML] [DIR ...]
       (default dirs: ../shared/seeds ../shared/corpus/docs ../shared/corpus2/docs)
Prints the median, slowest and total milliseconds per notice (reading excluded; CPU time of the best
of 5 runs per notice, each from cold caches, so that a busy shared machine disturbs the figures
less), with and without the unit directory when --units is given, so both
figures come from the same run on the same machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere without installing

from bot.parser import parse_notice
from bot.parser.directory import UnitDirectory
from bot.parser.readers import read_document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEFAULT_DIRS = (SHARED / "seeds", SHARED / "corpus" / "docs", SHARED / "corpus2" / "docs")
ROUNDS = 5


def _cold(directory: UnitDirectory | None) -> UnitDirectory | None:
    """Forget what an earlier round memoised, so each round parses as the bot's first parse would:
    the parser's module-level caches are cleared and the directory is built afresh."""
    for name, module in list(sys.modules.items()):
        if name.startswith("bot.parser"):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()
    if directory is None:
        return None
    return UnitDirectory(units=directory.units, groups=directory.groups, level_words=directory.level_words)


def _timings(texts: list[str], directory: UnitDirectory | None) -> tuple[list[float], int]:
    timings: list[float] = []
    tasks = 0
    for text in texts:
        best = float("inf")
        for _ in range(ROUNDS):
            fresh = _cold(directory)
            start = time.process_time()
            parsed = parse_notice(text, directory=fresh)
            best = min(best, time.process_time() - start)
        timings.append(best)
        tasks += len(parsed.tasks)
    return timings, tasks


def _report(label: str, timings: list[float], tasks: int) -> None:
    ms = sorted(t * 1000 for t in timings)
    print(
        f"{label:<16} median {statistics.median(ms):6.1f} ms  slowest {ms[-1]:6.1f} ms  "
        f"p90 {ms[int(len(ms) * 0.9)]:6.1f} ms  total {sum(ms):7.0f} ms  tasks {tasks}"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", type=Path, default=list(DEFAULT_DIRS))
    parser.add_argument("--units", type=Path, help="unit directory YAML to parse with")
    args = parser.parse_args(argv)
    dirs = [d for d in args.dirs if d.is_dir()]
    if not dirs:
        print(f"no documents in {', '.join(map(str, args.dirs))}: nothing to time")
        return 0
    files = sorted(p for d in dirs for p in d.iterdir() if p.suffix in (".txt", ".md", ".docx", ".pdf"))
    texts = [read_document(p.read_bytes(), p.name) for p in files]
    print(f"notices: {len(texts)}")
    _report("no directory", *_timings(texts, None))
    if args.units:
        _report("with directory", *_timings(texts, UnitDirectory.load(args.units)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
