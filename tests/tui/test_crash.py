"""A bug in routedeck stops the editor with a report that shows no values and a non-zero status."""

from __future__ import annotations

from pathlib import Path

import pytest

from routedeck.exit_status import ExitStatus
from routedeck.tui.app import RouteDeckApp

SECRET = "sk-live-abcdefghijklmnop0123"


class BuggyApp(RouteDeckApp):
    def on_ready(self) -> None:
        api_key = SECRET  # a local of the failing frame, as a config's text would be
        raise ValueError(f"\x1b]2;pwned\x07 cannot use api_key: {api_key}")


def test_a_crash_report_has_no_locals_no_secret_no_escapes(
    demo_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    app = BuggyApp(demo_path, environ={}, cursor_blink=False)
    app.run(headless=True, size=(100, 30))
    out, err = capfd.readouterr()
    shown = out + err
    assert app.return_code == ExitStatus.CRASHED
    assert "unexpected error" in shown
    assert "test_crash.py" in shown and "on_ready" in shown  # where it happened
    assert SECRET not in shown
    assert "\x1b]2;" not in shown and "\\x1b]2;pwned" in shown


class QuitAtOnce(RouteDeckApp):
    """Quits as soon as the first frame is up, as a `q` typed ahead of the editor would."""

    def on_ready(self) -> None:
        self.exit()


def test_quitting_as_the_first_frame_comes_is_no_crash(
    demo_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    app = QuitAtOnce(demo_path, environ={}, cursor_blink=False)
    app.run(headless=True, size=(100, 30))
    out, err = capfd.readouterr()
    assert app.return_code == ExitStatus.OK
    assert "unexpected error" not in out + err
