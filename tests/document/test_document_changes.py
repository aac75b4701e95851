"""Every edit returns a Change (its replacements and their reverse), and `apply_change` makes one
on the document as an edit would: undo and redo without keeping whole texts."""

import random

import pytest
import yaml

from routedeck.document import ConfigDocument, EditError
from routedeck.document.change import Change, SourceEdit
from routedeck.document.parse import parse

TEXT = (
    "\ufeff# 🚀 top\r\n"
    "model:\r\n"
    "  default: x  # é\r\n"
    "  routes:\r\n"
    "    - match: {platform: a}\r\n"
    "      model: a\r\n"
    "    - match: {platform: b}\r\n"
    "      model: b\r\n"
    "other: 1\r\n"
)
EDITS = {
    "insert": lambda d: d.insert_route(1, {"match": {"platform": "n"}, "model": "🚀"}),
    "delete": lambda d: d.delete_route(0),
    "move": lambda d: d.move_route(0, 1),
    "update": lambda d: d.update_route(1, {"match": {"platform": "b"}, "model": "c"}),
    "base": lambda d: d.set_base_field("provider", "p"),
}


@pytest.mark.parametrize("name", EDITS)
def test_a_change_replays_and_undoes_its_edit_on_the_text(name) -> None:
    doc = ConfigDocument.from_text(TEXT)
    change = EDITS[name](doc)
    after = doc.to_text()
    assert isinstance(change, Change) and not change.is_empty
    assert change.apply(TEXT) == after
    assert change.inverted().apply(after) == TEXT
    assert all(isinstance(edit, SourceEdit) for edit in change.edits + change.reverse)
    offsets = [edit.offset for edit in change.edits]
    assert offsets == sorted(offsets)


@pytest.mark.parametrize("name", EDITS)
def test_apply_change_undoes_and_redoes(name) -> None:
    doc = ConfigDocument.from_text(TEXT)
    data = doc.data
    change = EDITS[name](doc)
    after, edited = doc.to_text(), doc.data
    doc.apply_change(change.inverted())
    assert doc.to_text() == TEXT and doc.data == data and not doc.is_dirty
    doc.apply_change(change)
    assert doc.to_text() == after and doc.data == edited


def test_a_change_that_does_not_fit_the_text_is_refused() -> None:
    doc = ConfigDocument.from_text(TEXT)
    change = doc.delete_route(0)
    with pytest.raises(EditError, match="does not fit"):
        doc.apply_change(change)  # already made
    assert doc.to_text() == change.apply(TEXT)


def test_a_change_whose_result_cannot_be_read_is_refused() -> None:
    doc = ConfigDocument.from_text(TEXT)
    start = TEXT.index("{platform: a}")
    broken = Change.between(TEXT, [SourceEdit(start, 1, "[")])
    with pytest.raises(EditError, match="unreadable"):
        doc.apply_change(broken)
    assert doc.to_text() == TEXT


def test_an_edit_that_changes_nothing_returns_an_empty_change() -> None:
    doc = ConfigDocument.from_text(TEXT)
    assert doc.move_route(1, 1).is_empty
    assert doc.update_route(0, {"match": {"platform": "a"}, "model": "a"}).is_empty
    assert doc.set_base_field("default", "x").is_empty
    doc.apply_change(Change((), ()))
    assert doc.to_text() == TEXT


def test_changes_undo_in_reverse_order() -> None:
    doc = ConfigDocument.from_text(TEXT)
    history = [EDITS[name](doc) for name in ("insert", "move", "update", "delete", "base")]
    for change in reversed(history):
        doc.apply_change(change.inverted())
    assert doc.to_text() == TEXT
    for change in history:
        doc.apply_change(change)
    assert doc.data == ConfigDocument.from_text(doc.to_text()).data


def generated(routes: int) -> str:
    lines = ["model:", "  default: d", "  routes:"]
    for index in range(routes):
        lines += [
            f"    # route {index}",
            f"    - match: {{platform: p{index}}}",
            f"      model: m{index}",
        ]
        if index % 4 == 0:
            lines += ["      args:", "        - --a", f"      note: |+\n        n{index}\n"]
    lines += ["  provider: p", "other:", "  - 1", ""]
    return "\n".join(lines)


def marks(node, path="") -> list:
    """Every node's start, and end but for block collections (whose end PyYAML puts at the next
    token, wherever that is)."""
    block = isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style
    end = None if block else (node.end_mark.line, node.end_mark.column)
    found = [(path, node.start_mark.line, node.start_mark.column, end)]
    if isinstance(node, yaml.MappingNode):
        for number, (key, value) in enumerate(node.value):
            found += marks(key, f"{path}.k{number}") + marks(value, f"{path}.v{number}")
    elif isinstance(node, yaml.SequenceNode):
        for number, item in enumerate(node.value):
            found += marks(item, f"{path}[{number}]")
    return found


def test_the_positions_kept_after_edits_equal_a_fresh_reading() -> None:
    rng = random.Random(7)
    doc = ConfigDocument.from_text(generated(60))
    for _ in range(60):
        count = len(doc.routes)
        roll = rng.random()
        if roll < 0.3:
            doc.insert_route(rng.randint(0, count), {"match": {"x": str(rng.random())}})
        elif roll < 0.5:
            doc.delete_route(rng.randrange(count))
        elif roll < 0.75:
            doc.move_route(rng.randrange(count), rng.randrange(count))
        else:
            index = rng.randrange(count)
            doc.update_route(index, {**doc.routes[index], "model": str(rng.random())})
        fresh = parse(doc.to_text())
        assert marks(doc._parsed.root) == marks(fresh.root)
        assert doc.data == fresh.data
