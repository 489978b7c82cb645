"""Old and other word-processor formats (.doc, .rtf, .odt) converted to .docx by LibreOffice.

`soffice --headless --convert-to docx` runs with a profile directory of its own in a private
temporary directory: a shared profile would make two conversions at once wait on each other's lock
(or on a desktop LibreOffice the server's user left open), and the profile is deleted with the input
and output. The process group is killed when the time limit passes, so a file that makes LibreOffice
hang cannot hold the bot.

The input filter is chosen from the file's content, not its name: many ".doc" files are really RTF or
HTML (saved so by older document systems), a few are .docx renamed (read directly), and without an
explicit filter LibreOffice would import any unknown bytes as plain text instead of refusing them.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path

from bot.parser.readers.errors import DocumentError, DocumentErrorReason
from bot.parser.readers.tools import find_tools

# A cold start with a fresh profile takes 3–6 s on a small server; a notice converts in a second.
CONVERT_TIMEOUT = 90.0


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def input_filter(data: bytes) -> str | None:
    """LibreOffice's import filter for this content; "" for a .docx already; None when unknown."""
    head = data[:2048].lstrip()
    if data.startswith(_OLE2):
        return "MS Word 97"
    if head.startswith(b"{\\rtf"):
        return "Rich Text Format"
    if zipfile.is_zipfile(io.BytesIO(data)):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
        if "word/document.xml" in names:
            return ""
        return "writer8" if "content.xml" in names else None
    if b"<html" in head.lower() or head.lower().startswith(b"<!doctype html"):
        return "HTML (StarWriter)"
    return None


def convert_to_docx(data: bytes, filename: str, suffix: str) -> bytes:
    kind = input_filter(data)
    if kind is None:
        raise DocumentError(DocumentErrorReason.unreadable, filename, "not a word-processor file")
    if kind == "":
        return data
    soffice = find_tools().soffice
    if soffice is None:
        raise DocumentError(DocumentErrorReason.converter_missing, filename)
    with tempfile.TemporaryDirectory(prefix="dondoc-office-") as work:
        folder = Path(work)
        source = folder / f"notice{suffix}"
        source.write_bytes(data)
        command = [
            soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
            "--nolockcheck", f"--infilter={kind}", "--convert-to", "docx", "--outdir", str(folder / "out"),
            str(source),
        ]
        # HOME too: LibreOffice writes a few files there even with its own profile.
        env = {**os.environ, "HOME": work}
        with subprocess.Popen(  # noqa: S603 - fixed arguments, the binary found by tools.find_tools
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True,
        ) as process:
            try:
                _, errors = process.communicate(timeout=CONVERT_TIMEOUT)
            except subprocess.TimeoutExpired as exc:
                # soffice starts a child (soffice.bin): end the whole group, not just the launcher.
                os.killpg(process.pid, signal.SIGKILL)
                process.communicate()
                raise DocumentError(DocumentErrorReason.unreadable, filename,
                                    f"LibreOffice took over {CONVERT_TIMEOUT:.0f} s") from exc
        converted = folder / "out" / "notice.docx"
        if not converted.exists():
            # LibreOffice exits 0 even when it could not load the file; no output is the only sign.
            detail = errors.decode("utf-8", errors="replace").strip()[-300:]
            raise DocumentError(DocumentErrorReason.unreadable, filename,
                                f"LibreOffice: {detail or 'no output'}")
        return converted.read_bytes()
