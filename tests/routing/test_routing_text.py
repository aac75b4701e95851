"""No control character from a file reaches the terminal raw (issue 9 point 4)."""

import unicodedata

import pytest
from hypothesis import given, strategies as st

from routedeck.routing.text import terminal_safe, terminal_safe_lines

ESC, BEL = "\x1b", "\x07"


def is_control(char: str) -> bool:
    """A character that tells a terminal to do something, or reorders or ends the line."""
    return unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp") or char in (
        "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    )


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (f"{ESC}]52;c;aGVsbG8={BEL}", "\\x1b]52;c;aGVsbG8=\\x07"),
        (f"owner{ESC}]0;pwned{BEL}", "owner\\x1b]0;pwned\\x07"),
        (f"{ESC}[2J{ESC}[H", "\\x1b[2J\\x1b[H"),
        ("\x9b31m", "\\x9b31m"),
        ("a\tb\r\nc\x00\x7f", "a\\x09b\\x0d\\x0ac\\x00\\x7f"),
        ("user\u202eevil", "user\\u202eevil"),
        ("line\u2028sep", "line\\u2028sep"),
        ("\ud800", "\\ud800"),
        ("anthropic/claude-opus-4.6 🚀 ฅ^•ﻌ•^ฅ é", "anthropic/claude-opus-4.6 🚀 ฅ^•ﻌ•^ฅ é"),
        ("", ""),
    ],
)
def test_controls_are_shown_escaped(text: str, shown: str) -> None:
    assert terminal_safe(text) == shown


def test_lines_keep_their_line_feeds() -> None:
    assert terminal_safe_lines(f"a{ESC}[2J\r\nb\n") == "a\\x1b[2J\\x0d\nb\n"


@given(st.text())
def test_the_output_never_holds_a_control_character(text: str) -> None:
    assert not any(is_control(char) for char in terminal_safe(text))


@given(st.text())
def test_lines_hold_no_control_but_line_feeds(text: str) -> None:
    shown = terminal_safe_lines(text)
    assert not any(is_control(char) for char in shown.replace("\n", ""))
    assert shown.count("\n") == text.count("\n")


@given(st.text().filter(lambda text: not any(is_control(char) for char in text)))
def test_text_without_controls_is_unchanged(text: str) -> None:
    assert terminal_safe(text) == text
    assert terminal_safe_lines(text) == text


@given(st.text(alphabet=st.characters(categories=["L", "M", "N", "P", "S", "Zs"])))
def test_printable_text_is_unchanged(text: str) -> None:
    printable = "".join(char for char in text if char.isprintable() and not is_control(char))
    assert terminal_safe(printable) == printable


@given(st.text())
def test_escaping_is_stable(text: str) -> None:
    assert terminal_safe(terminal_safe(text)) == terminal_safe(text)
