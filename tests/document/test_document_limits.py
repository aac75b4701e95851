"""Files the agent's loader cannot build, alias bombs and deep nesting: refused at load with a
positioned DocumentError, quickly and in little memory; real files still load."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from routedeck.document import ConfigDocument, DocumentError
from routedeck.document.limits import MAX_ALIAS_VALUES, MAX_DEPTH

SECRET = "sk-live-abcdefghijklmnopqrstuvwxyz012345"


def billion_laughs(where: str) -> str:
    """The 10**9-value bomb, its last alias placed at `where` (a format string for `*i`)."""
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    return "\n".join(lines) + "\n" + where.format(alias="*i")


INVALID_VALUES = {
    "impossible date": ("model: x\nupdated: 2024-02-30\n", 2, 10, "not a valid date"),
    "year zero": ("a: 0000-01-01\n", 1, 4, "not a valid date"),
    "tagged bool": ("model:\n  api_key: !!bool maybe\n", 2, 12, "a boolean"),
    "tagged int": (f"model:\n  api_key: !!int {SECRET}\n", 2, 12, "an integer"),
    "tagged float": ("a: !!float many\n", 1, 4, "a number"),
    "tagged timestamp": ("a: !!timestamp soon\n", 1, 4, "date or time"),
    "huge integer": ("a: " + "7" * 4301 + "\n", 1, 4, "more than 4,300 digits"),
    "huge hex integer": ("a: 0x" + "f" * 3600 + "\n", 1, 4, "more than 4,300 digits"),
    "huge integer beside an anchor": (
        "a: &x 1\nb: [*x, " + "7" * 4301 + "]\n",
        2,
        9,
        "more than 4,300 digits",
    ),
    "invalid key": ("? !!int abc\n: 1\n", 1, 3, "an integer"),
    "in a route": (
        "model:\n  routes:\n    - match: {platform: !!int discord}\n",
        3,
        25,
        "an integer",
    ),
}


@pytest.mark.parametrize(
    ("text", "line", "column", "words"), INVALID_VALUES.values(), ids=INVALID_VALUES.keys()
)
def test_a_value_the_agent_cannot_build_is_a_positioned_error(text, line, column, words) -> None:
    with pytest.raises(DocumentError) as caught:
        ConfigDocument.from_text(text)
    error = caught.value
    assert (error.line, error.column) == (line, column)
    assert words in error.message
    assert SECRET not in str(error)


def test_an_impossible_date_is_refused_when_loading_a_file(tmp_path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(f"model:\n  api_key: {SECRET}\nupdated: 2024-02-30\n")
    with pytest.raises(DocumentError, match="line 3, column 10: `2024-02-30` is not a valid"):
        ConfigDocument.load(path)


BOMBS = {
    "in a match value": "model:\n  routes:\n    - match: {{platform: {alias}}}\n",
    "in args": "model:\n  routes:\n    - match: {{platform: cli}}\n      args: {alias}\n",
    "under model": "model:\n  default: x\n  extra: {alias}\n",
    "outside model": "model: x\nother: {alias}\n",
    "as a merge": "model:\n  <<: {{k: {alias}}}\n  default: x\n",
}


@pytest.mark.parametrize("where", BOMBS.values(), ids=BOMBS.keys())
def test_an_alias_bomb_is_refused_wherever_it_is(where: str) -> None:
    with pytest.raises(DocumentError) as caught:
        ConfigDocument.from_text(billion_laughs(where))
    assert f"aliases expand to more than {MAX_ALIAS_VALUES:,} values" in caught.value.message
    assert caught.value.line is not None


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc")
def test_a_bomb_is_refused_in_a_fresh_process_in_little_memory(tmp_path) -> None:
    """The child's own peak memory (VmHWM: unlike getrusage, not inherited from the parent it
    was forked from) stays under the 200 MB budget."""
    path = tmp_path / "bomb.yaml"
    path.write_text(billion_laughs(BOMBS["in a match value"]))
    program = textwrap.dedent(
        """
        import re, sys
        from pathlib import Path
        from routedeck.document import ConfigDocument, DocumentError
        try:
            ConfigDocument.load(sys.argv[1])
        except DocumentError as error:
            print(error.message)
        status = Path("/proc/self/status").read_text()
        print(re.search(r"VmHWM:\\s*(\\d+) kB", status).group(1))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", program, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    message, peak_kb = done.stdout.splitlines()
    assert message.startswith("aliases expand to more than")
    assert int(peak_kb) < 200 * 1024


def test_a_collection_that_contains_its_own_alias_is_refused() -> None:
    with pytest.raises(DocumentError, match="refers to a collection that contains it") as caught:
        ConfigDocument.from_text("model: x\nloop: &a [1, *a]\n")
    assert (caught.value.line, caught.value.column) == (2, 7)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 500, 5000])
def test_deep_nesting_is_refused(depth: int) -> None:
    flow = "model: x\nnest: " + "[" * depth + "]" * depth + "\n"
    with pytest.raises(DocumentError, match=f"nested deeper than {MAX_DEPTH} levels") as caught:
        ConfigDocument.from_text(flow)
    assert caught.value.line == 2


def test_deep_block_nesting_is_refused() -> None:
    block = "model: x\nnest:\n" + "".join(" " * i + "-\n" for i in range(0, 1200, 2))
    with pytest.raises(DocumentError, match="nested deeper than"):
        ConfigDocument.from_text(block)


def test_nesting_at_the_limit_loads() -> None:
    depth = MAX_DEPTH - 1  # the top-level mapping is one level
    doc = ConfigDocument.from_text("nest: " + "[" * depth + "]" * depth + "\n")
    assert isinstance(doc.data["nest"], list)


def test_deep_nesting_through_aliases_is_refused() -> None:
    lines = ["l0: &l0 [x]"] + [f"l{i}: &l{i} [*l{i - 1}]" for i in range(1, MAX_DEPTH + 1)]
    with pytest.raises(DocumentError, match="nested deeper"):
        ConfigDocument.from_text("\n".join(lines) + "\n")


def test_the_corpus_and_merge_heavy_configs_still_load(corpus) -> None:
    for path in sorted(corpus.glob("*.yaml")):
        ConfigDocument.load(path)
    lines = [
        "defaults: &d {provider: p, base_url: 'https://x/v1', api_mode: m, command: c, y: [a]}"
    ]
    lines += ["model:", "  routes:"]
    for index in range(20_000):
        lines += [f"    - match: {{platform: p{index}}}", "      <<: *d", f"      model: m{index}"]
    doc = ConfigDocument.from_text("\n".join(lines) + "\n")
    assert len(doc.routes) == 20_000 and doc.routes[-1]["provider"] == "p"
