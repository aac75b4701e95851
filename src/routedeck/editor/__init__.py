"""The editor without a screen: a session over one config file (document, history, analysis).

The Textual app (`routedeck.tui`) is a view of an `EditorSession`; everything the editor does to
the file can be driven and tested here without Textual.
"""

from routedeck.editor.session import EditorSession, EditOutcome

__all__ = ["EditOutcome", "EditorSession"]
