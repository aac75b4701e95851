"""Line diffs that cost what changed, not what the file holds.

`difflib.SequenceMatcher` looks for the longest matching block over both whole sequences: on a
400,000-line config with one changed line it runs for over a minute. An edit changes one region
of the file, so the lines the two texts share at their start and end are set aside first and
only the region between them is matched; the hunks are then grouped as `difflib` groups them.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterator, Sequence

from routedeck.document.layout import strip_break
from routedeck.document.masking import masked_lines
from routedeck.document.parse import Parsed

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


def masked_diff(old: Parsed, new: Parsed, name: str, *, mask_secrets: bool = True) -> str:
    """Unified diff (`a/NAME`, `b/NAME`) of two parsed texts, compared as written but shown with
    every secret masked unless `mask_secrets` is False (a changed key still shows as changed,
    masked on both sides); only the lines shown are masked. "" when the texts are equal."""
    if old.text == new.text:
        return ""
    before, after = _shown(old), _shown(new)
    groups = list(grouped_opcodes(before, after))
    if mask_secrets:
        old_shown = {i for group in groups for _, i1, i2, _, _ in group for i in range(i1, i2)}
        new_shown = {j for group in groups for _, _, _, j1, j2 in group for j in range(j1, j2)}
        before, after = _shown(old, old_shown), _shown(new, new_shown)
    lines = [f"--- a/{name}", f"+++ b/{name}"]
    for group in groups:
        lines += _hunk(group, before, after)
    return "".join(line + "\n" for line in lines) if len(lines) > 2 else ""


def _shown(p: Parsed, masked: Collection[int] | None = None) -> list[str]:
    """The lines of a text as a diff shows them (the BOM, if any, starts the first one), with
    the secrets on the lines `masked` masked."""
    if masked is None:
        lines = [strip_break(line)[0] for line in p.lines]
    else:
        lines = masked_lines(p, masked)
    if p.bom:
        return [p.bom + (lines[0] if lines else ""), *lines[1:]]
    return lines


def _hunk(group: list[Opcode], old: list[str], new: list[str]) -> list[str]:
    """One `@@` hunk of a unified diff, as difflib writes it."""
    first, last = group[0], group[-1]
    lines = [f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@"]
    for tag, i1, i2, j1, j2 in group:
        if tag == "equal":
            lines += [" " + line for line in old[i1:i2]]
            continue
        lines += ["-" + line for line in old[i1:i2]]
        lines += ["+" + line for line in new[j1:j2]]
    return lines


def _range(start: int, stop: int) -> str:
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"
