"""Re-applying the session's edits on a file another program changed, and what the forms ask of
the session (inherited keys, live findings, deleting one legacy entry)."""

from __future__ import annotations

from pathlib import Path

import pytest

from routedeck.document import ChangedOnDiskError
from routedeck.editor import EditorSession
from routedeck.editor.operations import ReplayConflict
from routedeck.paths import demo_config_text
from routedeck.routing import Origin

ROUTES = """\
model:
  default: base
  routes:
    - name: a
      match: { platform: cli }
      model: m-a
    - name: b
      match: { platform: discord }
      model: m-b
    - name: c
      match: { platform: slack }
      model: m-c
"""


def opened(path: Path, text: str) -> EditorSession:
    path.write_text(text, encoding="utf-8")
    session = EditorSession(path, environ={})
    session.open()
    return session


def names(session: EditorSession) -> list[object]:
    assert session.document is not None
    return [route.get("name") for route in session.document.routes]


def test_edits_follow_their_routes_when_another_program_added_one_above(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    session = opened(path, ROUTES)
    assert session.update_route(1, {"name": "b", "match": {"platform": "discord"}, "model": "new"})
    session.move_route(2, 0)  # c first
    session.insert_route(1, {"name": "d", "match": {"platform": "cron"}, "model": "m-d"})
    session.set_base_fields({"default": "base-2"})
    assert names(session) == ["c", "d", "a", "b"]
    theirs = ROUTES.replace(
        "  routes:\n",
        "  routes:\n    - name: z\n      match: { platform: hub }\n      model: m-z\n",
    )
    path.write_text(theirs + "# their comment\n", encoding="utf-8")
    with pytest.raises(ChangedOnDiskError):
        session.save()

    replay = session.replay_on_disk()
    assert names(session) == ["c", "d", "a", "b"]  # nothing adopted yet
    assert [route.get("name") for route in replay.document.routes] == ["c", "d", "z", "a", "b"]
    assert replay.document.routes[4]["model"] == "new"
    assert replay.document.model_config["default"] == "base-2"
    assert "+    - name: c" in replay.diff and "name: z" not in replay.diff.split("@@")[0]

    session.adopt(replay)
    assert session.dirty and names(session)[2] == "z"
    session.save()
    saved = path.read_text(encoding="utf-8")
    assert saved.endswith("# their comment\n") and "model: new" in saved


def test_an_edit_whose_route_changed_on_disk_is_a_conflict_not_a_guess(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    session = opened(path, ROUTES)
    session.delete_route(1)
    path.write_text(ROUTES.replace("model: m-b", "model: theirs"), encoding="utf-8")
    with pytest.raises(ReplayConflict, match=r"deletion of routes\[1\] \(b\)"):
        session.replay_on_disk()
    assert names(session) == ["a", "c"]


def test_a_base_field_both_sides_changed_is_a_conflict(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    session = opened(path, ROUTES)
    session.set_base_fields({"default": "mine"})
    path.write_text(ROUTES.replace("default: base", "default: theirs"), encoding="utf-8")
    with pytest.raises(ReplayConflict, match=r"model\.default changed on disk"):
        session.replay_on_disk()
    path.write_text(ROUTES.replace("default: base", "default: mine"), encoding="utf-8")
    assert session.replay_on_disk().diff == ""  # they made the same change: nothing left


def test_undo_and_redo_keep_the_edits_to_replay_in_step(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    session = opened(path, ROUTES)
    session.delete_route(0)
    session.delete_route(0)
    session.undo()
    path.write_text(ROUTES + "# theirs\n", encoding="utf-8")
    assert names(session) == ["b", "c"]
    assert [r["name"] for r in session.replay_on_disk().document.routes] == ["b", "c"]
    session.redo()
    assert [r["name"] for r in session.replay_on_disk().document.routes] == ["c"]


def test_an_undo_past_the_save_cannot_be_replayed(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    session = opened(path, ROUTES)
    session.delete_route(0)
    session.save()
    assert not session.can_replay
    session.undo()  # back before the saved text
    assert not session.can_replay
    with pytest.raises(ReplayConflict):
        session.replay_on_disk()


def test_a_plain_callable_edit_cannot_be_replayed(tmp_path: Path) -> None:
    session = opened(tmp_path / "config.yaml", ROUTES)
    session.apply(lambda doc: doc.delete_route(0))
    assert not session.can_replay


def test_migration_and_one_legacy_deletion_replay(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    session = opened(path, demo_config_text())
    session.delete_legacy_entry(Origin("platforms", "slack"))
    model = session.document.model_config if session.document else {}
    assert list(model["platforms"]) == ["telegram"]
    assert "by_source" in model  # the rest of the shorthand stays
    path.write_text(demo_config_text() + "# theirs\n", encoding="utf-8")
    replayed = session.replay_on_disk().document.model_config
    assert list(replayed["platforms"]) == ["telegram"]
    session.migrate(session.preview_migration().plan)
    assert "platforms" not in session.document.model_config  # type: ignore[union-attr]
    replayed = session.replay_on_disk().document.model_config
    assert "platforms" not in replayed and "by_source" not in replayed


def test_save_as_moves_the_session_to_the_new_file(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    session = opened(path, ROUTES)
    session.delete_route(0)
    other = tmp_path / "copy.yaml"
    assert session.save(other).config_backup is None  # a new file needs no backup
    assert session.path == other and not session.dirty
    assert path.read_text(encoding="utf-8") == ROUTES
    assert "name: a" not in other.read_text(encoding="utf-8")
    with pytest.raises(ChangedOnDiskError):
        session.save(path)  # an existing file is overwritten only when asked
    session.save(path, force=True)
    assert (tmp_path / "config.yaml.bak").read_text(encoding="utf-8") == ROUTES


MERGED = """\
defaults: &defaults
  provider: openrouter
  base_url: https://openrouter.ai/api/v1
model:
  default: base
  routes:
    - <<: *defaults
      match: { platform: cli }
      model: m
"""


def test_inherited_fields_say_where_they_come_from(tmp_path: Path) -> None:
    session = opened(tmp_path / "config.yaml", MERGED)
    inherited = session.inherited(Origin.route(0))
    assert set(inherited) == {"provider", "base_url"}
    assert "anchor &defaults (line 1)" in inherited["provider"]
    assert session.inherited() == {}
    route = dict(session.document.routes[0])  # type: ignore[union-attr]
    del route["provider"]
    outcome = session.update_route(0, route)
    assert outcome.refused is not None and not session.dirty


def test_route_findings_show_shadowing_before_the_route_is_added(tmp_path: Path) -> None:
    session = opened(tmp_path / "config.yaml", ROUTES)
    shadowed = {"match": {"platform": "discord", "source_kind": "owner"}, "model": "x"}
    found = session.route_findings(shadowed, 3, replacing=False)
    assert [d.id for d in found] == ["shadowed-route"]
    assert "routes[1] (b)" in found[0].message
    shadowing = {"name": "wide", "match": {"platform": "slack"}, "model": "x"}
    found = session.route_findings(shadowing, 0, replacing=False)
    assert any("routes[3] (c)" in d.message and d.id == "shadowed-route" for d in found)
    assert session.route_findings(shadowed, 1, replacing=True) == []
