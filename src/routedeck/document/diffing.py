"""Line diffs that cost what changed, not what the file holds.

`difflib.SequenceMatcher` looks for the longest matching block over both whole sequences: on a
400,000-line config with one changed line it runs for over a minute. An edit changes one region
of the file, so the lines the two texts share at their start and end are set aside first and
only the region between them is matched; the hunks are then grouped as `difflib` groups them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence

Opcode = tuple[str, int, int, int, int]


def grouped_opcodes(
    old: Sequence[str], new: Sequence[str], context: int = 3
) -> Iterator[list[Opcode]]:
    """The hunks of a unified diff of `old` against `new`, as
    `difflib.SequenceMatcher(None, old, new).get_grouped_opcodes(context)` gives them."""
    codes = opcodes(old, new)
    if not codes or all(tag == "equal" for tag, *_ in codes):
        return
    if codes[0][0] == "equal":
        tag, i1, i2, j1, j2 = codes[0]
        codes[0] = tag, max(i1, i2 - context), i2, max(j1, j2 - context), j2
    if codes[-1][0] == "equal":
        tag, i1, i2, j1, j2 = codes[-1]
        codes[-1] = tag, i1, min(i2, i1 + context), j1, min(j2, j1 + context)
    group: list[Opcode] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal" and i2 - i1 > 2 * context:
            group.append((tag, i1, min(i2, i1 + context), j1, min(j2, j1 + context)))
            yield group
            group = []
            i1, j1 = max(i1, i2 - context), max(j1, j2 - context)
        group.append((tag, i1, i2, j1, j2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        yield group


def opcodes(old: Sequence[str], new: Sequence[str]) -> list[Opcode]:
    """`difflib` opcodes of the region between the common first and last lines, with the
    common lines as `equal` opcodes around them."""
    prefix = _common_prefix(old, new)
    suffix = _common_prefix(old[prefix:][::-1], new[prefix:][::-1])
    old_end, new_end = len(old) - suffix, len(new) - suffix
    middle = difflib.SequenceMatcher(None, old[prefix:old_end], new[prefix:new_end])
    codes: list[Opcode] = []
    if prefix:
        codes.append(("equal", 0, prefix, 0, prefix))
    for tag, i1, i2, j1, j2 in middle.get_opcodes():
        _append(codes, (tag, i1 + prefix, i2 + prefix, j1 + prefix, j2 + prefix))
    if suffix:
        _append(codes, ("equal", old_end, len(old), new_end, len(new)))
    return codes


def _append(codes: list[Opcode], code: Opcode) -> None:
    """Append, merging two `equal` runs that meet."""
    tag, i1, i2, j1, j2 = code
    if i1 == i2 and j1 == j2:
        return
    if codes and tag == "equal" and codes[-1][0] == "equal":
        _, first_i, _, first_j, _ = codes[-1]
        codes[-1] = ("equal", first_i, i2, first_j, j2)
        return
    codes.append(code)


def _common_prefix(old: Sequence[str], new: Sequence[str]) -> int:
    count = 0
    for a, b in zip(old, new, strict=False):
        if a != b:
            break
        count += 1
    return count
