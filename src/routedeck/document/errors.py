"""The errors of the document layer: each carries one plain sentence and, when known, a position."""

from __future__ import annotations


class DocumentError(Exception):
    """The text cannot be used as a config: invalid YAML, duplicate keys, not a mapping, not UTF-8.

    `line` and `column` are 1-based (None when unknown); `str()` reads
    `line 4, column 7: mapping values are not allowed here`.
    """

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        if self.column is None:
            return f"line {self.line}: {self.message}"
        return f"line {self.line}, column {self.column}: {self.message}"


class EmptyDocumentError(DocumentError):
    """The file holds no YAML at all (empty, blank or comments only).

    The editor can offer to start a config instead: reopen with `allow_empty=True`.
    """


class EditError(DocumentError):
    """An edit was refused (it would not parse, or would change more than intended); the text is
    unchanged."""


class SaveError(DocumentError):
    """The file could not be written; the file on disk is left as it was."""


class ChangedOnDiskError(SaveError):
    """The file changed on disk since it was loaded; save with `force=True` to overwrite it."""
