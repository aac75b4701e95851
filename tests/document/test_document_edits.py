"""Each edit with its exact result: only the lines of the touched routes change."""

import pytest

from routedeck.document import ConfigDocument, EditError

BASE = """\
# top comment
model:
  default: "base"   # the base
  provider: openrouter

  routes:
    # first route
    - match: { platform: telegram }
      model: a   # cheap

    # second route
    - match:
        source_kind: owner
      model: b
      api_key: "${KEY}"

    - name: third
      match: { platform: cli }
      model: c
  # trailing comment of routes

terminal:
  backend: local
"""

FIRST = """\
    # first route
    - match: { platform: telegram }
      model: a   # cheap
"""
SECOND = """\
    # second route
    - match:
        source_kind: owner
      model: b
      api_key: "${KEY}"
"""
THIRD = """\
    - name: third
      match: { platform: cli }
      model: c
"""
HEAD = """\
# top comment
model:
  default: "base"   # the base
  provider: openrouter

  routes:
"""
TAIL = """\
  # trailing comment of routes

terminal:
  backend: local
"""


def edited(action, text: str = BASE) -> str:
    doc = ConfigDocument.from_text(text)
    action(doc)
    return doc.to_text()


def test_the_fixture_is_made_of_its_parts() -> None:
    assert BASE == HEAD + FIRST + "\n" + SECOND + "\n" + THIRD + TAIL


@pytest.mark.parametrize(
    ("src", "dst", "order"),
    [
        (0, 2, (SECOND, THIRD, FIRST)),
        (2, 0, (THIRD, FIRST, SECOND)),
        (1, 0, (SECOND, FIRST, THIRD)),
        (0, 1, (SECOND, FIRST, THIRD)),
        (1, 2, (FIRST, THIRD, SECOND)),
    ],
)
def test_move_carries_comments_and_keeps_separators(src, dst, order) -> None:
    expected = HEAD + order[0] + "\n" + order[1] + "\n" + order[2] + TAIL
    assert edited(lambda d: d.move_route(src, dst)) == expected


def test_move_to_same_place_changes_nothing() -> None:
    doc = ConfigDocument.from_text(BASE)
    doc.move_route(1, 1)
    assert not doc.is_dirty


NEW = {"match": {"platform": "on"}, "model": "n"}
NEW_TEXT = '    - match: { platform: "on" }\n      model: n\n'


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (0, HEAD + NEW_TEXT + "\n" + FIRST + "\n" + SECOND + "\n" + THIRD + TAIL),
        (1, HEAD + FIRST + "\n" + NEW_TEXT + "\n" + SECOND + "\n" + THIRD + TAIL),
        (3, HEAD + FIRST + "\n" + SECOND + "\n" + THIRD + "\n" + NEW_TEXT + TAIL),
    ],
)
def test_insert_in_the_style_of_the_list(index, expected) -> None:
    assert edited(lambda d: d.insert_route(index, NEW)) == expected


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (0, HEAD + SECOND + "\n" + THIRD + TAIL),
        (1, HEAD + FIRST + "\n" + THIRD + TAIL),
        (2, HEAD + FIRST + "\n" + SECOND + TAIL),
    ],
)
def test_delete_takes_its_comments_and_one_separator(index, expected) -> None:
    assert edited(lambda d: d.delete_route(index)) == expected


def test_deleting_the_last_route_leaves_an_empty_list() -> None:
    text = "model:\n  routes:  # the list\n    # only\n    - match: {a: b}\nx: 1\n"
    assert edited(lambda d: d.delete_route(0), text) == "model:\n  routes: []  # the list\nx: 1\n"


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_deleting_the_last_route_at_the_end_of_a_file_without_a_final_break(newline) -> None:
    lines = ["model:", "  routes:  # the list", "", "  -", "    match: {a: b}", "    model: x"]
    text = newline.join(lines)  # a blank line above the route, no line break after it
    expected = newline.join(["model:", "  routes: []  # the list"])
    assert edited(lambda d: d.delete_route(0), text) == expected


def test_update_one_value_changes_one_line_and_keeps_its_comment() -> None:
    route = {"match": {"platform": "telegram"}, "model": "abcdef"}
    expected = BASE.replace("      model: a   # cheap\n", "      model: abcdef  # cheap\n")
    assert edited(lambda d: d.update_route(0, route)) == expected


def test_update_keeps_the_quotes_of_the_old_value() -> None:
    route = {"match": {"source_kind": "owner"}, "model": "b", "api_key": "${OTHER}"}
    expected = BASE.replace('"${KEY}"', '"${OTHER}"')
    assert edited(lambda d: d.update_route(1, route)) == expected


def test_update_adds_and_removes_lines() -> None:
    route = {"match": {"source_kind": "owner", "platform": "cli"}, "model": "b", "provider": "p"}
    expected = BASE.replace(
        '        source_kind: owner\n      model: b\n      api_key: "${KEY}"\n',
        "        source_kind: owner\n        platform: cli\n      model: b\n      provider: p\n",
    )
    assert edited(lambda d: d.update_route(1, route)) == expected


def test_update_flow_match_stays_flow() -> None:
    route = {"match": {"platform": "telegram", "user_id": "0123"}, "model": "a"}
    expected = BASE.replace("{ platform: telegram }", '{ platform: telegram, user_id: "0123" }')
    assert edited(lambda d: d.update_route(0, route)) == expected


def test_update_removing_the_first_key_moves_the_dash() -> None:
    route = {"match": {"platform": "cli"}, "model": "c"}
    expected = BASE.replace("    - name: third\n      match:", "    - match:")
    assert edited(lambda d: d.update_route(2, route)) == expected


def test_update_to_an_empty_route() -> None:
    expected = BASE.replace(THIRD, "    - {}\n")
    assert edited(lambda d: d.update_route(2, {})) == expected


def test_update_with_equal_route_changes_nothing() -> None:
    doc = ConfigDocument.from_text(BASE)
    doc.update_route(0, {"model": "a", "match": {"platform": "telegram"}})
    assert not doc.is_dirty


def test_set_base_field_in_place_keeps_the_comment() -> None:
    expected = BASE.replace('default: "base"   # the base', 'default: "new"    # the base')
    assert edited(lambda d: d.set_base_field("default", "new")) == expected


def test_set_base_field_adds_after_the_base_fields() -> None:
    expected = BASE.replace("provider: openrouter\n", "provider: openrouter\n  api_mode: x\n")
    assert edited(lambda d: d.set_base_field("api_mode", "x")) == expected


def test_clearing_a_base_field_removes_its_line() -> None:
    expected = BASE.replace("  provider: openrouter\n", "")
    assert edited(lambda d: d.set_base_field("provider", None)) == expected


def test_default_updates_the_model_alias_key() -> None:
    text = "model:\n  model: a\n"
    assert edited(lambda d: d.set_base_field("default", "b"), text) == "model:\n  model: b\n"


@pytest.mark.parametrize(
    ("text", "key", "value", "expected"),
    [
        ('model: "x"  # c\n', "provider", "p", 'model:\n  default: "x"  # c\n  provider: "p"\n'),
        ('model: "x"  # c\n', "default", "on", 'model: "on"  # c\n'),
        ('model: "x"  # c\n', "default", None, "model: {}   # c\n"),
        (
            "model: x\nother: 1\n",
            "provider",
            "p",
            "model:\n  default: x\n  provider: p\nother: 1\n",
        ),
        ("model:\nother: 1\n", "provider", "p", "model:\n  provider: p\nother: 1\n"),
        ("model: {}  # c\n", "provider", "p", "model:  # c\n  provider: p\n"),
        ("a: 1\n", "provider", "p", "a: 1\nmodel:\n  provider: p\n"),
        ("a: 1", "provider", "yes", 'a: 1\nmodel:\n  provider: "yes"'),
        ("model:\n  default: x  # c\nz: 1\n", "default", None, "model: {}\nz: 1\n"),
        ("a: 1\n", "provider", None, "a: 1\n"),
    ],
)
def test_set_base_field_shapes(text, key, value, expected) -> None:
    assert edited(lambda d: d.set_base_field(key, value), text) == expected


def test_set_base_field_refuses_other_keys() -> None:
    with pytest.raises(EditError, match="not a field"):
        ConfigDocument.from_text(BASE).set_base_field("routes", [])


ROUTE = {"match": {"platform": "cli"}, "model": "m"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\n", "a: 1\nmodel:\n  routes:\n    - match: { platform: cli }\n      model: m\n"),
        ("a: 1", "a: 1\nmodel:\n  routes:\n    - match: { platform: cli }\n      model: m"),
        (
            "a:\r\n- b\r\n",
            "a:\r\n- b\r\nmodel:\r\n  routes:\r\n  - match: { platform: cli }\r\n    model: m\r\n",
        ),
        (
            'model: "x"  # c\n',
            'model:\n  default: "x"  # c\n  routes:\n'
            "    - match: { platform: cli }\n      model: m\n",
        ),
        (
            "model:\n  routes: []  # c\n",
            "model:\n  routes:  # c\n    - match: { platform: cli }\n      model: m\n",
        ),
        (
            "model:\n  routes:\n",
            "model:\n  routes:\n    - match: { platform: cli }\n      model: m\n",
        ),
        (
            "model:\n    default: x\n    # c\nz: 1\n",
            "model:\n    default: x\n    routes:\n"
            "      - match: { platform: cli }\n        model: m\n    # c\nz: 1\n",
        ),
    ],
)
def test_insert_creates_model_and_routes(text, expected) -> None:
    assert edited(lambda d: d.insert_route(0, ROUTE), text) == expected


def test_new_routes_quote_what_yaml_1_1_would_misread() -> None:
    tricky = [
        "on",
        "yes",
        "No",
        "0123",
        "12:30",
        "null",
        "~",
        "true",
        "1_000",
        "1e3",
        "",
        " x",
        "a: b",
        "#x",
    ]
    route = {"match": {f"k{i}": value for i, value in enumerate(tricky)}, "model": "x"}
    doc = ConfigDocument.from_text("a: 1\n")
    doc.insert_route(0, route)
    assert doc.routes == [route]


@pytest.mark.parametrize(
    "action",
    [
        lambda d: d.move_route(0, 3),
        lambda d: d.delete_route(3),
        lambda d: d.update_route(-1, {}),
        lambda d: d.insert_route(5, {}),
    ],
)
def test_bad_indexes_are_edit_errors(action) -> None:
    doc = ConfigDocument.from_text(BASE)
    with pytest.raises(EditError):
        action(doc)
    assert doc.to_text() == BASE


def test_an_edit_that_would_not_read_back_is_refused_and_changes_nothing() -> None:
    text = "model:\n  routes:\n    - &r {match: {a: b}}\n    - *r\n"
    doc = ConfigDocument.from_text(text)
    with pytest.raises(EditError, match=r"routes\[1\] \(\*r\) would come before routes\[0\]"):
        doc.move_route(1, 0)
    assert doc.to_text() == text


def test_flow_route_lists_are_refused_clearly() -> None:
    doc = ConfigDocument.from_text("model:\n  routes: [{match: {a: b}}]\n")
    with pytest.raises(EditError):
        doc.delete_route(0)


def test_replace_text_supports_undo() -> None:
    doc = ConfigDocument.from_text(BASE)
    doc.delete_route(0)
    doc.replace_text(BASE)
    assert doc.to_text() == BASE and not doc.is_dirty
    with pytest.raises(EditError) as caught:
        doc.replace_text("a: b: c\n")
    assert caught.value.line == 1
    assert doc.to_text() == BASE


ODD = """\
base: &b
  provider: p
model:
    routes:
      - match: {a: b}
        # inner
        model: x
        args:
          - a
          - b
      -
        match:
          a: c
        model: |
          multi
          line

      - # dash comment
        <<: *b
        match: {a: d}
        model: y   # eol
"""


def test_odd_layouts_move_whole() -> None:
    doc = ConfigDocument.from_text(ODD)
    doc.move_route(2, 0)
    lines = doc.to_text().splitlines()
    assert lines[4:8] == [
        "      - # dash comment",
        "        <<: *b",
        "        match: {a: d}",
        "        model: y   # eol",
    ]
    doc.move_route(0, 2)
    # A move is a delete and an insert: the blank line above the route went with it, and the
    # route comes back in as the list is written (no blank lines between its first routes).
    assert doc.to_text() == ODD.replace("          line\n\n", "          line\n")


def test_update_replaces_multi_line_values_whole() -> None:
    doc = ConfigDocument.from_text(ODD)
    doc.update_route(0, {"match": {"a": "b"}, "model": "x", "args": ["z"]})
    doc.update_route(1, {"match": {"a": "c"}, "model": "one"})
    assert (
        "        args:\n          - z\n      -\n"
        "        match:\n          a: c\n        model: one\n\n" in doc.to_text()
    )


def test_update_a_route_with_a_merge_key() -> None:
    doc = ConfigDocument.from_text(ODD)
    doc.update_route(2, {"match": {"a": "e"}, "model": "y", "provider": "q"})
    assert doc.to_text().endswith(
        "        <<: *b\n        match: {a: e}\n        model: y   # eol\n        provider: q\n"
    )
    with pytest.raises(EditError, match="would not read back"):
        doc.update_route(2, {"match": {"a": "e"}, "model": "y"})  # a merged key cannot be removed


def test_removing_the_first_key_under_a_lone_dash() -> None:
    doc = ConfigDocument.from_text(ODD)
    doc.update_route(1, {"model": "multi\nline\n"})
    assert "      -\n        model: |\n" in doc.to_text()


def test_a_nan_in_the_model_block_does_not_block_edits() -> None:
    doc = ConfigDocument.from_text("model:\n  context_length: .nan\n  routes: []\n")
    doc.insert_route(0, {"match": {"platform": "cli"}, "temperature": float("nan")})
    assert doc.to_text().endswith("      temperature: .nan\n")


TRAILING = (
    "model:\n"
    "  routes:\n"
    "    - match: {platform: a}\n"
    "      model: a\n"
    "    - match: {platform: b}\n"
    "      model: b\n"
    "      # api_key: sk-old-b\n"
    "    # about c\n"
    "    - match: {platform: c}\n"
    "      model: c\n"
    "      # api_key: sk-old-c\n"
    "  provider: p\n"
)


def test_a_comment_indented_under_a_route_stays_with_it_when_the_next_one_goes() -> None:
    doc = ConfigDocument.from_text(TRAILING)
    doc.delete_route(2)
    assert doc.to_text() == TRAILING.replace(
        "    # about c\n    - match: {platform: c}\n      model: c\n      # api_key: sk-old-c\n", ""
    )


def test_a_comment_indented_under_a_route_goes_with_it() -> None:
    doc = ConfigDocument.from_text(TRAILING)
    doc.delete_route(1)
    assert doc.to_text() == TRAILING.replace(
        "    - match: {platform: b}\n      model: b\n      # api_key: sk-old-b\n", ""
    )
    doc = ConfigDocument.from_text(TRAILING)
    doc.move_route(1, 0)
    lines = TRAILING.splitlines(keepends=True)
    assert doc.to_text() == "".join(lines[:2] + lines[4:7] + lines[2:4] + lines[7:])


def test_a_route_appended_goes_below_the_comments_indented_under_the_last_one() -> None:
    doc = ConfigDocument.from_text(TRAILING)
    doc.insert_route(3, {"match": {"platform": "d"}})
    assert doc.to_text() == TRAILING.replace(
        "  provider: p\n", "    - match: {platform: d}\n  provider: p\n"
    )


@pytest.mark.parametrize("alias", ["  - *first", "  - *first  # again"])
def test_a_base_field_goes_below_a_route_list_that_ends_in_an_alias(alias: str) -> None:
    """An alias item's node is the anchored one, so its marks say where the anchor is: the
    list's end was taken for the first route's, and the new key landed inside the list."""
    text = (
        "model:\n  routes:\n  - &first {match: {a: b}, model: m}\n  # between\n"
        f"  - {{}}\n{alias}\n  # under the list\n"
    )
    expected = text.replace("  # under the list\n", "  provider: p\n  # under the list\n")
    assert edited(lambda d: d.set_base_field("provider", "p"), text) == expected


def test_a_base_field_goes_below_a_last_key_whose_value_is_an_alias_on_the_next_line() -> None:
    text = "x: &x {a: b}\nmodel:\n  routes: []\n  fallback:\n    *x\n# end\n"
    expected = text.replace("# end\n", "  provider: p\n# end\n")
    assert edited(lambda d: d.set_base_field("provider", "p"), text) == expected
