"""Fixtures of the editor tests; `async def` tests run in their own event loop (see the hook)."""

from __future__ import annotations

import asyncio
import inspect
import shutil
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from routedeck.paths import demo_config_text
from routedeck.tui.app import DIAGNOSE_AFTER_EDIT, TRAFFIC_QUIET, RouteDeckApp
from routedeck.tui.screens.loading import LoadingScreen

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
DATA = Path(__file__).parent / "data"
SIZE = (160, 45)

OpenEditor = Callable[..., AbstractAsyncContextManager[Pilot]]


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests with asyncio.run (no asyncio plugin needed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    arguments = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    asyncio.run(pyfuncitem.obj(**arguments))
    return True


def editor_app(path: Path, **options: Any) -> RouteDeckApp:
    """The app as tests drive it: no environment expansion, no blinking cursor."""
    options.setdefault("environ", {})
    return RouteDeckApp(path, cursor_blink=False, **options)


async def wait_until_loaded(pilot: Pilot) -> None:
    """Wait for the document to load (a worker thread) and the editor to show it."""
    for _ in range(100):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not isinstance(pilot.app.screen, LoadingScreen):
            break
    await pilot.pause()


async def settled(pilot: Pilot) -> None:
    """Wait until the diagnostics of the last edit and the notice of what it did to traffic are
    on screen (each looked for a moment after it)."""
    await pilot.pause(max(DIAGNOSE_AFTER_EDIT, TRAFFIC_QUIET) + 0.1)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def settle() -> Callable[[Pilot], Any]:
    """`await settle(pilot)`: wait until the last edit's diagnostics and notice are on screen."""
    return settled


@pytest.fixture
def make_app() -> Callable[..., RouteDeckApp]:
    return editor_app


@pytest.fixture
def loaded() -> Callable[[Pilot], Any]:
    """`run_before` for snapshots: wait until the editor shows the file."""
    return wait_until_loaded


@pytest.fixture
def open_editor() -> OpenEditor:
    """`async with open_editor(path, context=...) as pilot:` at 160×45, once the file shows."""

    @asynccontextmanager
    async def open_(path: Path, **options: Any) -> AsyncIterator[Pilot]:
        async with editor_app(path, **options).run_test(size=SIZE) as pilot:
            await wait_until_loaded(pilot)
            yield pilot

    return open_


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(demo_config_text(), encoding="utf-8")
    return path


@pytest.fixture
def tricky_path(tmp_path: Path) -> Path:
    path = tmp_path / "config.yaml"
    shutil.copyfile(DATA / "tricky.yaml", path)
    return path


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Callable[[str], Path]:
    """Copy a file of the vendored corpus to `config.yaml` in a temporary folder."""

    def copy(name: str) -> Path:
        source = CORPUS / name
        target = tmp_path / "config.yaml"
        shutil.copyfile(source, target)
        return target

    return copy
