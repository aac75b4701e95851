"""Loading: byte-exact round trip, the agent's view, positions, and clear errors."""

import pytest
import yaml

from routedeck.document import ConfigDocument, DocumentError, EmptyDocumentError
from routedeck.routing import WHOLE_SECTION, Origin

EDGES = {
    "bom": "\ufeffmodel: x\n",
    "tabs in comments": "a: 1 # c\t\n#\tx\t\nb: 2\n",
    "document start": "---\nmodel: x\n",
    "start and end markers": "--- # doc\nmodel: x\n...\n",
    "no model": "a: 1\n",
    "bare string model": 'model: "x"  # c\n',
    "empty flow routes": "model:\n  routes: []\n",
    "empty routes": "model:\n  routes:\n",
    "crlf": "model:\r\n  default: x\r\n  # c\r\n",
    "cr only": "a: 1\rb: 2\r",
    "no final newline": "model: x",
    "trailing spaces": "a: 1   \nb:   \n  c: 2 \n",
    "astral characters": 'a: "🚀 ฅ^•ﻌ•^ฅ"  # ⚔\n',
    "whitespace-only lines": "a:\n  b: 1\n  \n  c: 2\n",
    "nel and line separator in quotes": 'a: "x\u2028y"\n',
}


def test_corpus_round_trip_is_byte_exact(corpus, corpus_name: str) -> None:
    path = corpus / corpus_name
    doc = ConfigDocument.load(path)
    assert doc.to_text().encode("utf-8") == path.read_bytes()
    assert not doc.is_dirty
    assert doc.data == yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


@pytest.mark.parametrize("text", EDGES.values(), ids=EDGES.keys())
def test_edge_round_trip(text: str) -> None:
    assert ConfigDocument.from_text(text).to_text() == text


def test_bom_is_kept_through_load(tmp_path) -> None:
    path = tmp_path / "config.yaml"
    path.write_bytes(b"\xef\xbb\xbfmodel: x\r\n")
    doc = ConfigDocument.load(path)
    assert doc.to_text().encode("utf-8") == path.read_bytes()
    assert doc.model_config == "x"


def test_agent_view_uses_yaml_1_1() -> None:
    doc = ConfigDocument.from_text(
        "model:\n  routes:\n    - match: { platform: on, user_id: 0123, t: 12:30 }\n"
    )
    assert doc.routes == [{"match": {"platform": True, "user_id": 83, "t": 750}}]
    assert doc.data["model"] is doc.model_config


def test_routes_is_empty_when_missing_or_not_a_list() -> None:
    assert ConfigDocument.from_text("a: 1\n").routes == []
    assert ConfigDocument.from_text("model: x\n").routes == []
    assert ConfigDocument.from_text("model:\n  routes:\n").routes == []
    assert ConfigDocument.from_text("model:\n  routes: nope\n").routes == []


def test_the_agent_view_is_expanded_from_the_environment_given() -> None:
    doc = ConfigDocument.from_text('model:\n  name: "${M}"\nprovider: p\n')
    expected = {"default": "claude-x", "provider": "p"}
    assert doc.agent_view({"M": "claude-x"}).model_config == expected


DEMO = """\
model:
  default: x
  routes:
    - match: { platform: on, user_id: '0123' }
      model: a
    -
      match:
        source_kind: "owner"
  platforms:
    telegram: t
    on: t2
  by_source:
    stranger: { match: { platform: yes }, model: s }
"""


def test_value_sources_give_the_text_as_written() -> None:
    sources = ConfigDocument.from_text(DEMO).value_sources()
    assert sources == {
        (Origin("routes", 0), "platform"): "on",
        (Origin("routes", 0), "user_id"): "'0123'",
        (Origin("routes", 1), "source_kind"): '"owner"',
        (Origin("platforms", "telegram"), "platform"): "telegram",
        (Origin("platforms", True), "platform"): "on",
        (Origin("by_source", "stranger"), "source_kind"): "stranger",
        (Origin("by_source", "stranger"), "platform"): "yes",
    }


def test_locations_are_one_based() -> None:
    doc = ConfigDocument.from_text(DEMO)
    assert doc.location(Origin("routes", 0)) == (4, 5)
    assert doc.location(Origin("routes", 1)) == (6, 5)
    assert doc.location(Origin("platforms", True)) == (11, 5)
    assert doc.location(Origin("by_source", "stranger")) == (13, 5)
    assert doc.location(Origin("routes", 2)) is None
    assert doc.location(Origin("platforms", "slack")) is None
    assert doc.location(Origin("routes", WHOLE_SECTION)) == (3, 3)
    assert doc.location(Origin("other", 0)) is None
    flow = ConfigDocument.from_text("model:\n  routes: [{match: {a: b}}, {}]\n")
    assert flow.location(Origin("routes", 1)) == (2, 29)


BAD = {
    "invalid": ("a: b: c\n", 1, 5, "mapping values are not allowed"),
    "duplicate key": ("model:\n  default: a\n  default: b\n", 3, 3, "duplicate key 'default'"),
    "duplicate as read": ("on: 1\ntrue: 2\n", 2, 1, "duplicate key"),
    "same key to Python": ("model:\n  platforms:\n    yes: a\n    1: b\n", 4, 5, "duplicate key"),
    "number spellings": ("0x10: a\n16.0: b\n", 2, 1, "duplicate key '16.0'"),
    "top-level list": ("- a\n", 1, 1, "must be a mapping"),
    "top-level scalar": ("hello\n", 1, 1, "must be a mapping"),
    "two documents": ("a: 1\n---\nb: 2\n", 2, 1, "more than one YAML document"),
    "control character": ("a: \x00\n", 1, 4, "U+0000"),
    "unknown tag": ("a: !foo x\n", 1, 4, "!foo"),
    "unclosed flow": ("a: [1, 2\n", 2, 1, "did not find expected"),
    "tab after a value": ("model:\n  default: x\t# c\n", 2, 13, "agent's YAML loader"),
    "tab as separator": ("a:\tb\n", 1, 3, "cannot start any token"),
}


@pytest.mark.parametrize(("text", "line", "column", "words"), BAD.values(), ids=BAD.keys())
def test_bad_text_gives_a_positioned_document_error(text, line, column, words) -> None:
    with pytest.raises(DocumentError) as caught:
        ConfigDocument.from_text(text)
    error = caught.value
    assert (error.line, error.column) == (line, column)
    assert words in str(error)
    assert str(error).startswith(f"line {line}, column {column}: ")


def test_non_utf8_file(tmp_path) -> None:
    path = tmp_path / "config.yaml"
    path.write_bytes(b"a: 1\nb: \xff\n")
    with pytest.raises(DocumentError) as caught:
        ConfigDocument.load(path)
    assert (
        str(caught.value)
        == "line 2, column 4: the file is not UTF-8 text (byte 0xff cannot be read)"
    )


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n"])
def test_empty_file_is_an_error_unless_allowed(text: str) -> None:
    with pytest.raises(EmptyDocumentError, match="the file is empty"):
        ConfigDocument.from_text(text)
    doc = ConfigDocument.from_text(text, allow_empty=True)
    assert doc.data == {} and doc.routes == [] and doc.to_text() == text


def test_missing_file_raises_file_not_found(tmp_path) -> None:
    with pytest.raises(FileNotFoundError):
        ConfigDocument.load(tmp_path / "nope.yaml")


def test_a_folder_is_a_document_error(tmp_path) -> None:
    with pytest.raises(DocumentError, match="is a folder, not a regular file"):
        ConfigDocument.load(tmp_path)


def test_unreadable_path_is_a_document_error(tmp_path) -> None:
    (tmp_path / "file").write_text("a: 1\n")
    with pytest.raises(DocumentError, match="cannot read"):
        ConfigDocument.load(tmp_path / "file" / "below a file")


def test_model_location_points_at_the_field_or_the_block() -> None:
    doc = ConfigDocument.from_text("terminal: {}\nmodel:\n  default: x\n  api_key: sk-1\n")
    assert doc.model_location("api_key") == (4, 3)
    assert doc.model_location("provider") == (2, 1)
    assert doc.model_location() == (2, 1)
    assert ConfigDocument.from_text("terminal: {}\n").model_location() is None


def test_tabs_the_agent_accepts_are_fine() -> None:
    text = '# a\tcomment\nmodel:\n  default: "x\ty"\n'
    assert ConfigDocument.from_text(text).model_config == {"default": "x\ty"}
