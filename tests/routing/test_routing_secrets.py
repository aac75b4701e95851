"""One mask, one format, every spelling of a secret (issue 9 points 6 and 8, issue 12 point 11)."""

import re

import pytest
from hypothesis import given, strategies as st

from routedeck.routing.secrets import (
    is_env_reference,
    is_secret_key,
    mask_args,
    mask_secret,
    mask_text,
    mask_unparsed_text,
    mask_value,
)

KEY = "sk-live-abcdefghijklmnopqrstuvwxyz0123"
SECRET_PART = "abcdefghijklmnop"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("${OPENROUTER_API_KEY}", "${OPENROUTER_API_KEY}"),
        ("${env:KEY}", "${env:KEY}"),
        ("sk-abcdef1234567890", "••••90"),
        ("unused", "••••••"),
        (12345678901234567, "••••67"),
        ("mediumsecret1", "••••••"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_secret(value: object, shown: str) -> None:
    assert mask_secret(value) == shown


@given(st.text(min_size=1).filter(lambda text: not is_env_reference(text)))
def test_a_masked_secret_never_reveals_its_length_or_its_body(secret: str) -> None:
    shown = mask_secret(secret)
    assert len(shown) == 6 and shown.startswith("••••")
    assert shown in ("••••••", "••••" + secret[-2:])
    if len(secret) < 16:
        assert shown == "••••••"


def test_a_reference_is_not_a_secret_but_a_value_around_one_is() -> None:
    assert is_env_reference(" ${KEY} ")
    assert not is_env_reference("sk-${KEY}")
    assert not is_env_reference("$KEY")


@pytest.mark.parametrize(
    "key",
    [
        *("api_key", "API_KEY", "apiKey", "x-api-key", "OPENAI_API_KEY", "token", "HF_TOKEN"),
        *("access_token", "secret", "client_secret", "password", "db_password", "secretKey"),
        *("apikey", "Authorization", "private_key", "aws_secret_access_key"),
    ],
)
def test_keys_named_like_credentials(key: str) -> None:
    assert is_secret_key(key)


@pytest.mark.parametrize(
    "key", ["max_tokens", "token_limit", "key", "name", "model", "base_url", "tokenizer", 3, None]
)
def test_keys_that_are_not_credentials(key: object) -> None:
    assert not is_secret_key(key)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (f"https://user:{KEY}@host/v1", "https://user:••••23@host/v1"),
        (f"https://h/v1?key={KEY}&x=1", "https://h/v1?key=••••23&x=1"),
        (f"https://h/v1?api-version=1&token={KEY}", "https://h/v1?api-version=1&token=••••23"),
        (f"https://h/v1#access_token={KEY}", "https://h/v1#access_token=••••23"),
        (f"https://{KEY}@github.com/x", "https://••••23@github.com/x"),
        (f"token={KEY}", "token=••••23"),
        (f"--api-key {KEY}", "--api-key ••••23"),
        (f"--api-key={KEY}", "--api-key=••••23"),
        (f"run --token '{KEY}' now", "run --token '••••23' now"),
        (f"Authorization: Bearer {KEY}", "Authorization: Bearer ••••23"),
        (f"old key {KEY} here", "old key ••••23 here"),
        ("ghp_" + "a" * 36, "••••aa"),
        ("xoxb-1234567890-abcdefghij", "••••ij"),
    ],
)
def test_secrets_inside_text(text: str, shown: str) -> None:
    assert mask_text(text) == shown


@pytest.mark.parametrize(
    "text",
    [
        "https://openrouter.ai/api/v1",
        "https://api.x.com/v1?api-version=2024-01-01",
        "ssh://git@github.com/x",
        "anthropic/claude-opus-4.6",
        "--model gpt-4 --max-tokens=100",
        "a = b",
    ],
)
def test_text_without_secrets_is_unchanged(text: str) -> None:
    assert mask_text(text) == text


def test_argument_lists() -> None:
    args = ["--api-key", KEY, "--model", "x", f"--token={KEY}", "-v", "--password"]
    shown = ["--api-key", "••••23", "--model", "x", "--token=••••23", "-v", "--password"]
    assert mask_args(args) == shown


def test_mask_value_is_the_one_entry_point_for_data() -> None:
    route = {
        "api_key": KEY,
        "base_url": f"https://u:{KEY}@h/v1",
        "args": ["--api-key", KEY],
        "env": [{"name": "API_KEY", "value": KEY}, {"name": "HOME", "value": "/root"}],
        "extra": {"apiKey": 12345, "nested": {"password": ["a", "b"]}},
        "model": "x",
    }
    shown = mask_value(route)
    assert KEY not in repr(shown) and "12345" not in repr(shown)
    assert shown["model"] == "x" and shown["env"][1] == {"name": "HOME", "value": "/root"}
    assert shown["extra"]["nested"]["password"] == ["••••••", "••••••"]
    assert mask_value(KEY, "api_key") == "••••23"
    assert mask_value("${KEY}", "api_key") == "${KEY}"
    assert route["api_key"] == KEY  # not modified in place


UNPARSED = {
    "plain": f"model:\n  api_key: {KEY}\n  x: [\n",
    "folded block": f"model:\n  api_key: >-\n    {KEY}\n    {KEY}\n  default: x\n  x: [\n",
    "literal block": f"model:\n  api_key: |\n    {KEY}\n  default: x\n",
    "block in a list": f"routes:\n  - api_key: >\n      {KEY}\n    model: y\n",
    "explicit key": f"model:\n  ? api_key\n  : {KEY}\n  x: {{\n",
    "multi-line plain": f"model:\n  api_key: sk-live-abc\n    {KEY}\n  default: x\n",
    "multi-line quoted": f'model:\n  api_key: "sk-multi\n    line-{KEY}"\n  default: x\n',
    "anchor aliased by api_key": f"vault: &k {KEY}\nmodel:\n  api_key: *k\n  x: [\n",
    "anchor of a block": f"vault: &k >-\n  {KEY}\nmodel:\n  api_key: *k\n",
    "API_KEY": f"env:\n  API_KEY: {KEY}\n  x: [\n",
    "apiKey quoted": f'env:\n  "apiKey": "{KEY}"  # old\n  x: [\n',
    "token in base_url": f"model:\n  base_url: https://user:{KEY}@host/v1?token={KEY}\n  x: [\n",
    "flow mapping": f"x: {{api_key: '{KEY}', b: 1, token: {KEY}}}\ny: [\n",
    "comment": f"model:\n  # api_key: {KEY}\n  default: x\n  x: [\n",
    "args": f"args: [--api-key, {KEY}]\nargs2: ['--api-key={KEY}']\nx: [\n",
    "tab before the value": f"model:\n  api_key:\t{KEY}\n",
}


@pytest.mark.parametrize("text", UNPARSED.values(), ids=UNPARSED.keys())
def test_a_text_that_does_not_parse_is_masked(text: str) -> None:
    shown = mask_unparsed_text(text)
    assert SECRET_PART not in shown
    assert shown.count("\n") == text.count("\n")
    for before, after in zip(text.splitlines(), shown.splitlines(), strict=True):
        assert after == before or "sk-" in before  # only the secret's lines change


def test_what_an_unparsed_text_keeps() -> None:
    text = f"vault: &k {KEY}\nmodel:\n  api_key: *k  # from the vault\n  default: x\n"
    assert mask_unparsed_text(text) == (
        "vault: &k ••••23\nmodel:\n  api_key: *k  # from the vault\n  default: x\n"
    )
    quoted = f'  "api_key": "{KEY}"  # old\n  next: 1\r\n'
    assert mask_unparsed_text(quoted) == '  "api_key": "••••23"  # old\n  next: 1\r\n'
    block = f"model:\n  api_key: >-\n    {KEY}\n  default: x\n"
    assert mask_unparsed_text(block) == "model:\n  api_key: >-\n    ••••••\n  default: x\n"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_masking_an_unparsed_text_keeps_its_lines(text: str) -> None:
    shown = mask_unparsed_text(text)
    assert len(shown.splitlines()) == len(text.splitlines())


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=16, max_size=40))
def test_any_api_key_value_in_unparsed_text_is_hidden(secret: str) -> None:
    text = f"model:\n  api_key: {secret}\n  nope: [\n"
    shown = mask_unparsed_text(text)
    assert secret[:-2] not in shown
    assert re.search(r"api_key: ••••..\n", shown)
