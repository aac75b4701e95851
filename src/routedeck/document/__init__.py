"""The config file as text: byte-exact round trip, verified line-splice edits, safe saves.

Imports no textual. See `ConfigDocument`.
"""

from routedeck.document.document import ConfigDocument
from routedeck.document.errors import (
    ChangedOnDiskError,
    DocumentError,
    EditError,
    EmptyDocumentError,
    SaveError,
)

__all__ = [
    "ChangedOnDiskError",
    "ConfigDocument",
    "DocumentError",
    "EditError",
    "EmptyDocumentError",
    "SaveError",
]
