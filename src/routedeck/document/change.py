"""What one edit did to the text, as replacements that can be applied and undone.

A `SourceEdit` is one replacement, as in Dart's yaml_edit: `offset` and `length` in characters
of the text it applies to, and the `replacement`. A `Change` is the replacements of one edit,
all against the text before it (ascending, never overlapping), with the reverse replacements
against the text after it; `Change.inverted()` undoes it. The editor keeps Changes for undo and
redo instead of whole texts, and gives them back to `ConfigDocument.apply_change`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class SourceEdit:
    """Replace `length` characters at `offset` by `replacement`."""

    offset: int
    length: int
    replacement: str

    def apply(self, text: str) -> str:
        return text[: self.offset] + self.replacement + text[self.offset + self.length :]


@dataclass(frozen=True)
class Change:
    """The replacements of one edit (`edits`, against the text before it) and their undoing
    (`reverse`, against the text after it). An edit that changed nothing has no replacements."""

    edits: tuple[SourceEdit, ...]
    reverse: tuple[SourceEdit, ...]

    @classmethod
    def between(cls, text: str, edits: Iterable[SourceEdit]) -> Change:
        """The Change that applies `edits` (ascending, not overlapping) to `text`."""
        ordered = tuple(sorted(edits, key=lambda edit: edit.offset))
        reverse: list[SourceEdit] = []
        shift = 0
        for edit in ordered:
            replaced = text[edit.offset : edit.offset + edit.length]
            reverse.append(SourceEdit(edit.offset + shift, len(edit.replacement), replaced))
            shift += len(edit.replacement) - edit.length
        return cls(ordered, tuple(reverse))

    @property
    def is_empty(self) -> bool:
        return not self.edits

    def inverted(self) -> Change:
        """The Change that undoes this one."""
        return Change(self.reverse, self.edits)

    def applies_to(self, text: str) -> bool:
        """Whether `text` holds, at each replaced span, what this change expects to replace."""
        return all(
            edit.offset + edit.length <= len(text)
            and text[edit.offset : edit.offset + edit.length] == undo.replacement
            for edit, undo in zip(self.edits, self.reverse, strict=True)
        )

    def apply(self, text: str) -> str:
        """`text` with every replacement made (each offset counts in `text`)."""
        parts: list[str] = []
        cursor = 0
        for edit in self.edits:
            parts += [text[cursor : edit.offset], edit.replacement]
            cursor = edit.offset + edit.length
        parts.append(text[cursor:])
        return "".join(parts)
