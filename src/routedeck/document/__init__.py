"""The config file as text: byte-exact round trip, verified line-splice edits that return a
`Change` (replacements and their reverse, for undo), safe saves.

Imports no textual. See `ConfigDocument`.

Each name below is imported from its module when first used (PEP 562): reading a file for the
editor's first frame does not load the edit machinery.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from routedeck.lazy import lazy_exports

EXPORTS: dict[str, tuple[str, ...]] = {
    "agent_reading": (
        "BROKEN_FILE_STAKE",
        "AgentView",
        "agent_cannot_read",
        "agent_view",
    ),
    "change": (
        "Change",
        "SourceEdit",
    ),
    "document": ("ConfigDocument",),
    "errors": (
        "ChangedOnDiskError",
        "DocumentError",
        "EditError",
        "EmptyDocumentError",
        "SaveError",
    ),
    "files": (
        "NotARegularFileError",
        "read_regular_file",
    ),
    "presence": (
        "OtherEditor",
        "UnsavedEditsMarker",
        "others_with_unsaved_edits",
    ),
    "saving": (
        "create_config",
        "save_file",
        "save_lock",
    ),
    "scenario_file": (
        "ScenarioFile",
        "ScenarioFileError",
        "ScenarioProblem",
        "default_scenarios_path",
    ),
}
"""The names this package exports, by the module that defines them."""

if TYPE_CHECKING:
    from routedeck.document.agent_reading import (
        BROKEN_FILE_STAKE as BROKEN_FILE_STAKE,
        AgentView as AgentView,
        agent_cannot_read as agent_cannot_read,
        agent_view as agent_view,
    )
    from routedeck.document.change import (
        Change as Change,
        SourceEdit as SourceEdit,
    )
    from routedeck.document.document import (
        ConfigDocument as ConfigDocument,
    )
    from routedeck.document.errors import (
        ChangedOnDiskError as ChangedOnDiskError,
        DocumentError as DocumentError,
        EditError as EditError,
        EmptyDocumentError as EmptyDocumentError,
        SaveError as SaveError,
    )
    from routedeck.document.files import (
        NotARegularFileError as NotARegularFileError,
        read_regular_file as read_regular_file,
    )
    from routedeck.document.presence import (
        OtherEditor as OtherEditor,
        UnsavedEditsMarker as UnsavedEditsMarker,
        others_with_unsaved_edits as others_with_unsaved_edits,
    )
    from routedeck.document.saving import (
        create_config as create_config,
        save_file as save_file,
        save_lock as save_lock,
    )
    from routedeck.document.scenario_file import (
        ScenarioFile as ScenarioFile,
        ScenarioFileError as ScenarioFileError,
        ScenarioProblem as ScenarioProblem,
        default_scenarios_path as default_scenarios_path,
    )
else:
    __all__, __getattr__, __dir__ = lazy_exports(__name__, EXPORTS)
