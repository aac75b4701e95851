"""The routedeck editor (Textual). Importing this package is cheap: the app loads on first use."""

import os
import sys
from pathlib import Path


def run_editor(path: Path, *, context: dict[str, str] | None = None) -> int:
    """Open the editor on `path` (which may not exist yet) and return the exit status: the
    app's, or CRASHED when routedeck itself failed."""
    from routedeck.tui.app import RouteDeckApp

    app = RouteDeckApp(path, context=context)
    status = app.run()
    code = app.return_code or (0 if status is None else status)
    if app.still_loading:  # quit while a big file was read: nothing to save or clean up, and
        sys.stdout.flush()  # tearing down its half-built objects would take seconds
        sys.stderr.flush()
        os._exit(code)
    return code
