"""The text convention every reader emits: NFC, LF newlines, one paragraph per line."""

from __future__ import annotations

import re
import unicodedata

# Spaces that look like a space but are not one for a regex: NBSP, thin/em spaces, ideographic space.
_ODD_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
# Invisible characters that split words for a regex but not for a reader.
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_MANY_BLANKS = re.compile(r"\n{3,}")
# Bullet glyphs (and Symbol/Wingdings private-use code points) that open a line become the dash
# every reader emits for a bullet.
_GLYPH_BULLET = re.compile(r"^(\**)[•●▪■◦○∙\ue000-\uf8ff]\s*", re.MULTILINE)


def clean_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    text = _ODD_SPACES.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    text = _GLYPH_BULLET.sub(r"\1- ", text)
    lines = [line.rstrip() for line in text.split("\n")]
    return _MANY_BLANKS.sub("\n\n", "\n".join(lines)).strip("\n")
