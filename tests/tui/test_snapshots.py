"""Snapshots of the key screens at 80×24 (stacked, compact) and 160×45, cursor blink off.
Update with `--snapshot-update`, then look at them: `rsvg-convert -w 1600 x.svg -o x.png`."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from routedeck.paths import demo_scenarios_text
from routedeck.tui.app import DIAGNOSE_AFTER_EDIT, TRAFFIC_QUIET

SMALL = (80, 24)
LARGE = (160, 45)
SIZES = pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
STRANGER = {"platform": "discord", "source_kind": "stranger"}


async def settle(pilot: Pilot) -> None:
    """Workers (the form's findings) done, and the screen drawn."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def reported(pilot: Pilot) -> None:
    """The notice of what the last edit did to traffic and its diagnostics are up (their
    workers are done): the snapshot never depends on how fast a thread ran."""
    await pilot.pause(max(TRAFFIC_QUIET, DIAGNOSE_AFTER_EDIT) + 0.1)  # both wait for a pause
    for worker in list(pilot.app.workers):
        if worker.group in ("traffic", "diagnose"):
            await worker.wait()
    await pilot.pause()


async def shows(pilot: Pilot, screen_name: str) -> None:
    """Wait for a screen of the save flow (its worker waits on it: it never completes)."""
    for _ in range(200):
        if type(pilot.app.screen).__name__ == screen_name:
            break
        await pilot.pause(0.02)
    await pilot.pause()


@SIZES
def test_main_screen_with_a_winner(snap_compare, make_app, loaded, demo_path: Path, size) -> None:
    app = make_app(demo_path, context=STRANGER)
    assert snap_compare(app, terminal_size=size, run_before=loaded)


SCENARIOS = demo_scenarios_text()


@SIZES
def test_main_screen_with_a_failing_scenario(
    snap_compare, make_app, loaded, demo_path: Path, size
) -> None:
    """hub-peers deleted: its scenario fails first, with each failing field and the winner."""
    demo_path.with_name("config.scenarios.yaml").write_text(SCENARIOS, encoding="utf-8")

    async def delete_hub_peers(pilot: Pilot) -> None:
        await loaded(pilot)
        await pilot.press("j", "x", "y")
        await reported(pilot)
        pilot.app.clear_notifications()  # the edit's notice would hide the panel
        await pilot.pause()

    app = make_app(demo_path, context=STRANGER)
    assert snap_compare(app, terminal_size=size, run_before=delete_hub_peers)


@SIZES
def test_route_form_with_a_key_the_router_ignores(
    snap_compare, make_app, loaded, demo_path: Path, size
) -> None:
    async def open_form(pilot: Pilot) -> None:
        await loaded(pilot)
        await pilot.press("j", "enter")  # hub-peers: `max_tokens`, with its diagnostic
        await settle(pilot)

    assert snap_compare(make_app(demo_path), terminal_size=size, run_before=open_form)


def test_new_route_form_shows_shadowing_live(
    snap_compare, make_app, loaded, demo_path: Path
) -> None:
    async def add_shadowed(pilot: Pilot) -> None:
        await loaded(pilot)
        await pilot.press("a", "tab", *"source_kind", "tab", *"owner", "tab", "tab", "tab")
        await pilot.press(*"never-wins")
        await settle(pilot)

    assert snap_compare(make_app(demo_path), terminal_size=SMALL, run_before=add_shadowed)


@SIZES
def test_save_preview(snap_compare, make_app, loaded, demo_path: Path, size) -> None:
    async def migrate_and_save(pilot: Pilot) -> None:
        await loaded(pilot)
        await pilot.press("m", "enter")
        await reported(pilot)
        await pilot.press("ctrl+s")
        await shows(pilot, "SavePreviewScreen")

    assert snap_compare(make_app(demo_path), terminal_size=size, run_before=migrate_and_save)


def test_quit_dialog(snap_compare, make_app, loaded, settle, demo_path: Path) -> None:
    async def edit_and_quit(pilot: Pilot) -> None:
        await loaded(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("ctrl+q")

    assert snap_compare(make_app(demo_path), terminal_size=SMALL, run_before=edit_and_quit)


def test_changed_on_disk_dialog(snap_compare, make_app, loaded, demo_path: Path) -> None:
    async def edit_change_and_save(pilot: Pilot) -> None:
        await loaded(pilot)
        await pilot.press("J")
        await reported(pilot)
        demo_path.write_text(demo_path.read_text() + "# theirs\n", encoding="utf-8")
        await pilot.press("ctrl+s")
        await shows(pilot, "SavePreviewScreen")
        await pilot.press("enter")
        await shows(pilot, "ChangedOnDiskScreen")

    assert snap_compare(make_app(demo_path), terminal_size=SMALL, run_before=edit_change_and_save)


@SIZES
def test_diagnostics_with_markup_like_values(
    snap_compare, make_app, loaded, tricky_path: Path, size
) -> None:
    app = make_app(tricky_path, context={"platform": "discord", "source_kind": "owner"})

    async def focus_diagnostics(pilot: Pilot) -> None:
        await loaded(pilot)
        pilot.app.screen.query_one("#diagnostics").focus()
        await pilot.press("down")

    assert snap_compare(app, terminal_size=size, run_before=focus_diagnostics)


def test_result_maximized(snap_compare, make_app, loaded, corpus_copy) -> None:
    path = corpus_copy("hermes-provisioner-config.yaml")
    context = {"platform": "discord", "user_id": "{owner_discord_user_id}"}

    async def zoom_result(pilot: Pilot) -> None:
        await loaded(pilot)
        pilot.app.screen.query_one("#result").focus()
        await pilot.press("z")

    assert snap_compare(
        make_app(path, context=context), terminal_size=SMALL, run_before=zoom_result
    )


def test_migration_preview(snap_compare, make_app, loaded, demo_path: Path) -> None:
    async def migrate(pilot: Pilot) -> None:
        await loaded(pilot)
        await pilot.press("m")

    assert snap_compare(make_app(demo_path), terminal_size=LARGE, run_before=migrate)


def test_load_error_screen(snap_compare, make_app, loaded, tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    broken = "model:\n  default: x\n  routes:\n    - match: {platform: [\n"
    path.write_text(broken, encoding="utf-8")
    assert snap_compare(make_app(path), terminal_size=SMALL, run_before=loaded)
