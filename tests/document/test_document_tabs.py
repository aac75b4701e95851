"""Tabs libyaml accepts but the agent's pure-Python loader rejects: found by scanning only the
top-level entries that hold a tab, with the verdict and position of a whole-file load."""

import pytest
import yaml
from hypothesis import given, strategies as st

from routedeck.document import ConfigDocument, DocumentError

FRAGMENTS = [
    "a: 1",
    "model:",
    "  default: x",
    "  routes:",
    "    - match: {platform: cli}",
    "      model: y",
    "# comment",
    "  # indented comment",
    "",
    "b: |",
    "  literal",
    "c: [1, 2]",
]
TAB_PLACES = ["", "\t", " \t", "\t "]


@st.composite
def texts_with_tabs(draw: st.DrawFn) -> str:
    lines = draw(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=12))
    shown = []
    for line in lines:
        before, after = draw(st.sampled_from(TAB_PLACES)), draw(st.sampled_from(TAB_PLACES))
        shown.append(before + line + after if draw(st.booleans()) else line)
    return "\n".join(shown) + "\n"


def pure_verdict(text: str) -> tuple[int, int] | None:
    """Where the agent's pure-Python loader fails on the whole text (None: it loads)."""
    try:
        yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        assert mark is not None
        return mark.line + 1, mark.column + 1
    return None


@given(texts_with_tabs())
def test_the_verdict_is_the_whole_file_s(text: str) -> None:
    try:
        data = yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return  # libyaml refuses it too: not what this check is about
    if not isinstance(data, dict) or not data:
        return
    try:
        ConfigDocument.from_text(text)
        ours = None
    except DocumentError as error:
        assert "agent's YAML loader" in error.message or "duplicate key" in error.message
        if "duplicate key" in error.message:
            return
        ours = (error.line, error.column)
    assert ours == pure_verdict(text)


def test_a_tab_deep_in_a_large_file_is_found_at_its_line() -> None:
    lines = ["model:", "  routes:"]
    lines += [f"    - match: {{platform: p{n}}}\n      model: m{n}" for n in range(2_000)]
    lines += ["other:", "  key: value\t# a tab libyaml takes, the pure loader does not"]
    text = "\n".join(lines) + "\n"
    with pytest.raises(DocumentError, match="agent's YAML loader") as caught:
        ConfigDocument.from_text(text)
    assert (caught.value.line, caught.value.column) == pure_verdict(text)


def test_a_tab_in_a_comment_between_entries_is_accepted() -> None:
    doc = ConfigDocument.from_text("a: 1\n#\tnote\t\nb: 2\n")
    assert doc.data == {"a": 1, "b": 2}
