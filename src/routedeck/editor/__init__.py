"""The editor without a screen: a session over one config file (document, history, analysis).

The Textual app (`routedeck.tui`) is a view of an `EditorSession`; everything the editor does to
the file can be driven and tested here without Textual. The names below are imported from their
modules when first used (see `routedeck.lazy`): the editor's first frame needs only `glance`.
"""

from typing import TYPE_CHECKING

from routedeck.lazy import lazy_exports

EXPORTS: dict[str, tuple[str, ...]] = {
    "first_look": ("Glance", "glance"),
    "session": ("EditorSession", "EditOutcome"),
}
"""The names this package exports, by the module that defines them."""

if TYPE_CHECKING:
    from routedeck.editor.first_look import Glance as Glance, glance as glance
    from routedeck.editor.session import EditorSession as EditorSession, EditOutcome as EditOutcome
else:
    __all__, __getattr__, __dir__ = lazy_exports(__name__, EXPORTS)
