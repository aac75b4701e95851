"""Undo and redo as steps of the document's Changes: a few lines each, never whole texts."""

from __future__ import annotations

from routedeck.document import Change

Step = tuple[Change, ...]
"""The Changes of one edit as the user made it (a base-form save may be several), in order."""


class EditHistory:
    """Steps to undo (newest last) and steps undone that can be redone."""

    def __init__(self, limit: int = 500) -> None:
        self._limit = limit
        self._undo: list[Step] = []
        self._redo: list[Step] = []

    def record(self, step: Step) -> None:
        self._undo.append(step)
        del self._undo[: -self._limit]
        self._redo.clear()

    def undo(self) -> Step | None:
        """The step to take back (its Changes inverted, newest first), or None."""
        if not self._undo:
            return None
        step = self._undo.pop()
        self._redo.append(step)
        return step

    def redo(self) -> Step | None:
        """The step to make again, or None."""
        if not self._redo:
            return None
        step = self._redo.pop()
        self._undo.append(step)
        return step

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()
