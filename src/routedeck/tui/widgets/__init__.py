"""Widgets of the routedeck editor."""
