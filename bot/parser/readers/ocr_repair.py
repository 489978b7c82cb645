"""Repairs for what character recognition typically gets wrong in a notice."""

from __future__ import annotations


def repair_marker(word: str) -> str:
    return word


def repair_text(text: str) -> str:
    return text
