"""The credentials template: a channel is on when its variables are set, off when none is,
and a half-configured channel is an error; the shipped template renders with nothing set."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from core.errors import ConfigurationError
from core.settings import PROJECT_ROOT
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


def test_the_shipped_template_with_nothing_set_is_rest_only(tmp_path: Path) -> None:
    output = tmp_path / "credentials.yml"
    states = write_credentials(PROJECT_ROOT / "credentials.yml", output, environ={})
    assert yaml.safe_load(output.read_text()) == {"bot.channels.rest.ShopRestInput": None}
    assert output.stat().st_mode & 0o777 == 0o600
    off = {state.name for state in states if not state.enabled}
    assert off == {
        "bot.channels.socketio.ShopSocketIOInput",
        "bot.channels.telegram.TelegramInput",
        "bot.channels.slack.SlackInput",
        "bot.channels.twilio.TwilioInput",
        "bot.channels.messenger.MessengerInput",
    }
