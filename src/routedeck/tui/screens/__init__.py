"""Screens and modal dialogs of the routedeck editor."""
