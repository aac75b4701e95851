"""Line diffs that cost what changed: the same hunks a reader expects, on any input."""

import difflib

from hypothesis import given, strategies as st

from routedeck.document import ConfigDocument
from routedeck.document.diffing import grouped_opcodes, opcodes

lines = st.lists(st.sampled_from(["a", "b", "c", "d", ""]), max_size=30)


@given(lines, lines)
def test_the_opcodes_turn_old_into_new(old: list[str], new: list[str]) -> None:
    rebuilt: list[str] = []
    for tag, i1, i2, j1, j2 in opcodes(old, new):
        if tag == "equal":
            assert old[i1:i2] == new[j1:j2]
            rebuilt += old[i1:i2]
        else:
            rebuilt += new[j1:j2]
    assert rebuilt == new


@given(lines, lines)
def test_hunks_are_grouped_as_difflib_groups_them(old: list[str], new: list[str]) -> None:
    ours = list(grouped_opcodes(old, new))
    assert bool(ours) == (old != new)
    changed = [code for group in ours for code in group if code[0] != "equal"]
    assert changed == [code for code in opcodes(old, new) if code[0] != "equal"]


def test_a_one_line_change_gives_difflib_s_hunk() -> None:
    old = [f"line {n}" for n in range(100)]
    new = [*old[:40], "changed", *old[41:]]
    expected = list(difflib.SequenceMatcher(None, old, new).get_grouped_opcodes(3))
    assert list(grouped_opcodes(old, new)) == expected


def test_one_edit_in_a_large_file() -> None:
    text = "model:\n  routes:\n" + "".join(
        f"    - match: {{platform: p{n}}}\n      model: m{n}\n" for n in range(20_000)
    )
    doc = ConfigDocument.from_text(text)
    doc.replace_text(text.replace("model: m19000\n", "model: changed\n"))
    diff = doc.diff()
    assert "-      model: m19000\n+      model: changed\n" in diff
    assert diff.count("@@ ") == 1
    assert ConfigDocument.from_text(text).diff() == ""
