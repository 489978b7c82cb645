"""Scanned notices: seconds per page and task F1 of each seed read by character recognition.

Usage: python bench/ocr.py [--photo] [SEED ...]   (from the repository root; seeds: ../shared/seeds/*.txt)

Each seed is drawn into A4 pages at 300 dpi (tests/parser/ocr_pages.py: DejaVu Sans, one paragraph
per line), wrapped in an image-only PDF and read by the bot's reader (recognition, page furniture,
OCR repairs), then parsed without a unit directory, as `dondoc parse FILE --json` does. The task F1 is
computed with the shared scorer's own `score_doc` (../shared/tools/score_extraction.py) against
../shared/gold, next to the F1 of the seed's plain text measured in the same run. `--photo` also reads
every page as a phone photo sent in Telegram (1280 px JPEG, turned 1.5°, shaded, blurred, a red seal
and a blue signature over the signature block), one photo per page.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere without installing

from bot.parser import parse_notice
from bot.parser.readers import read
from tests.parser.ocr_pages import as_photo, image_bytes, image_pdf, render_pages

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _scorer() -> ModuleType:
    scorer = SHARED / "tools" / "score_extraction.py"
    spec = importlib.util.spec_from_file_location("score_extraction", scorer)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _f1(scorer: ModuleType, gold: dict, text: str) -> float:
    counts = scorer.score_doc(gold, parse_notice(text).model_dump(mode="json"))
    precision = scorer.ratio(counts["matched"], counts["pred"])
    recall = scorer.ratio(counts["matched"], counts["gold"])
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _timed(data: bytes, filename: str) -> tuple[str, float, float]:
    """(text, seconds, confidence) of one read."""
    start = time.perf_counter()
    reading = read(data, filename)
    seconds = time.perf_counter() - start
    return reading.text, seconds, reading.scan.confidence if reading.scan else 100.0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photo", action="store_true", help="also read each page as a Telegram photo")
    parser.add_argument("seeds", nargs="*", help="seed file names (default: all)")
    args = parser.parse_args(argv)
    if not (SHARED / "seeds").is_dir() or not (SHARED / "gold").is_dir():
        print(f"bench/ocr.py: no shared seeds and gold at {SHARED}; nothing to measure.")
        return 0
    scorer = _scorer()
    golds = {}
    for path in sorted((SHARED / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        golds[gold["doc"]] = gold
    seeds = [p for p in sorted((SHARED / "seeds").glob("*.txt")) if not args.seeds or p.name in args.seeds]
    per_page: list[float] = []
    header = "seed                        pages  s/page   conf  F1 scan  F1 text"
    print(header + ("  s/page photo  conf  F1 photo" if args.photo else ""))
    for seed in seeds:
        gold = golds.get(seed.name)
        if gold is None:
            continue
        text = seed.read_text(encoding="utf-8")
        pages = render_pages(text)
        scanned, seconds, confidence = _timed(image_pdf(pages), seed.stem + ".pdf")
        per_page.append(seconds / len(pages))
        line = (f"{seed.stem:<28}{len(pages):>5}  {seconds / len(pages):6.2f}  {confidence:5.1f}"
                f"  {_f1(scorer, gold, scanned):7.3f}  {_f1(scorer, gold, text):7.3f}")
        if args.photo:
            photo_texts, photo_seconds, confidences = [], 0.0, []
            for number, page in enumerate(pages, start=1):
                page_text, page_seconds, page_confidence = _timed(
                    image_bytes(as_photo(page), "JPEG"), f"{seed.stem}-{number}.jpg")
                photo_texts.append(page_text)
                photo_seconds += page_seconds
                confidences.append(page_confidence)
            line += (f"  {photo_seconds / len(pages):12.2f}  {sum(confidences) / len(confidences):4.1f}"
                     f"  {_f1(scorer, gold, chr(10).join(photo_texts)):8.3f}")
        print(line, flush=True)
    if per_page:
        # Recognition runs on one core; on a shared machine the load says how far the seconds stretched.
        print(f"seconds per page (image-only PDF at 300 dpi): min {min(per_page):.2f}, "
              f"max {max(per_page):.2f}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
