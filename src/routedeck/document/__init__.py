"""The config file as text: byte-exact round trip, verified line-splice edits that return a
`Change` (replacements and their reverse, for undo), safe saves.

Imports no textual. See `ConfigDocument`.
"""

from routedeck.document.agent_view import (
    BROKEN_FILE_STAKE,
    AgentView,
    agent_cannot_read,
    agent_view,
)
from routedeck.document.change import Change, SourceEdit
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
from routedeck.document.scenario_file import (
    ScenarioFile,
    ScenarioFileError,
    ScenarioProblem,
    default_scenarios_path,
)

__all__ = [
    "BROKEN_FILE_STAKE",
    "AgentView",
    "Change",
    "ChangedOnDiskError",
    "ConfigDocument",
    "DocumentError",
    "EditError",
    "EmptyDocumentError",
    "NotARegularFileError",
    "OtherEditor",
    "SaveError",
    "ScenarioFile",
    "ScenarioFileError",
    "ScenarioProblem",
    "SourceEdit",
    "UnsavedEditsMarker",
    "agent_cannot_read",
    "agent_view",
    "create_config",
    "default_scenarios_path",
    "others_with_unsaved_edits",
    "read_regular_file",
    "save_file",
    "save_lock",
]
