"""The config file as text: byte-exact round trip, verified line-splice edits that return a
`Change` (replacements and their reverse, for undo), safe saves.

Imports no textual. See `ConfigDocument`.
"""

from routedeck.document.change import Change, SourceEdit
from routedeck.document.document import ConfigDocument
from routedeck.document.errors import (
    ChangedOnDiskError,
    DocumentError,
    EditError,
    EmptyDocumentError,
    SaveError,
)

__all__ = [
    "Change",
    "ChangedOnDiskError",
    "ConfigDocument",
    "DocumentError",
    "EditError",
    "EmptyDocumentError",
    "SaveError",
    "SourceEdit",
]
