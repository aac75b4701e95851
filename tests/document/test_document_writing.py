"""What routedeck writes reads back as intended with every reader: the agent's two loaders
(libyaml and PyYAML's pure-Python one) and YAML 1.2 readers (ruamel, yq)."""

import pytest
import yaml
from ruamel.yaml import YAML

from routedeck.document import ConfigDocument, EditError

ROUTES = "model:\n  routes:\n    - match: {platform: a}\n      model: a\n"


def read_by_everyone(text: str) -> list:
    """The routes as libyaml, PyYAML's pure-Python loader and a YAML 1.2 reader read them."""
    libyaml = yaml.load(text, Loader=yaml.CSafeLoader)["model"]["routes"]
    pure = yaml.load(text, Loader=yaml.SafeLoader)["model"]["routes"]
    yaml_1_2 = YAML(typ="safe", pure=True).load(text)["model"]["routes"]
    assert libyaml == pure == yaml_1_2
    return libyaml


@pytest.mark.parametrize("value", ["who?", "https://a/b?c=d", "?x", "a?b"])
def test_a_question_mark_in_a_flow_value_is_quoted_for_the_pure_python_loader(value) -> None:
    doc = ConfigDocument.from_text(ROUTES)
    doc.update_route(0, {"match": {"platform": "cli", "user_id": value}, "model": "a"})
    assert read_by_everyone(doc.to_text())[0]["match"]["user_id"] == value


@pytest.mark.parametrize(
    "value", ["1e3", "1E3", "1e-3", "1E+3", "0o17", "083", "09", "+.5", "-.5", "0b101", "1."]
)
def test_strings_a_yaml_1_2_reader_takes_for_numbers_are_quoted(value) -> None:
    doc = ConfigDocument.from_text(ROUTES)
    doc.insert_route(1, {"match": {"user_id": value}, "model": value})
    assert read_by_everyone(doc.to_text())[1] == {"match": {"user_id": value}, "model": value}


def test_strings_any_reader_takes_for_something_else_are_quoted() -> None:
    tricky = ["on", "No", "0123", "12:30", "~", "null", "1_000", "=", "<<", "", " x", "a: b"]
    tricky += ["#x", "x #y", "- x", ":x", "*a", "&a", "!t", "%x", "@x", "`x", "a,b", "[x"]
    tricky += ["line\nbreak", "tab\there", "a\u2028b", "\ufeffbom", "é🚀", "it's", 'say "hi"']
    route = {"match": {f"k{i}": value for i, value in enumerate(tricky)}, "model": "x"}
    doc = ConfigDocument.from_text("a: 1\n")
    doc.insert_route(0, route)
    assert read_by_everyone(doc.to_text()) == [route]


def test_plain_strings_stay_plain() -> None:
    doc = ConfigDocument.from_text(ROUTES)
    doc.insert_route(
        1, {"match": {"platform": "telegram"}, "model": "vendor/model-1", "args": ["--fast"]}
    )
    assert (
        "    - match: {platform: telegram}\n      model: vendor/model-1\n      args: [--fast]\n"
        in (doc.to_text())
    )


def test_a_key_too_long_for_yaml_readers_is_refused_in_words() -> None:
    doc = ConfigDocument.from_text(ROUTES)
    with pytest.raises(EditError, match=r"1,100 characters long"):
        doc.insert_route(0, {"match": {"k" * 1100: "v"}})
    assert doc.to_text() == ROUTES
    doc.insert_route(0, {"match": {"k" * 1000: "v"}})  # a long key that still fits
    assert read_by_everyone(doc.to_text())[0] == {"match": {"k" * 1000: "v"}}


@pytest.mark.parametrize("value", [{"k": "v"}, ["a"]])
def test_a_base_field_takes_one_value_and_says_so(value) -> None:
    doc = ConfigDocument.from_text('model: "x"\n')
    with pytest.raises(EditError, match="single value"):
        doc.set_base_field("default", value)
    assert doc.to_text() == 'model: "x"\n'


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("model:\n  routes:\n    - match: {a: b}\n    - match: {a: c}", 1),
        ("model:\n  routes:\n    - match: {a: b}\n    - match: {a: c}", 0),
        ("model:\n  routes:\n    - match: {a: b}\n\n    - match: {a: c}", 1),
        ("model:\n  routes:\n    - match: {a: b}", 0),
        ("model:\n  routes:\n    - match: {a: b}\n    - model: |\n        x", 1),
        ("model:\n  routes:\n    - match: {a: b}\n\n    # note\n\n    - match: {a: c}", 1),
    ],
)
def test_a_file_without_a_final_line_break_keeps_lacking_one(text, index) -> None:
    doc = ConfigDocument.from_text(text)
    doc.delete_route(index)
    assert not doc.to_text().endswith("\n")
    doc.insert_route(len(doc.routes), {"match": {"a": "d"}})
    assert not doc.to_text().endswith("\n")
    assert yaml.safe_load(doc.to_text())["model"]["routes"][-1] == {"match": {"a": "d"}}


def test_text_only_libyaml_reads_is_not_written_again_unseen() -> None:
    # libyaml reads `{user_id: who?}`; PyYAML's pure-Python loader, the agent's fallback where
    # libyaml is missing, stops on it. Edits that write it again say so; others go through.
    text = (
        "model:\n  routes:\n    - match: {user_id: who?}\n      model: a\n"
        "    - match: {platform: b}\n    - match: {platform: c}\n    - match: {platform: d}\n"
    )
    doc = ConfigDocument.from_text(text)
    with pytest.raises(EditError, match="pure-Python"):
        doc.move_route(0, 2)
    assert doc.to_text() == text
    doc.move_route(3, 2)
    assert [route["match"] for route in doc.routes][2:] == [{"platform": "d"}, {"platform": "c"}]
