"""The credentials template: a channel is on when its variables are set, off when none is,
and a half-configured channel is an error; shared secrets are needed by every channel that
is on; the REST channel is on only in development and test unless switched on; the
shipped template's defaults are the settings' defaults."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from core.errors import ConfigurationError
from core.settings import PROJECT_ROOT, Settings
from shopbot.channels import render_credentials, write_credentials

TEMPLATE = """
rest:
telegram_like:
  token: ${TOKEN}
  secret: ${SECRET}
  api_url: ${API_URL:-https://api.example.org}
"""


def test_a_channel_with_its_variables_set_is_rendered_with_their_values() -> None:
    rendered, states = render_credentials(TEMPLATE, {"TOKEN": "t0k", "SECRET": "s3c"})
    assert rendered == {
        "rest": None,
        "telegram_like": {"token": "t0k", "secret": "s3c", "api_url": "https://api.example.org"},
    }
    assert [(s.name, s.enabled) for s in states] == [("rest", True), ("telegram_like", True)]


def test_unset_means_off_and_defaults_do_not_switch_a_channel_on() -> None:
    rendered, states = render_credentials(TEMPLATE, {"API_URL": "http://127.0.0.1:9"})
    assert rendered == {"rest": None}
    assert states[1].missing == ("TOKEN", "SECRET")


def test_empty_values_count_as_unset() -> None:
    rendered, _states = render_credentials(TEMPLATE, {"TOKEN": "", "SECRET": ""})
    assert "telegram_like" not in rendered


def test_a_half_configured_channel_is_refused_with_the_missing_name() -> None:
    with pytest.raises(ConfigurationError, match="telegram_like is half configured: set SECRET"):
        render_credentials(TEMPLATE, {"TOKEN": "t0k"})


@pytest.mark.parametrize("template", ["[1, 2", "- a list"])
def test_a_broken_template_is_a_configuration_error(template: str) -> None:
    with pytest.raises(ConfigurationError):
        render_credentials(template, {})


SECRETS = {
    "SHOPBOT_RASA_TOKEN": "rasa-token-0123456789abcdefghijklmn",
    "SHOPBOT_CLIENT_KEY_SECRET": "client-key-0123456789abcdefghijklmn",
}
CHANNELS = {
    "bot.channels.rest.ShopRestInput",
    "bot.channels.socketio.ShopSocketIOInput",
    "bot.channels.telegram.TelegramInput",
    "bot.channels.slack.SlackInput",
    "bot.channels.twilio.TwilioInput",
    "bot.channels.messenger.MessengerInput",
}


def test_the_shipped_template_with_only_the_secrets_set_is_rest_only(tmp_path: Path) -> None:
    output = tmp_path / "credentials.yml"
    states = write_credentials(PROJECT_ROOT / "credentials.yml", output, environ=SECRETS)
    assert yaml.safe_load(output.read_text()) == {
        "bot.channels.rest.ShopRestInput": {
            "token": SECRETS["SHOPBOT_RASA_TOKEN"],
            "trusted_proxies": "",
            "client_key_secret": SECRETS["SHOPBOT_CLIENT_KEY_SECRET"],
            "rate_per_conversation": "20",
            "rate_per_client": "60",
            "max_request_bytes": "131072",
        }
    }
    assert output.stat().st_mode & 0o777 == 0o600
    assert {state.name for state in states} == CHANNELS  # the x- anchor is no channel
    off = {state.name for state in states if not state.enabled}
    assert off == CHANNELS - {"bot.channels.rest.ShopRestInput"}


def test_the_shipped_template_needs_the_secrets_of_the_channels_that_are_on() -> None:
    template = (PROJECT_ROOT / "credentials.yml").read_text()
    with pytest.raises(ConfigurationError, match="SHOPBOT_CLIENT_KEY_SECRET, SHOPBOT_RASA_TOKEN"):
        render_credentials(template, {})


@pytest.mark.parametrize(
    ("environ", "rest_on"),
    [
        ({}, True),
        ({"SHOPBOT_ENVIRONMENT": "test"}, True),
        ({"SHOPBOT_ENVIRONMENT": "production"}, False),
        ({"SHOPBOT_ENVIRONMENT": "production", "SHOPBOT_REST_CHANNEL": "on"}, True),
        ({"SHOPBOT_ENVIRONMENT": "development", "SHOPBOT_REST_CHANNEL": "off"}, False),
    ],
)
def test_the_rest_channel_is_off_outside_development_unless_switched_on(
    environ: dict[str, str], rest_on: bool
) -> None:
    template = (PROJECT_ROOT / "credentials.yml").read_text()
    rendered, states = render_credentials(template, {**SECRETS, **environ})
    assert ("bot.channels.rest.ShopRestInput" in rendered) is rest_on
    [rest] = [state for state in states if state.name == "bot.channels.rest.ShopRestInput"]
    assert rest.enabled is rest_on and rest.switched_off is not rest_on


def test_in_production_nothing_is_on_by_default_and_no_secret_is_asked_for() -> None:
    template = (PROJECT_ROOT / "credentials.yml").read_text()
    rendered, _ = render_credentials(template, {"SHOPBOT_ENVIRONMENT": "production"})
    assert rendered == {}


def test_every_channel_on_gets_the_shared_secret_and_limits() -> None:
    template = (PROJECT_ROOT / "credentials.yml").read_text()
    environ = {
        **SECRETS,
        "SHOPBOT_TRUSTED_PROXIES": "10.0.0.0/8",
        "SHOPBOT_CHANNEL_RATE_PER_CLIENT": "300",
        "SHOPBOT_WIDGET_ORIGINS": "https://shop.example.com",
        "SHOPBOT_WIDGET_SESSION_SECRET": "widget-0123456789abcdef",
        "SHOPBOT_TELEGRAM_TOKEN": "1:t",
        "SHOPBOT_TELEGRAM_BOT_NAME": "b",
        "SHOPBOT_TELEGRAM_WEBHOOK_SECRET": "s",
        "SHOPBOT_SLACK_BOT_TOKEN": "xoxb",
        "SHOPBOT_SLACK_SIGNING_SECRET": "s",
        "SHOPBOT_TWILIO_ACCOUNT_SID": "AC",
        "SHOPBOT_TWILIO_AUTH_TOKEN": "t",
        "SHOPBOT_TWILIO_NUMBER": "+15550000000",
        "SHOPBOT_TWILIO_WEBHOOK_URL": "https://bot.example.com/webhooks/twilio/webhook",
        "SHOPBOT_MESSENGER_PAGE_TOKEN": "p",
        "SHOPBOT_MESSENGER_APP_SECRET": "a",
        "SHOPBOT_MESSENGER_VERIFY_TOKEN": "v",
    }
    rendered, _ = render_credentials(template, environ)
    assert set(rendered) == CHANNELS
    for name, section in rendered.items():
        assert section["client_key_secret"] == SECRETS["SHOPBOT_CLIENT_KEY_SECRET"], name
        assert section["rate_per_client"] == "300", name
    assert rendered["bot.channels.socketio.ShopSocketIOInput"]["trusted_proxies"] == "10.0.0.0/8"
    assert rendered["bot.channels.socketio.ShopSocketIOInput"]["session_ttl_minutes"] == "1440"
    # A platform switched on without the shared secret is an error, not a silent default.
    without = {key: value for key, value in environ.items() if key != "SHOPBOT_CLIENT_KEY_SECRET"}
    with pytest.raises(ConfigurationError, match="needs SHOPBOT_CLIENT_KEY_SECRET"):
        render_credentials(template, without)


def test_needed_variables_do_not_switch_a_channel_on() -> None:
    template = """
telegram_like:
  token: ${TOKEN}
  shared: ${SHARED:?}
"""
    rendered, states = render_credentials(template, {"SHARED": "x"})
    assert rendered == {} and states[0].missing == ("TOKEN",)
    with pytest.raises(ConfigurationError, match="needs SHARED"):
        render_credentials(template, {"TOKEN": "t"})


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_a_switch_must_be_on_off_or_auto(value: str) -> None:
    with pytest.raises(ConfigurationError, match="on, off or auto"):
        render_credentials("rest:\n  enabled: ${SWITCH}\n", {"SWITCH": value})


def test_the_templates_defaults_are_the_settings_defaults() -> None:
    """The Rasa side reads these from the credentials file: the template's defaults must
    say what core/settings.py documents."""
    template = (PROJECT_ROOT / "credentials.yml").read_text()
    defaults = dict(re.findall(r"\$\{SHOPBOT_([A-Z_]+):-([^}]*)\}", template))
    fields = Settings.model_fields
    for variable in (
        "CHANNEL_RATE_PER_CONVERSATION",
        "CHANNEL_RATE_PER_CLIENT",
        "CHANNEL_MAX_REQUEST_BYTES",
        "WIDGET_SESSION_TTL_MINUTES",
        "TRUSTED_PROXIES",
        "REST_CHANNEL",
    ):
        assert str(fields[variable.lower()].default) == defaults[variable], variable
