"""Opening, creating, saving and quitting: asserted on the bytes of the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input

from routedeck.editor.session import NEW_CONFIG_TEXT
from routedeck.tui.app import RouteDeckApp
from routedeck.tui.screens.dialogs import (
    ChangedOnDiskScreen,
    ConfirmScreen,
    QuitScreen,
    SaveAsScreen,
    SaveFailedScreen,
)
from routedeck.tui.screens.diff_preview import SavePreviewScreen
from routedeck.tui.screens.load_error import LoadErrorScreen
from routedeck.tui.screens.main import MainScreen


async def wait_for_screen(pilot, kind: type) -> None:
    """Pause until `kind` is on screen (a save flow waits on its dialogs: its worker does not
    end before they are answered)."""
    for _ in range(200):
        if isinstance(pilot.app.screen, kind):
            return
        await pilot.pause(0.02)
    raise AssertionError(f"{kind.__name__} never showed; {pilot.app.screen} did")


async def edit_first_model(pilot, model: str) -> None:
    await pilot.press("enter")
    pilot.app.screen.query_one("#model", Input).value = model
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def test_save_preview_then_enter_writes_only_the_edit(open_editor, corpus_copy) -> None:
    path = corpus_copy("hermes-provisioner-config.yaml")
    before = path.read_bytes()
    async with open_editor(path) as pilot:
        app = pilot.app
        await edit_first_model(pilot, "slate-4")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, SavePreviewScreen)
        diff = app.screen.diff
        assert any(line.startswith("+") and "slate-4" in line for line in diff.splitlines())
        await pilot.press("escape")
        await pilot.pause()
        assert path.read_bytes() == before  # escape goes back without writing
        await pilot.press("ctrl+s", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        expected = before.replace(b"model: slate-3\n", b"model: slate-4\n", 1)
        assert path.read_bytes() == expected
        assert (path.parent / "config.yaml.bak").read_bytes() == before
        assert app.title == "config.yaml"
        assert any("Backup" in note.message for note in app._notifications)


async def test_changed_on_disk_overwrite_and_reload(open_editor, demo_path: Path) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        await edit_first_model(pilot, "mine")
        demo_path.write_text(demo_path.read_text() + "# someone else\n", encoding="utf-8")
        await pilot.press("ctrl+s", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ChangedOnDiskScreen)
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        assert demo_path.read_text().endswith("# someone else\n")  # cancel writes nothing
        await pilot.press("ctrl+s", "enter")
        await pilot.pause()
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert demo_path.read_text() == app.document.to_text()
        assert "model: mine" in demo_path.read_text()

        await edit_first_model(pilot, "again")
        demo_path.write_text("model: theirs\n", encoding="utf-8")
        await pilot.press("ctrl+s", "enter")
        await pilot.pause()
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.document.to_text() == "model: theirs\n"
        assert demo_path.read_text() == "model: theirs\n"
        assert not app.document.is_dirty


async def test_quit_without_changes_exits_at_once(open_editor, demo_path: Path) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_value == 0


async def test_quit_with_changes_asks_keep_discard(open_editor, demo_path: Path) -> None:
    before = demo_path.read_bytes()
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        await edit_first_model(pilot, "unsaved")
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, QuitScreen)
        await pilot.press("escape")  # keep editing
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("ctrl+q", "d")
        await pilot.pause()
    assert app.return_value == 0
    assert demo_path.read_bytes() == before


async def test_quit_with_changes_can_save_first(open_editor, demo_path: Path) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        await edit_first_model(pilot, "saved-on-quit")
        await pilot.press("ctrl+q", "s")
        await pilot.pause()
        assert isinstance(app.screen, SavePreviewScreen)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_value == 0
    assert "model: saved-on-quit" in demo_path.read_text()


async def test_missing_file_offers_to_create_it(open_editor, loaded, tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.yaml"
    async with open_editor(path) as pilot:
        app = pilot.app
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await loaded(pilot)
        assert isinstance(app.screen, MainScreen)
        assert path.read_text() == NEW_CONFIG_TEXT
        await pilot.press("a")
        form = app.screen
        key, value = form.query(".match-row Input")
        key.value, value.value = "platform", "cli"
        form.query_one("#model", Input).value = "local"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.document.routes == [{"match": {"platform": "cli"}, "model": "local"}]
        assert "# routedeck edits only the `model:` section" in app.document.to_text()


async def test_declining_to_create_exits(open_editor, tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    async with open_editor(path) as pilot:
        app = pilot.app
        await pilot.press("n")
        await pilot.pause()
    assert app.return_value == 1
    assert not path.exists()


async def test_invalid_yaml_shows_the_error_screen(open_editor, tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("model:\n  default: x\n  routes: [\n    - a: b: c\n", encoding="utf-8")
    before = path.read_bytes()
    async with open_editor(path) as pilot:
        app = pilot.app
        screen = app.screen
        assert isinstance(screen, LoadErrorScreen)
        where = str(screen.query_one(".error-where").render())
        assert where.startswith("line ")
        assert "column" in where
        await pilot.press("q")
        await pilot.pause()
    assert app.return_value == 2
    assert path.read_bytes() == before


async def test_empty_file_opens_and_first_edit_adds_a_model_block(
    open_editor, tmp_path: Path
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    async with open_editor(path) as pilot:
        app = pilot.app
        assert isinstance(app.screen, MainScreen)
        await pilot.press("b")
        app.screen.query_one("#default", Input).value = "m1"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.document.model_config == {"default": "m1"}


async def test_save_preview_masks_secrets(open_editor, tricky_path: Path) -> None:
    async with open_editor(tricky_path) as pilot:
        app = pilot.app
        await pilot.press("b")
        app.screen.query_one("#api_key", Input).value = "sk-another-secret-0987654321"
        await pilot.pause()
        await pilot.press("enter", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SavePreviewScreen)
        diff = app.screen.diff
        assert "api_key" in diff
        assert "sk-plaintext-secret-1234567890" not in diff
        assert "sk-another-secret-0987654321" not in diff


async def test_save_preview_warns_about_errors_the_file_will_have(
    open_editor, demo_path: Path
) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        await pilot.press("d")  # a duplicate can never win: an error
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SavePreviewScreen)
        summary = str(app.screen.query_one(".preview-summary").render())
        assert "The file will have ✖ 1 error, ⚠ 2 warnings: see Diagnostics." in summary


async def test_the_error_screen_masks_api_keys_in_its_excerpt(open_editor, tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("model:\n  api_key: sk-live-abcdefghijklmnop: oops\n", encoding="utf-8")
    async with open_editor(path) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, LoadErrorScreen)
        shown = " ".join(str(widget.render()) for widget in screen.query("Static"))
        assert "api_key: ••••ps" in shown
        assert "abcdefghijklmnop" not in shown


async def test_reloading_a_file_that_no_longer_loads_shows_the_error(
    open_editor, demo_path: Path
) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        await edit_first_model(pilot, "mine")
        demo_path.write_text("model: [broken\n", encoding="utf-8")
        await pilot.press("ctrl+s", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ChangedOnDiskScreen)
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LoadErrorScreen)
    assert demo_path.read_text() == "model: [broken\n"


async def test_a_refused_step_undoes_the_steps_before_it(open_editor, tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    text = "base: &b\n  provider: p\nmodel:\n  <<: *b\n  default: x\n"
    path.write_text(text, encoding="utf-8")
    async with open_editor(path) as pilot:
        app = pilot.app

        def default_then_merged_provider(doc) -> None:
            doc.set_base_field("default", "y")
            doc.set_base_field("provider", None)  # only merged in: refused

        assert not app.apply_edit(default_then_merged_provider)
        assert app.document.to_text() == text
        assert not app.dirty


async def test_saving_an_untouched_form_changes_nothing(open_editor, tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(
        "model:\n  routes:\n    - name:\n      match: { platform: cli }\n"
        '      provider: ""  # later\n      model: m\n',
        encoding="utf-8",
    )
    async with open_editor(path) as pilot:
        app = pilot.app
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.document.is_dirty
        await edit_first_model(pilot, "other")
        assert app.document.to_text().endswith('      provider: ""  # later\n      model: other\n')


async def test_changed_on_disk_reapplies_the_edits_on_the_new_text(
    open_editor, demo_path: Path
) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        await edit_first_model(pilot, "mine")  # routes[0] owner-everywhere
        theirs = demo_path.read_text().replace(
            "  routes:\n", "  routes:\n    - match: { platform: cli }\n      model: theirs\n", 1
        )
        demo_path.write_text(theirs, encoding="utf-8")
        await pilot.press("ctrl+s", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ChangedOnDiskScreen)
        await pilot.press("a")
        await wait_for_screen(pilot, SavePreviewScreen)  # the diff against the file on disk
        assert "+      model: mine" in app.screen.diff and "theirs" not in app.screen.diff
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        saved = demo_path.read_text()
        assert "model: theirs" in saved and "model: mine" in saved
        assert [route.get("model") for route in app.document.routes][:2] == ["theirs", "mine"]
        assert not app.dirty


async def test_a_conflicting_edit_is_not_reapplied(open_editor, demo_path: Path) -> None:
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        await edit_first_model(pilot, "mine")
        demo_path.write_text(
            demo_path.read_text().replace("owner-everywhere", "renamed", 1), encoding="utf-8"
        )
        await pilot.press("ctrl+s", "enter")
        await pilot.pause()
        await pilot.press("a")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert any("edit 1 of 1" in note.message for note in app._notifications)
        assert app.dirty and app.document.routes[0]["model"] == "mine"  # nothing lost


async def test_a_read_only_file_can_be_saved_elsewhere(open_editor, demo_path: Path) -> None:
    before = demo_path.read_bytes()
    demo_path.chmod(0o444)
    other = demo_path.with_name("elsewhere.yaml")
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        await edit_first_model(pilot, "mine")
        await pilot.press("ctrl+s", "enter")
        await wait_for_screen(pilot, SaveFailedScreen)
        await pilot.press("a")
        await wait_for_screen(pilot, SaveAsScreen)
        app.screen.query_one("#save-as-path", Input).value = str(other)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.title == "elsewhere.yaml" and not app.dirty
    assert demo_path.read_bytes() == before
    assert "model: mine" in other.read_text()


async def test_save_as_from_the_preview_asks_before_replacing_a_file(
    open_editor, demo_path: Path
) -> None:
    other = demo_path.with_name("other.yaml")
    other.write_text("# someone's file\n", encoding="utf-8")
    async with open_editor(demo_path) as pilot:
        app = pilot.app
        await edit_first_model(pilot, "mine")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#save-as-path", Input).value = str(other.parent)
        await pilot.press("enter")
        assert isinstance(app.screen, SaveAsScreen)  # a folder is not a file name
        app.screen.query_one("#save-as-path", Input).value = str(other)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert "model: mine" in other.read_text()
    assert other.with_name("other.yaml.bak").read_text() == "# someone's file\n"
    assert "model: mine" not in demo_path.read_text()


class FirstFrame(RouteDeckApp):
    """Notes what the screen shows when the app is first ready (its first frame is up)."""

    seen: tuple[str, bool, list[str]] | None = None

    def on_ready(self) -> None:
        screen = self.screen
        rows = [str(row.origin) for row in getattr(screen, "rows", [])]
        FirstFrame.seen = (type(screen).__name__, self.session is None, rows)


async def test_the_first_frame_is_the_route_list_and_the_session_follows(demo_path: Path) -> None:
    app = FirstFrame(demo_path, environ={}, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert FirstFrame.seen is not None
        screen_name, before_session, rows = FirstFrame.seen
        assert screen_name == "MainScreen" and before_session  # drawn from the first look
        assert rows[:2] == ["routes[0]", "routes[1]"] and "platforms.telegram" in rows
        assert app.session is not None and app.glance is None
        assert [str(row.origin) for row in app.screen.rows] == rows
        await pilot.press("J")  # the session edits it
        await pilot.pause()
        assert app.session.dirty
        assert str(app.screen.rows[1].origin) == "routes[1]"
        assert app.session.document is not None
        assert app.session.document.routes[1]["name"] == "owner-everywhere"


class NotesWhenTheSessionOpens(RouteDeckApp):
    panels_were_up: bool | None = None

    def open_session(self, session: Any, **options: Any) -> None:
        NotesWhenTheSessionOpens.panels_were_up = getattr(self.screen, "panels_mounted", None)
        super().open_session(session, **options)


async def test_the_session_opens_before_the_panels_so_early_keys_edit(demo_path: Path) -> None:
    """Edit keys need the session: it opens as soon as the first look is on screen, before the
    panels beside the list are mounted (which take a few frames), and they are filled at once."""
    app = NotesWhenTheSessionOpens(demo_path, environ={}, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        assert NotesWhenTheSessionOpens.panels_were_up is False
        assert app.session is not None and len(app.session.document.routes) == 5
