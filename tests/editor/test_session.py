"""The editor's behaviour without a screen: an EditorSession driven directly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from routedeck.document import ChangedOnDiskError, ConfigDocument, DocumentError
from routedeck.editor import EditorSession, glance
from routedeck.editor.session import NEW_CONFIG_TEXT
from routedeck.paths import demo_config_text


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(demo_config_text(), encoding="utf-8")
    return path


def opened(path: Path, environ: dict[str, str] | None = None) -> EditorSession:
    session = EditorSession(path, environ=environ or {})
    session.open()
    return session


def names(session: EditorSession) -> list[object]:
    assert session.document is not None
    return [route.get("name") for route in session.document.routes]


def test_an_edit_is_one_undo_step_and_redo_brings_it_back(demo: Path) -> None:
    session = opened(demo)
    before = names(session)
    revision = session.revision
    outcome = session.apply(lambda doc: doc.move_route(0, 2))
    assert outcome.applied and outcome.changed
    assert names(session) == [before[1], before[2], before[0], before[3]]
    assert session.dirty and session.revision > revision
    assert session.undo()
    assert names(session) == before and not session.dirty
    assert not session.undo()
    assert session.redo()
    assert names(session)[2] == before[0]
    assert not session.redo()


def test_a_refused_edit_changes_nothing_even_halfway(demo: Path) -> None:
    session = opened(demo)
    text = session.document.to_text() if session.document else ""

    def two_steps(doc: ConfigDocument) -> None:
        doc.move_route(0, 1)
        doc.delete_route(99)

    outcome = session.apply(two_steps)
    assert not outcome.applied
    assert "no route at index 99" in (outcome.refused or "")
    assert session.document is not None and session.document.to_text() == text
    assert not session.undo()


def test_the_compiled_view_expands_variables_from_the_sessions_environment(demo: Path) -> None:
    session = opened(demo, {"ANTHROPIC_API_KEY": "sk-ant-from-env"})
    assert session.compiled is not None
    _, runtime = session.compiled.resolve({"platform": "cli", "source_kind": "owner"})
    assert runtime["api_key"] == "sk-ant-from-env"


def test_diagnostics_say_which_revision_they_are_for(demo: Path) -> None:
    session = opened(demo)
    revision, found = session.diagnose()
    assert revision == session.revision
    assert any(d.id == "ignored-key" for d in found)
    session.apply(lambda doc: doc.delete_route(1))  # hub-peers holds the ignored key
    assert session.diagnostics == found  # stale until asked again
    revision, found = session.diagnose()
    assert revision == session.revision
    assert not any(d.id == "ignored-key" for d in found)


def test_save_writes_a_backup_and_a_changed_file_is_not_overwritten(demo: Path) -> None:
    session = opened(demo)
    original = demo.read_bytes()
    session.apply(lambda doc: doc.delete_route(0))
    assert "owner-everywhere" not in session.save_diff().split("@@", 2)[0]
    backup = session.save().config_backup
    assert backup is not None and backup.read_bytes() == original
    assert not session.dirty
    session.apply(lambda doc: doc.delete_route(0))
    demo.write_text(demo.read_text() + "# edited elsewhere\n")
    with pytest.raises(ChangedOnDiskError):
        session.save()
    session.reload()
    assert not session.dirty and demo.read_text().endswith("# edited elsewhere\n")
    assert not session.undo()  # the history belonged to the text that was dropped


def test_migration_preview_leaves_the_text_until_applied(demo: Path) -> None:
    session = opened(demo)
    text = session.document.to_text() if session.document else ""
    preview = session.preview_migration()
    assert preview.changes_anything and "+" in preview.diff
    assert session.document is not None and session.document.to_text() == text
    session.apply(lambda doc: doc.replace_text(preview.text))
    assert session.preview_migration().changes_anything is False


def test_a_missing_file_is_created_and_an_empty_one_opens_with_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.yaml"
    session = EditorSession(path, environ={})
    with pytest.raises(FileNotFoundError):
        session.open()
    session.create()
    assert path.read_text() == NEW_CONFIG_TEXT
    assert session.open() is None
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing yet\n")
    notice = EditorSession(empty, environ={}).open()
    assert notice is not None and "first edit adds a model: block" in notice


def test_an_unreadable_file_raises_a_document_error(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("model: [unclosed\n")
    with pytest.raises(DocumentError):
        EditorSession(path, environ={}).open()


def test_a_created_config_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "fresh" / "config.yaml"
    EditorSession(path, environ={}).create()
    assert path.stat().st_mode & 0o777 == 0o600


def others_seen_from_another_process(path: Path) -> list[str]:
    program = (
        "import sys; from routedeck.editor import EditorSession\n"
        "print('\\n'.join(EditorSession(sys.argv[1], environ={}).others_editing()))"
    )
    done = subprocess.run(
        [sys.executable, "-c", program, str(path)], capture_output=True, text=True, check=True
    )
    return [line for line in done.stdout.splitlines() if line]


def test_another_routedeck_learns_this_one_holds_unsaved_edits(demo: Path) -> None:
    session = opened(demo)
    assert others_seen_from_another_process(demo) == []
    session.apply(lambda doc: doc.delete_route(0))
    [said] = others_seen_from_another_process(demo)
    assert said.startswith("another routedeck") and "unsaved changes to config.yaml" in said
    session.undo()
    assert others_seen_from_another_process(demo) == []  # back to what is on disk
    session.apply(lambda doc: doc.delete_route(0))
    session.close()
    assert others_seen_from_another_process(demo) == []


def test_a_first_look_shows_what_the_session_then_opens_on(demo: Path) -> None:
    """The editor's first frame comes from `glance`; the session opens on the same bytes."""
    environ = {"OPENROUTER_API_KEY": "sk-or-test"}
    first_look = glance(demo, environ)
    demo.write_text("model: {default: changed-meanwhile}\n", encoding="utf-8")

    session = EditorSession(demo, environ=environ)
    assert session.open(first_look) is None
    assert session.document is not None and session.compiled is not None
    assert session.document.routes == first_look.routes
    assert session.document.to_text() == demo_config_text()
    context = {"platform": "cli", "source_kind": "owner"}
    assert session.compiled.explain(context) == first_look.compiled.explain(context)
    assert session.compiled.explain({}).model == first_look.compiled.explain({}).model
    # The file changed after the first look: saving over it asks first, as after a load.
    assert session.move_route(0, 1).changed
    with pytest.raises(ChangedOnDiskError):
        session.save()


def test_a_first_look_refuses_what_opening_refuses(tmp_path: Path) -> None:
    empty, broken = tmp_path / "empty.yaml", tmp_path / "broken.yaml"
    empty.write_text("# nothing yet\n", encoding="utf-8")
    broken.write_text("model:\n  routes: [\n", encoding="utf-8")
    for path in (empty, broken, tmp_path):
        with pytest.raises(DocumentError):
            glance(path, {})
    with pytest.raises(FileNotFoundError):
        glance(tmp_path / "missing.yaml", {})
