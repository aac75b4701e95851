"""The routedeck editor (Textual). Importing this package is cheap: the app loads on first use."""

from pathlib import Path


def run_editor(path: Path, *, context: dict[str, str] | None = None) -> int:
    """Open the editor on `path` (which may not exist yet) and return the exit status: the
    app's, or CRASHED when routedeck itself failed."""
    from routedeck.tui.app import RouteDeckApp

    app = RouteDeckApp(path, context=context)
    status = app.run()
    return app.return_code or (0 if status is None else status)
