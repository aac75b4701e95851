"""Edits on the real files: only the touched lines change, everything else stays byte for byte."""

import difflib

from routedeck.document import ConfigDocument

ROUTE = {"match": {"platform": "cli", "source_kind": "owner"}, "model": "vendor/model"}


def changed_lines(before: str, after: str) -> list[str]:
    """The + and - lines of a diff, without the headers."""
    diff = difflib.unified_diff(before.splitlines(True), after.splitlines(True), n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_provisioner_insert_move_delete(corpus) -> None:
    path = corpus / "hermes-provisioner-config.yaml"
    original = path.read_text(encoding="utf-8")
    doc = ConfigDocument.load(path)
    doc.insert_route(1, ROUTE)
    assert changed_lines(original, doc.to_text()) == [
        "+    - match: { platform: cli, source_kind: owner }\n",
        "+      model: vendor/model\n",
    ]
    doc.move_route(1, 2)
    assert doc.routes[2] == ROUTE
    doc.delete_route(2)
    assert doc.to_text() == original


def test_provisioner_move_keeps_the_paragraph_before_routes(corpus) -> None:
    doc = ConfigDocument.load(corpus / "hermes-provisioner-config.yaml")
    first, second = doc.routes
    doc.move_route(0, 1)
    assert doc.routes == [second, first]
    assert (
        '  # Platform-managed — see ~/.hermes/SOUL.md "Model selection".\n  routes:\n'
        in doc.to_text()
    )
    doc.move_route(1, 0)
    assert not doc.is_dirty


def test_big_hermes_config_creates_routes_inside_model(corpus) -> None:
    path = corpus / "hermes-agent-cli-config.example.yaml"
    original = path.read_text(encoding="utf-8")
    doc = ConfigDocument.load(path)
    doc.insert_route(0, ROUTE)
    doc.insert_route(1, {"match": {"platform": "telegram"}, "model": "m2"})
    doc.move_route(1, 0)
    assert [r["model"] for r in doc.routes] == ["m2", "vendor/model"]
    # the model block quotes every string, so the new routes do too
    assert changed_lines(original, doc.to_text()) == [
        "+  routes:\n",
        '+    - match: { platform: "telegram" }\n',
        '+      model: "m2"\n',
        '+    - match: { platform: "cli", source_kind: "owner" }\n',
        '+      model: "vendor/model"\n',
    ]
    doc.delete_route(0)
    doc.delete_route(0)
    assert changed_lines(original, doc.to_text()) == ["+  routes: []\n"]
    assert doc.data == {**ConfigDocument.load(path).data, "model": {**doc.model_config}}


def test_non_hermes_files_get_model_at_the_end(corpus, foreign_corpus_name: str) -> None:
    path = corpus / foreign_corpus_name
    raw = path.read_bytes()
    original = raw.decode("utf-8")
    doc = ConfigDocument.load(path)
    doc.insert_route(0, ROUTE)
    text = doc.to_text()
    newline = "\r\n" if b"\r\n" in raw else "\n"
    body = original if original.endswith("\n") else original + newline
    assert text.startswith(body)
    added = text[len(body) :]
    assert added.count(newline) == added.count("\n")  # the file's own line breaks
    assert added.startswith(f"model:{newline}  routes:{newline}")
    assert text.endswith("\n") == original.endswith("\n")
    assert doc.routes == [ROUTE]
    assert {k: v for k, v in doc.data.items() if k != "model"} == ConfigDocument.load(path).data


def test_unindented_sequences_are_followed(corpus) -> None:
    doc = ConfigDocument.load(corpus / "alertmanager-simple-2015-unindented-seq.yaml")
    doc.insert_route(0, ROUTE)
    doc.insert_route(1, {"match": {"platform": "slack"}})
    assert doc.to_text().endswith(
        "model:\n  routes:\n  - match: { platform: cli, source_kind: owner }\n"
        "    model: vendor/model\n  - match: { platform: slack }"
    )
