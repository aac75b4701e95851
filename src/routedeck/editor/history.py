"""Undo and redo as a stack of whole document texts (the document verifies each on restore)."""

from __future__ import annotations


class EditHistory:
    """Texts before each edit (undo) and after each undo (redo)."""

    def __init__(self, limit: int = 500) -> None:
        self._limit = limit
        self._undo: list[str] = []
        self._redo: list[str] = []

    def record(self, text_before_edit: str) -> None:
        self._undo.append(text_before_edit)
        del self._undo[: -self._limit]
        self._redo.clear()

    def undo(self, current_text: str) -> str | None:
        """The text to restore, or None when there is nothing to undo."""
        if not self._undo:
            return None
        self._redo.append(current_text)
        return self._undo.pop()

    def redo(self, current_text: str) -> str | None:
        if not self._redo:
            return None
        self._undo.append(current_text)
        return self._redo.pop()

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()
