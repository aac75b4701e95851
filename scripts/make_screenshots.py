"""Regenerate `screenshots/*.svg` from the real editor, driven headless on the bundled demo.

python scripts/make_screenshots.py
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from textual.pilot import Pilot

from routedeck.paths import demo_config_text
from routedeck.tui.app import RouteDeckApp
from routedeck.tui.screens.loading import LoadingScreen

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
SIZE = (160, 45)
BROKEN_CONFIG = "model:\n  default: x\n  routes:\n    - match: {platform: [\n"


@dataclass(frozen=True)
class Shot:
    name: str
    keys: tuple[str, ...] = ()
    context: dict[str, str] = field(default_factory=dict)
    text: str = ""
    """The config to open; the demo when empty."""


SHOTS = (
    Shot("main-winner", context={"platform": "discord", "source_kind": "stranger"}),
    Shot("main-legacy-winner", context={"platform": "telegram", "source_kind": "stranger"}),
    Shot("route-form", keys=("down", "down", "down", "enter")),
    Shot("save-preview", keys=("alt+down", "ctrl+s")),
    Shot("quit-dialog", keys=("d", "ctrl+q")),
    Shot("migration-preview", keys=("m",)),
    Shot("help", keys=("f1",)),
    Shot("load-error", text=BROKEN_CONFIG),
)


async def wait_until_loaded(pilot: Pilot) -> None:
    for _ in range(100):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not isinstance(pilot.app.screen, LoadingScreen):
            return


async def take(shot: Shot, folder: Path) -> Path:
    path = folder / "config.yaml"
    path.write_text(shot.text or demo_config_text(), encoding="utf-8")
    app = RouteDeckApp(path, context=shot.context, environ={}, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press(*shot.keys)
        await pilot.pause(0.2)
        return Path(app.save_screenshot(f"{shot.name}.svg", str(SCREENSHOTS)))


async def main() -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    # A fixed folder name, so the help screen's "Editing …" line is the same on every run.
    folder = Path(tempfile.gettempdir()) / "routedeck-screenshots"
    for shot in SHOTS:
        folder.mkdir(exist_ok=True)
        try:
            print(await take(shot, folder))
        finally:
            shutil.rmtree(folder)


if __name__ == "__main__":
    asyncio.run(main())
