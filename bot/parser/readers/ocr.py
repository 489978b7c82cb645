"""One page image to recognised words with positions and confidences: the Tesseract command line.

Tesseract is called as a program (`tesseract stdin stdout -l vie tsv`) rather than through a Python
binding: the bindings on PyPI are themselves wrappers around this same command, and calling it directly
gives what a bot needs and they hide: a hard time limit that kills the process (subprocess timeout),
one thread per page (OMP_THREAD_LIMIT=1, so a scan never takes both cores of a small server), the image
passed through a pipe instead of a temporary file, and the TSV output whose per-word confidences the
office sees in the preview.
"""

from __future__ import annotations

import io
import os
import subprocess
from dataclasses import dataclass

from PIL import Image

from bot.parser.readers.tools import OCR_LANGUAGE

# TSV row levels: 1 page, 2 block, 3 paragraph, 4 line, 5 word.
_WORD_LEVEL = "5"


class PageTimeout(Exception):
    """Tesseract did not finish one page within its time limit (the process was killed)."""


@dataclass(frozen=True)
class Word:
    text: str
    left: int
    top: int
    right: int
    bottom: int
    confidence: float  # 0–100, as Tesseract reports it
    line: tuple[int, int, int]  # (block, paragraph, line) as Tesseract segmented the page


def recognise(image: Image.Image, *, tesseract: str, dpi: int, timeout: float) -> list[Word]:
    """The words Tesseract reads on one page, in its reading order."""
    buffer = io.BytesIO()
    # PNM is read by Tesseract from a pipe without decoding work (PNG would cost a compression pass).
    image.save(buffer, "PPM")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    command = [tesseract, "stdin", "stdout", "-l", OCR_LANGUAGE, "--dpi", str(dpi), "--psm", "3",
               "-c", "tessedit_do_invert=0", "tsv"]
    try:
        done = subprocess.run(  # noqa: S603 - fixed arguments, the binary found by tools.find_tools
            command, input=buffer.getvalue(), capture_output=True, timeout=timeout, env=env, check=True,
        )
    except subprocess.TimeoutExpired as exc:
        raise PageTimeout(f"{timeout:.0f} s") from exc
    return parse_tsv(done.stdout.decode("utf-8", errors="replace"))


def parse_tsv(tsv: str) -> list[Word]:
    words: list[Word] = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != _WORD_LEVEL or not cells[11].strip():
            continue
        left, top, width, height = (int(c) for c in cells[6:10])
        words.append(Word(
            text=cells[11].strip(), left=left, top=top, right=left + width, bottom=top + height,
            confidence=max(0.0, float(cells[10])), line=(int(cells[2]), int(cells[3]), int(cells[4])),
        ))
    return words
