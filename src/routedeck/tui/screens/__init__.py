"""Screens and modal dialogs of the routedeck editor."""

from pathlib import Path

DIALOGS_CSS = Path(__file__).parent.parent / "dialogs.tcss"
"""The stylesheet of every screen but the main one: each names it in CSS_PATH, so that Textual
reads it when the first of them opens, not before the editor's first frame."""
