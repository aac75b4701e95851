"""Masking of api_key values wherever routedeck shows them."""

import pytest

from routedeck.routing.secrets import is_env_reference, mask_secret, mask_secrets_in_line


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("${OPENROUTER_API_KEY}", "${OPENROUTER_API_KEY}"),
        ("${env:KEY}", "${env:KEY}"),
        ("sk-abcdef1234567890", "sk-…90"),
        ("unused", "••••••••"),
        (12345678901234567, "123…67"),
        ("mediumsecret1", "me…"),
        (None, ""),
    ],
)
def test_mask_secret(value: object, shown: str) -> None:
    assert mask_secret(value) == shown


def test_a_reference_is_not_a_secret_but_a_value_around_one_is() -> None:
    assert is_env_reference(" ${KEY} ")
    assert not is_env_reference("sk-${KEY}")
    assert not is_env_reference("$KEY")


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("  api_key: sk-live-abcdefghijklmnop: oops", "  api_key: sk-…ps"),
        ('  "api_key": "sk-1234567890abcdefgh"  # old', '  "api_key": "sk…ld'),
        ("  api_key: ${KEY}", "  api_key: ${KEY}"),
        ("  model: sk-not-a-key-1234567890", "  model: sk-not-a-key-1234567890"),
        ("  api_key:", "  api_key:"),
    ],
)
def test_secrets_in_a_line_that_cannot_be_parsed(line: str, shown: str) -> None:
    assert mask_secrets_in_line(line) == shown
