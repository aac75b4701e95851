"""Random edit sequences on random configs: comments outside the touched routes survive, the text
stays readable, and the agent's view equals a plain-Python model of the same edits."""

import json
from dataclasses import dataclass, field

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from routedeck.document import ConfigDocument
from routedeck.document.compare import same

VALUES = ["telegram", "cli", "owner", "on", "yes", "0123", "12:30", "~", "a b", "x#y", "é🚀", ""]
scalars = st.one_of(st.sampled_from(VALUES), st.booleans(), st.integers(-5, 500))
matches = st.dictionaries(
    st.sampled_from(["platform", "source_kind", "user_id"]), scalars, min_size=1, max_size=3
)
routes = st.fixed_dictionaries(
    {"match": matches, "model": st.sampled_from(["m/a", "m/b", "on", "0123"])},
    optional={
        "name": st.sampled_from(["n1", "n 2"]),
        "provider": scalars,
        "args": st.lists(scalars, max_size=2),
    },
)


@dataclass
class Layout:
    """How the generated file is written (independently of the library's renderer)."""

    newline: str
    step: int
    offset: int
    blank: bool
    flow: list[bool]
    lead: list[bool]
    detached: list[bool]
    outside: list[str] = field(default_factory=list)


def dump(value) -> str:
    """JSON is YAML, and json.dumps quotes every string."""
    return json.dumps(value, ensure_ascii=False)


def config_text(rs: list[dict], layout: Layout) -> str:
    nl, step = layout.newline, layout.step
    key_col = step + layout.offset + 2
    lines = [
        "# outside-header",
        "model:",
        " " * step + "default: base  # outside-default",
        " " * step + "routes:",
    ]
    for index, route in enumerate(rs):
        if layout.blank and index:
            lines.append("")
        if layout.detached[index]:
            lines += ["", " " * key_col + f"# outside-detached-{index}"]
        if layout.lead[index]:
            lines.append(" " * (key_col - 2) + f"# lead-{index}")
        first = True
        for key, value in route.items():
            prefix = " " * (key_col - 2) + "- " if first else " " * key_col
            first = False
            if key == "match" and not layout.flow[index]:
                lines.append(f"{prefix}match:")
                lines += [" " * (key_col + step) + f"{k}: {dump(v)}" for k, v in value.items()]
            else:
                comment = f"  # eol-{index}" if key == "model" else ""
                lines.append(f"{prefix}{key}: {dump(value)}{comment}")
    lines += [
        " " * step + "# outside-after-routes",
        "",
        "# outside-before-other",
        "other:",
        " " * step + "- x  # outside-item",
    ]
    return nl.join(lines) + nl


@st.composite
def configs(draw):
    rs = draw(st.lists(routes, min_size=0, max_size=5))
    n = len(rs)
    bools = st.lists(st.booleans(), min_size=n, max_size=n)
    layout = Layout(
        newline=draw(st.sampled_from(["\n", "\r\n"])),
        step=draw(st.sampled_from([2, 4])),
        offset=draw(st.sampled_from([0, 2])),
        blank=draw(st.booleans()),
        flow=draw(bools),
        lead=draw(bools),
        detached=draw(bools),
    )
    return rs, layout


operations = st.lists(
    st.tuples(
        st.sampled_from(["insert", "delete", "move", "update", "base"]),
        st.integers(0, 9),
        st.integers(0, 9),
        routes,
    ),
    max_size=6,
)


def apply_op(doc: ConfigDocument, model: list, ids: list, op, touched: set) -> None:
    kind, a, b, route = op
    size = len(model)
    if kind == "base":
        value = None if a % 3 == 0 else VALUES[b]
        doc.set_base_field("provider", value)
        assert doc.model_config.get("provider") == value
    elif kind == "insert":
        index = a % (size + 1)
        doc.insert_route(index, route)
        model.insert(index, route)
        ids.insert(index, None)
    elif size == 0:
        return
    elif kind == "delete":
        doc.delete_route(a % size)
        del model[a % size]
        ids.pop(a % size)
    elif kind == "move":
        doc.move_route(a % size, b % size)
        model.insert(b % size, model.pop(a % size))
        ids.insert(b % size, ids.pop(a % size))
    else:
        doc.update_route(a % size, route)
        model[a % size] = route
        touched.add(ids[a % size])


def comments(text: str) -> list[str]:
    return [line.split("# ", 1)[1].strip() for line in text.splitlines() if "# " in line]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(configs(), operations)
def test_random_edits_keep_comments_and_match_the_model(config, ops) -> None:
    rs, layout = config
    text = config_text(rs, layout)
    doc = ConfigDocument.from_text(text)
    assert doc.to_text() == text
    model, ids, touched = list(doc.routes), list(range(len(rs))), set()
    outside = [c for c in comments(text) if c.startswith("outside")]
    rest = {k: v for k, v in doc.data.items() if k != "model"}
    for op in ops:
        apply_op(doc, model, ids, op, touched)
        current = doc.to_text()
        assert same(doc.routes, model)
        assert yaml.safe_load(current) == doc.data  # the agent's own (pure-Python) loader
        assert {k: v for k, v in doc.data.items() if k != "model"} == rest
        found = comments(current)
        assert [c for c in found if c.startswith("outside")] == outside
        kept = [i for i in ids if i is not None and i not in touched]
        for prefix, present in (("lead", layout.lead), ("eol", [True] * len(rs))):
            wanted = [f"{prefix}-{i}" for i in kept if present[i]]
            assert [
                c for c in found if c.startswith(prefix) and int(c.split("-")[1]) not in touched
            ] == wanted
        if layout.newline == "\r\n":
            assert current.count("\n") == current.count("\r\n")
