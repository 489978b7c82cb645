"""Parser speed over every document in the shared seeds and corpus.

Usage: python bench/parse.py [DIR ...]   (default: ../shared/seeds ../shared/corpus/docs)
Prints the median milliseconds per notice and notices per second (reading excluded).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere without installing

from bot.parser import parse_notice
from bot.parser.readers import read_document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEFAULT_DIRS = (str(SHARED / "seeds"), str(SHARED / "corpus" / "docs"))
ROUNDS = 5


def main(argv: list[str]) -> int:
    dirs = [Path(d) for d in (argv or DEFAULT_DIRS)]
    files = sorted(p for d in dirs for p in d.iterdir() if p.suffix in (".txt", ".md", ".docx", ".pdf"))
    texts = [read_document(p.read_bytes(), p.name) for p in files]
    timings: list[float] = []
    tasks = 0
    for text in texts:
        best = float("inf")
        for _ in range(ROUNDS):
            start = time.perf_counter()
            parsed = parse_notice(text)
            best = min(best, time.perf_counter() - start)
        timings.append(best)
        tasks += len(parsed.tasks)
    total = sum(timings)
    print(f"notices: {len(texts)}  tasks found: {tasks}")
    print(f"median: {statistics.median(timings) * 1000:.1f} ms per notice")
    print(f"max: {max(timings) * 1000:.1f} ms per notice")
    print(f"throughput: {len(texts) / total:.1f} notices/second")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
