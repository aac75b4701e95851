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
from routedeck.document.files import NotARegularFileError, read_regular_file
from routedeck.document.presence import (
    OtherEditor,
    UnsavedEditsMarker,
    others_with_unsaved_edits,
)
from routedeck.document.saving import create_config, save_file, save_lock

__all__ = [
    "ChangedOnDiskError",
    "ConfigDocument",
    "DocumentError",
    "EditError",
    "EmptyDocumentError",
    "NotARegularFileError",
    "OtherEditor",
    "SaveError",
    "UnsavedEditsMarker",
    "create_config",
    "others_with_unsaved_edits",
    "read_regular_file",
    "save_file",
    "save_lock",
]
