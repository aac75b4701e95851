"""Comments stay with their owners (SPEC §6): what a route's lines, the comments attached above
its dash and the deeper ones trailing it belong to the route; an end-of-line comment belongs to
its key whatever its value becomes; a comment no route owns stays where it is."""

import pytest

from routedeck.document import ConfigDocument, EditError
from routedeck.document.comments import Comment, Intent, check

TRAILING = (
    "model:\n"
    "  routes:\n"
    "    - match: {platform: a}\n"
    "      model: a\n"
    "      # api_key: old-key\n"
    "\n"
    "    - match: {platform: b}\n"
    "      model: b\n"
    "  provider: p\n"
)


def edited(text: str, action) -> str:
    doc = ConfigDocument.from_text(text)
    action(doc)
    return doc.to_text()


def test_a_move_carries_the_comments_trailing_a_route() -> None:
    assert edited(TRAILING, lambda d: d.move_route(0, 1)) == (
        "model:\n"
        "  routes:\n"
        "    - match: {platform: b}\n"
        "      model: b\n"
        "\n"
        "    - match: {platform: a}\n"
        "      model: a\n"
        "      # api_key: old-key\n"
        "  provider: p\n"
    )


def test_a_delete_takes_the_comments_trailing_a_route() -> None:
    assert edited(TRAILING, lambda d: d.delete_route(0)) == (
        "model:\n  routes:\n    - match: {platform: b}\n      model: b\n  provider: p\n"
    )


def test_a_route_inserted_after_another_goes_below_its_trailing_comments() -> None:
    text = TRAILING.replace("    - match: {platform: b}\n      model: b\n", "")
    assert edited(text, lambda d: d.insert_route(1, {"match": {"platform": "c"}})) == (
        "model:\n"
        "  routes:\n"
        "    - match: {platform: a}\n"
        "      model: a\n"
        "      # api_key: old-key\n"
        "    - match: {platform: c}\n"
        "\n"
        "  provider: p\n"
    )


ABOVE = (
    "model:\n"
    "  routes:\n"
    "    - match: {platform: a}\n"
    "\n"
    "      # nobody's: below a blank line, deeper than the dash\n"
    "    - match: {platform: b}\n"
    "    - match: {platform: c}\n"
)


@pytest.mark.parametrize(
    "action",
    [
        lambda d: d.move_route(1, 2),
        lambda d: d.move_route(1, 0),
        lambda d: d.delete_route(1),
        lambda d: d.insert_route(1, {"match": {"platform": "n"}}),
    ],
)
def test_a_comment_no_route_owns_never_ends_up_directly_above_another_route(action) -> None:
    text = edited(ABOVE, action)
    lines = text.splitlines()
    below = lines[lines.index("      # nobody's: below a blank line, deeper than the dash") + 1]
    assert not below.lstrip().startswith("- ") or below == "    - match: {platform: b}"


def test_the_end_of_line_comment_of_an_empty_match_survives_a_new_value() -> None:
    text = "model:\n  routes:\n    - match:  # any context\n      model: a\n"
    assert edited(
        text, lambda d: d.update_route(0, {"match": {"platform": "cli"}, "model": "a"})
    ) == ("model:\n  routes:\n    - match: { platform: cli }  # any context\n      model: a\n")


def test_the_end_of_line_comment_of_a_scalar_survives_a_list() -> None:
    text = "model:\n  routes:\n    - match: {a: b}\n      args: --fast  # keep fast\n"
    route = {"match": {"a": "b"}, "args": ["--fast", "-v"]}
    assert edited(text, lambda d: d.update_route(0, route)) == (
        "model:\n  routes:\n    - match: {a: b}\n      args: [--fast, -v]  # keep fast\n"
    )


def test_a_block_list_stays_a_block_list_with_its_comments() -> None:
    text = (
        "model:\n  routes:\n    - match: {a: b}\n      args:  # flags\n"
        "        - --fast  # the fast one\n        - -q\n"
    )
    route = {"match": {"a": "b"}, "args": ["--slow", "-v", "-x"]}
    assert edited(text, lambda d: d.update_route(0, route)) == (
        "model:\n  routes:\n    - match: {a: b}\n      args:  # flags\n"
        "        - --slow  # the fast one\n        - -v\n        - -x\n"
    )
    assert edited(text, lambda d: d.update_route(0, {"match": {"a": "b"}, "args": "--x"})) == (
        "model:\n  routes:\n    - match: {a: b}\n      args: --x  # flags\n"
    )


def test_a_one_line_route_stays_one_line_with_its_comment() -> None:
    text = "model:\n  routes:\n    - {match: {platform: slack}, model: gpt-4o}  # slack only\n"
    route = {"match": {"platform": "slack", "user_id": "u1"}, "model": "gpt-5"}
    assert edited(text, lambda d: d.update_route(0, route)) == (
        "model:\n  routes:\n"
        "    - {match: {platform: slack, user_id: u1}, model: gpt-5}  # slack only\n"
    )


def test_new_routes_in_a_list_of_one_line_routes_are_one_line() -> None:
    text = "model:\n  routes:\n    - {match: {platform: slack}, model: gpt-4o}\n"
    new = edited(text, lambda d: d.insert_route(1, {"match": {"platform": "cli"}, "model": "m"}))
    assert new.endswith("    - {match: {platform: cli}, model: m}\n")


def test_removing_the_first_key_keeps_the_comment_below_it_with_the_route() -> None:
    text = (
        "model:\n  routes:\n    - match: {a: b}\n      model: a\n"
        "    - name: x\n      # about match\n      match: {a: c}\n"
    )
    assert edited(text, lambda d: d.update_route(1, {"match": {"a": "c"}})) == (
        "model:\n  routes:\n    - match: {a: b}\n      model: a\n"
        "    # about match\n    - match: {a: c}\n"
    )


ALIASES = (
    "base: &r {match: {a: z}}\n"
    "model:\n"
    "  routes:\n"
    "    - *r\n"
    "    - &r1 {match: {a: b}}\n"
    "    - match: {a: c}\n"
    "    - *r1  # the same as route 1\n"
)


@pytest.mark.parametrize(
    "action",
    [
        lambda d: d.delete_route(2),
        lambda d: d.update_route(2, {"match": {"a": "d"}}),
        lambda d: d.insert_route(1, {"match": {"a": "n"}}),
        lambda d: d.move_route(2, 1),
        lambda d: d.delete_route(0),
        lambda d: d.move_route(0, 2),
        lambda d: d.update_route(3, {"match": {"a": "own"}}),
    ],
)
def test_an_alias_route_does_not_block_edits(action) -> None:
    doc = ConfigDocument.from_text(ALIASES)
    action(doc)
    assert doc.data["base"] == {"match": {"a": "z"}}


def test_editing_a_route_that_others_alias_names_them() -> None:
    doc = ConfigDocument.from_text(ALIASES)
    for action in (lambda: doc.update_route(1, {"match": {"a": "x"}}), lambda: doc.delete_route(1)):
        with pytest.raises(EditError, match=r"routes\[3\] \(\*r1\)"):
            action()
    assert doc.to_text() == ALIASES


def test_a_move_that_would_put_an_alias_before_its_anchor_names_it() -> None:
    doc = ConfigDocument.from_text(ALIASES)
    for action in (lambda: doc.move_route(1, 3), lambda: doc.move_route(3, 0)):
        with pytest.raises(EditError, match=r"routes\[3\] \(\*r1\) would come before routes\[1\]"):
            action()
    assert doc.to_text() == ALIASES


def test_an_alias_replaced_by_a_route_keeps_its_comment() -> None:
    doc = ConfigDocument.from_text(ALIASES)
    doc.update_route(3, {"match": {"a": "own"}})
    assert doc.to_text().endswith("    # the same as route 1\n    - match: {a: own}\n")


KEPT = (
    "model:\n  routes:\n    - match: {a: b}\n      note: |+\n        kept\n\n    - match: {a: c}\n"
)


@pytest.mark.parametrize(
    "action",
    [lambda d: d.move_route(0, 1), lambda d: d.move_route(1, 0), lambda d: d.delete_route(0)],
)
def test_a_route_ending_in_a_kept_block_scalar_moves_and_goes_whole(action) -> None:
    doc = ConfigDocument.from_text(KEPT)
    action(doc)
    notes = [route["note"] for route in doc.routes if "note" in route]
    assert notes in ([], ["kept\n\n"])


def test_a_route_after_a_kept_block_scalar_adds_no_blank_line_to_it() -> None:
    doc = ConfigDocument.from_text(KEPT.replace("    - match: {a: c}\n", ""))
    doc.insert_route(1, {"match": {"a": "n"}})
    assert doc.routes[0]["note"] == "kept\n\n"


def test_the_check_names_a_comment_an_edit_would_lose_or_move() -> None:
    intent = Intent({"routes": [{"model": "x"}]}, lambda i: i, lambda i: i, {})
    before = [Comment("# mine", 3, True, ("route", 0, ("model",)))]
    with pytest.raises(EditError, match="lose or move the comment '# mine' \\(line 4\\)"):
        check(before, [], intent.rule)
    with pytest.raises(EditError, match="lose or move the comment '# mine'"):
        check(before, [Comment("# mine", 3, True, ("route", 1, ("model",)))], intent.rule)
    with pytest.raises(EditError, match="put the comment '# new' under route 1"):
        check([], [Comment("# new", 3, True, ("route", 1, ()))], intent.rule)
    check(before, [Comment("# mine", 9, True, ("route", 0, ("model",)))], intent.rule)


def test_the_comment_of_a_removed_key_may_go() -> None:
    text = "model:\n  routes:\n    - match: {a: b}\n      provider: p  # old provider\n"
    assert "old provider" not in edited(text, lambda d: d.update_route(0, {"match": {"a": "b"}}))
