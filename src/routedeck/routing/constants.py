"""Known values from SPEC §2, used for editing help and diagnostics (never for routing itself)."""

GATEWAY_PLATFORMS: tuple[str, ...] = (
    "telegram",
    "discord",
    "whatsapp",
    "whatsapp_cloud",
    "slack",
    "signal",
    "mattermost",
    "matrix",
    "homeassistant",
    "email",
    "sms",
    "dingtalk",
    "api_server",
    "webhook",
    "msgraph_webhook",
    "feishu",
    "wecom",
    "wecom_callback",
    "weixin",
    "bluebubbles",
    "qqbot",
    "yuanbao",
    "relay",
    "hub",
)
# Adapters that plugins add; SPEC names these, so they are not typos.
PLUGIN_PLATFORMS: tuple[str, ...] = ("irc", "line", "teams")
KNOWN_PLATFORMS: tuple[str, ...] = (*GATEWAY_PLATFORMS, *PLUGIN_PLATFORMS, "cli", "cron")

SOURCE_KINDS: tuple[str, ...] = ("owner", "hub_peer", "stranger", "cron")

# The keys callers put in a routing context (SPEC §2 table).
CONTEXT_KEYS: tuple[str, ...] = ("platform", "source_kind", "user_id")

KNOWN_PROVIDERS: tuple[str, ...] = (
    "auto",
    "openrouter",
    "nous",
    "nous-api",
    "anthropic",
    "openai-codex",
    "copilot",
    "gemini",
    "zai",
    "kimi-coding",
    "minimax",
    "minimax-cn",
    "huggingface",
    "nvidia",
    "xiaomi",
    "arcee",
    "ollama-cloud",
    "deepinfra",
    "kilocode",
    "ai-gateway",
    "azure-foundry",
    "lmstudio",
    "custom",
)
# `custom:<name>` names an entry of the top-level `providers:` section.
CUSTOM_PROVIDER_PREFIX = "custom:"

API_MODES: tuple[str, ...] = (
    "chat_completions",
    "codex_responses",
    "anthropic_messages",
    "bedrock_converse",
    "codex_app_server",
)

# The runtime-bundle fields a route sets (SPEC §2 rule 5), in the order the runtime applies them.
RUNTIME_FIELDS: tuple[str, ...] = ("api_key", "base_url", "provider", "api_mode", "command", "args")
ROUTE_KEYS: tuple[str, ...] = ("match", "name", "model", *RUNTIME_FIELDS)
# Keys that belong in the model block and that people copy into routes; the router ignores them.
IGNORED_ROUTE_KEYS: tuple[str, ...] = (
    "default",
    "context_length",
    "max_tokens",
    "max_output_tokens",
    "ollama_num_ctx",
    "streaming",
    "auth_mode",
    "entra",
    "temperature",
)

# The contexts callers build (SPEC §2 table), for the simulator. Copy before editing one.
PRESETS: dict[str, dict[str, str]] = {
    "CLI": {"platform": "cli", "source_kind": "owner"},
    "cron job": {"platform": "cron", "source_kind": "cron"},
    "gateway owner (discord)": {
        "platform": "discord",
        "source_kind": "owner",
        "user_id": "123456789",
    },
    "gateway stranger (discord)": {
        "platform": "discord",
        "source_kind": "stranger",
        "user_id": "987654321",
    },
    "hub peer": {"platform": "hub", "source_kind": "hub_peer", "user_id": "peer-agent-1"},
    "webhook (no user_id)": {"platform": "webhook", "source_kind": "stranger"},
}
