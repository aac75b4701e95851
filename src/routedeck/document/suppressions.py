"""Inline suppressions: `# routedeck: ignore[ID, ID]` at the end of a line, or as a comment line
right above it (an end-of-line comment belongs to its own line, never to the line below)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

SUPPRESSION = re.compile(r"(?:^|\s)#\s*routedeck:\s*ignore\[([^\]]*)\]")
"""The comment that silences findings; its brackets hold diagnostic ids, comma separated."""


def suppressed_on(lines: Sequence[str], line: int) -> set[str]:
    """The ids silenced at 1-based `line`: by a comment on it, or a comment line above it."""
    found = _ids(lines[line - 1]) if 1 <= line <= len(lines) else set()
    if 2 <= line <= len(lines) + 1 and lines[line - 2].lstrip().startswith("#"):
        found |= _ids(lines[line - 2])
    return found


def _ids(line: str) -> set[str]:
    return {
        word.strip()
        for match in SUPPRESSION.finditer(line)
        for word in match.group(1).split(",")
        if word.strip()
    }


def is_suppressed(lines: Sequence[str], diagnostic_id: str, at_lines: Iterable[int]) -> bool:
    """Whether a comment on or above any of `at_lines` (a finding's key and its route's first
    line) silences `diagnostic_id`."""
    return any(diagnostic_id in suppressed_on(lines, line) for line in at_lines)
