"""Snapshots of every screen (160×45, no cursor blink). Update with `--snapshot-update`."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

SIZE = (160, 45)


def test_main_screen_with_a_winner(snap_compare, make_app, loaded, demo_path: Path) -> None:
    app = make_app(demo_path, context={"platform": "discord", "source_kind": "stranger"})
    assert snap_compare(app, terminal_size=SIZE, run_before=loaded)


def test_route_form(snap_compare, make_app, loaded, demo_path: Path) -> None:
    async def open_form(pilot: Pilot) -> None:
        await loaded(pilot)
        await pilot.press("down", "down", "down", "enter")

    assert snap_compare(make_app(demo_path), terminal_size=SIZE, run_before=open_form)


def test_save_preview(snap_compare, make_app, loaded, demo_path: Path) -> None:
    async def edit_and_save(pilot: Pilot) -> None:
        await loaded(pilot)
        await pilot.press("alt+down", "ctrl+s")

    assert snap_compare(make_app(demo_path), terminal_size=SIZE, run_before=edit_and_save)


def test_quit_dialog(snap_compare, make_app, loaded, demo_path: Path) -> None:
    async def edit_and_quit(pilot: Pilot) -> None:
        await loaded(pilot)
        await pilot.press("d", "ctrl+q")

    assert snap_compare(make_app(demo_path), terminal_size=SIZE, run_before=edit_and_quit)


def test_diagnostics_with_markup_like_values(
    snap_compare, make_app, loaded, tricky_path: Path
) -> None:
    app = make_app(tricky_path, context={"platform": "discord", "source_kind": "owner"})

    async def focus_diagnostics(pilot: Pilot) -> None:
        await loaded(pilot)
        pilot.app.screen.query_one("#diagnostics").focus()
        await pilot.press("down")

    assert snap_compare(app, terminal_size=SIZE, run_before=focus_diagnostics)


def test_migration_preview(snap_compare, make_app, loaded, demo_path: Path) -> None:
    async def migrate(pilot: Pilot) -> None:
        await loaded(pilot)
        await pilot.press("m")

    assert snap_compare(make_app(demo_path), terminal_size=SIZE, run_before=migrate)


def test_load_error_screen(snap_compare, make_app, loaded, tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    broken = "model:\n  default: x\n  routes:\n    - match: {platform: [\n"
    path.write_text(broken, encoding="utf-8")
    assert snap_compare(make_app(path), terminal_size=SIZE, run_before=loaded)
