"""Reading documents: milliseconds per page for generated .docx and .pdf notices.

Run from the project root: python -m bench.readers  (or python bench/readers.py)
The notice is the test sample repeated until it fills about 20 PDF pages; the .docx holds the same
content, so its time is divided by the same page count.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pdfplumber

from bot.parser.readers import read_document
from tests.parser import sample_notice

REPEAT = 12
RUNS = 5


def _median_ms(data: bytes, filename: str) -> float:
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        read_document(data, filename)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def main() -> None:
    sample_notice.BLOCKS[:] = sample_notice.BLOCKS * REPEAT
    pdf = sample_notice.as_pdf()
    docx = sample_notice.as_docx()
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        pages = len(document.pages)
    for name, data in (("docx", docx), ("pdf", pdf)):
        ms = _median_ms(data, f"bench.{name}")
        size = len(data) / 1024
        print(f"{name}: {pages} pages, {size:.0f} KiB, median {ms:.0f} ms, {ms / pages:.1f} ms/page")


if __name__ == "__main__":
    main()
