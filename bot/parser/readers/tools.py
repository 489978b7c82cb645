"""The programs some formats need on the server: Tesseract with its Vietnamese data, LibreOffice.

Both are Debian packages outside Python (`tesseract-ocr tesseract-ocr-vie`, `libreoffice-writer-nogui`),
so a server may lack them. Readers ask here before they start, and say in one line what is missing
(DocumentError with reason ocr_missing / ocr_language_missing / converter_missing).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

OCR_LANGUAGE = "vie"
_LIST_LANGS_TIMEOUT = 20.0


@dataclass(frozen=True)
class Tools:
    tesseract: str | None  # path of the binary
    vietnamese: bool  # Tesseract has the "vie" language data
    soffice: str | None

    @property
    def ocr(self) -> bool:
        return self.tesseract is not None and self.vietnamese

    @property
    def converter(self) -> bool:
        return self.soffice is not None


def find_tools() -> Tools:
    """Looked up on PATH each time (cheap); the language list is asked once per binary and data dir."""
    tesseract = shutil.which("tesseract")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    vietnamese = tesseract is not None and OCR_LANGUAGE in _languages(
        tesseract, os.environ.get("TESSDATA_PREFIX", "")
    )
    return Tools(tesseract=tesseract, vietnamese=vietnamese, soffice=soffice)


@lru_cache(maxsize=8)
def _languages(tesseract: str, _tessdata: str) -> frozenset[str]:
    # The data directory is part of the cache key: TESSDATA_PREFIX changes which languages exist.
    try:
        listed = subprocess.run(  # noqa: S603 - a binary found on PATH, fixed arguments
            [tesseract, "--list-langs"], capture_output=True, text=True, timeout=_LIST_LANGS_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    # The first line is a heading ("List of available languages in …"); some builds print it to stderr.
    lines = (listed.stdout + "\n" + listed.stderr).splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and " " not in line.strip())
