"""Diffs and save previews mask every secret, by node position, however it is written."""

import pytest

from routedeck.document import ConfigDocument
from routedeck.document.masking import masked_lines
from routedeck.document.parse import parse

KEY = "sk-live-abcdefghijklmnopqrstuvwxyz0123"
HIDDEN_PART = "abcdefghijklmnop"

WRITTEN = {
    "credentials in base_url": f"model:\n  base_url: https://user:{KEY}@host/v1\n",
    "key in the query": f"model:\n  base_url: 'https://h/v1?key={KEY}'\n",
    "token in the query": f"model:\n  base_url: https://h/v1?x=1&token={KEY}\n",
    "args flag then value": (
        f"model:\n  routes:\n    - match: {{a: b}}\n      args: [--api-key, {KEY}]\n"
    ),
    "args block list": f"model:\n  args:\n    - --api-key\n    - {KEY}\n",
    "args flag=value": f"model:\n  args: ['--api-key={KEY}']\n",
    "API_KEY": f"env:\n  API_KEY: {KEY}\nmodel: x\n",
    "apiKey": f"providers:\n  custom:\n    apiKey: {KEY}\nmodel: x\n",
    "token": f"gateway:\n  token: {KEY}\nmodel: x\n",
    "secret": f"gateway:\n  client_secret: '{KEY}'\nmodel: x\n",
    "password": f"db:\n  password: {KEY}\nmodel: x\n",
    "name and value": f"env:\n  - name: OPENAI_API_KEY\n    value: {KEY}\nmodel: x\n",
    "anchor used by api_key": f"vault: &k {KEY}\nmodel:\n  api_key: *k\n",
    "a number as key": "model:\n  api_key: 123456789012345678901234\n",
    "a mapping under a secret": f"auth:\n  token: {{value: {KEY}, kind: bearer}}\nmodel: x\n",
    "commented-out old key": f"model:\n  # api_key: {KEY}\n  api_key: ${{KEY}}\n",
    "commented-out block": f"model:\n  # api_key: >-\n  #   {KEY}\n  default: x\n",
    "end-of-line comment": f"model:\n  api_key: ${{KEY}}  # was {KEY}\n",
    "key shape in an odd place": f"notes: the old one was {KEY}\nmodel: x\n",
}


@pytest.mark.parametrize("text", WRITTEN.values(), ids=WRITTEN.keys())
def test_the_diff_hides_every_secret(text: str) -> None:
    doc = ConfigDocument.from_text(text)
    doc.replace_text(text + "z: 1\n")
    diff = doc.diff()
    assert HIDDEN_PART not in diff and "12345678901234567890" not in diff
    assert diff.endswith("+z: 1\n")
    unmasked = doc.diff(mask_secrets=False)
    assert HIDDEN_PART in unmasked or "1234567890" in unmasked


@pytest.mark.parametrize("text", WRITTEN.values(), ids=WRITTEN.keys())
def test_every_line_is_masked(text: str) -> None:
    shown = "\n".join(masked_lines(parse(text)))
    assert HIDDEN_PART not in shown and "12345678901234567890" not in shown


def test_what_stays_readable() -> None:
    text = (
        "model:\n"
        "  base_url: https://user:" + KEY + "@host/v1  # the proxy\n"
        "  max_tokens: 4096\n"
        "  args: [--model, x, --api-key, " + KEY + "]\n"
        "  default: anthropic/claude-opus-4.6\n"
    )
    assert masked_lines(parse(text)) == [
        "model:",
        "  base_url: https://user:••••23@host/v1  # the proxy",
        "  max_tokens: 4096",
        "  args: [--model, x, --api-key, ••••23]",
        "  default: anthropic/claude-opus-4.6",
    ]


def test_masking_only_the_shown_lines_skips_the_others() -> None:
    text = f"a:\n  api_key: {KEY}\nb:\n  api_key: {KEY}\n"
    lines = masked_lines(parse(text), only=[3])
    assert lines[1] == f"  api_key: {KEY}"
    assert lines[3] == "  api_key: ••••23"
