"""The profile's description: settings from the environment, the processes, their
environment, and the secrets file."""

from __future__ import annotations

import stat
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from core.errors import ConfigurationError
from shopbot.production.launcher import load_profile, profile_environment
from shopbot.production.profile import (
    APP_SECRETS,
    SERVICE_PASSWORDS,
    ProductionSettings,
    Role,
    build_profile,
)
from shopbot.production.secret_file import read_secret_file, resolve_secrets


def _settings(tmp_path: Path, **overrides: object) -> ProductionSettings:
    return ProductionSettings(state_dir=tmp_path / "state", log_dir=tmp_path / "log", **overrides)


def test_defaults_are_the_documented_ports_and_names(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    profile = build_profile(settings)
    ports = {service.name: service.port for service in profile.services}
    assert ports == {
        "nginx": 8080,
        "rasa-1": 5105,
        "rasa-2": 5106,
        "actions-1": 5155,
        "actions-2": 5156,
        "web": 8100,
        "summaries": None,
    }
    assert settings.action_proxy_port == 8081
    assert (settings.pg_user, settings.orders_db, settings.tracker_db) == (
        "shopbot",
        "shopbot_orders",
        "shopbot_tracker",
    )
    assert (settings.rabbitmq_vhost, settings.rabbitmq_queue) == ("shopbot", "shopbot_events")
    assert settings.redis_key_prefix == "shopbot"


def test_ports_and_names_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOPBOT_PROD_RASA_PORTS", "6105, 6106 6107")
    monkeypatch.setenv("SHOPBOT_PROD_ACTION_PORTS", "6155")
    monkeypatch.setenv("SHOPBOT_PROD_FRONT_PORT", "9080")
    monkeypatch.setenv("SHOPBOT_PROD_NAME", "shop_two")
    monkeypatch.setenv("SHOPBOT_PROD_DIR", str(tmp_path / "elsewhere"))
    profile = build_profile(ProductionSettings())
    assert [s.port for s in profile.by_role(Role.RASA)] == [6105, 6106, 6107]
    assert [s.port for s in profile.by_role(Role.ACTIONS)] == [6155]
    assert profile.state_dir == (tmp_path / "elsewhere").resolve()
    assert profile.settings.redis_key_prefix == "shoptwo"  # Rasa takes letters and digits
    assert profile.settings.browser_url == "http://localhost:9080"


def test_bad_settings_are_refused_with_the_variable_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOPBOT_PROD_RASA_PORTS", "5105,8080")  # 8080 is the front's
    with pytest.raises(ConfigurationError, match="ports must all differ"):
        load_profile()
    monkeypatch.delenv("SHOPBOT_PROD_RASA_PORTS")
    monkeypatch.setenv("SHOPBOT_PROD_NAME", "Bad Name;")
    with pytest.raises(ConfigurationError, match="SHOPBOT_PROD_NAME"):
        load_profile()


def test_processes_get_the_profile_environment_with_passwords_quoted(tmp_path: Path) -> None:
    profile = build_profile(_settings(tmp_path, pg_user="shop@user"))
    secrets = {name: f"{name.lower()}-0123456789abcdef0123456789abcdef" for name in APP_SECRETS}
    secrets.update({name: "p@ss/w:rd%" + "0123456789abcdef" * 2 for name in SERVICE_PASSWORDS})
    env = profile.environment(secrets)
    orders = urlsplit(env["DATABASE_URL"])
    assert (orders.scheme, orders.hostname, orders.port) == (
        "postgresql+psycopg",
        "127.0.0.1",
        5432,
    )
    assert unquote(orders.username or "") == "shop@user"
    assert unquote(orders.password or "") == secrets["SHOPBOT_PROD_PG_PASSWORD"]
    assert orders.path == "/shopbot_orders"
    assert urlsplit(env["SHOPBOT_TRACKER_STORE_URL"]).path == "/shopbot_tracker"
    amqp = urlsplit(env["SHOPBOT_AMQP_URL"])
    assert unquote(amqp.password or "") == secrets["SHOPBOT_PROD_RABBITMQ_PASSWORD"]
    assert amqp.path == "/shopbot"
    assert env["SHOPBOT_AMQP_QUEUE"] == env["SHOPBOT_RABBITMQ_QUEUE"] == "shopbot_events"
    assert env["SHOPBOT_ACTION_URL"] == "http://127.0.0.1:8081/webhook"  # nginx, not one server
    assert env["SHOPBOT_RASA_URL"] == "http://127.0.0.1:8080"  # routed by conversation
    assert env["SHOPBOT_WIDGET_ORIGINS"] == "http://localhost:8080 http://127.0.0.1:8080"
    assert env["SHOPBOT_FOLLOW_EVENTS"] == "false"
    env = profile_environment(profile, {"SHOPBOT_TRUSTED_PROXIES": "10.0.0.0/8"})
    assert env["SHOPBOT_TRUSTED_PROXIES"] == "10.0.0.0/8 127.0.0.1/32"  # the shop's, and nginx
    assert env["SHOPBOT_REST_CHANNEL"] == "on"
    assert (
        profile_environment(profile, {"SHOPBOT_REST_CHANNEL": "off"})["SHOPBOT_REST_CHANNEL"]
        == "off"
    )
    for service in profile.services:
        missing = [
            name for name in service.reads if name not in env and name not in service.environment
        ]
        assert not missing, (service.name, missing)


def test_each_action_server_listens_on_its_own_port(tmp_path: Path) -> None:
    profile = build_profile(_settings(tmp_path))
    assert [s.environment["SHOPBOT_ACTION_PORT"] for s in profile.by_role(Role.ACTIONS)] == [
        "5155",
        "5156",
    ]
    rasa = profile.service("rasa-2").command
    assert rasa[rasa.index("--port") + 1] == "5106"
    assert rasa[rasa.index("--endpoints") + 1].endswith("endpoints.production.yml")


def test_secrets_are_generated_once_with_mode_600_and_the_environment_wins(
    tmp_path: Path,
) -> None:
    path = tmp_path / "prod" / "secrets.env"
    first = resolve_secrets(path, ["SHOPBOT_A_SECRET", "SHOPBOT_B_SECRET"], {})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert all(len(value) == 64 for value in first.values())
    assert first["SHOPBOT_A_SECRET"] != first["SHOPBOT_B_SECRET"]
    again = resolve_secrets(path, ["SHOPBOT_A_SECRET", "SHOPBOT_B_SECRET", "SHOPBOT_C_SECRET"], {})
    assert {k: again[k] for k in first} == first
    own = "f3a9c1d27be84e06a5b9d0c4e7f21836"
    given = resolve_secrets(path, ["SHOPBOT_A_SECRET"], {"SHOPBOT_A_SECRET": own})
    assert given["SHOPBOT_A_SECRET"] == own
    assert read_secret_file(path)["SHOPBOT_A_SECRET"] == first["SHOPBOT_A_SECRET"]
    with pytest.raises(ConfigurationError, match="SHOPBOT_A_SECRET") as refused:
        resolve_secrets(path, ["SHOPBOT_A_SECRET"], {"SHOPBOT_A_SECRET": "changeme"})
    assert "changeme" not in str(refused.value)


def test_profile_environment_keeps_the_services_passwords_stable(tmp_path: Path) -> None:
    profile = build_profile(_settings(tmp_path))
    first = profile_environment(profile, {})
    second = profile_environment(profile, {})
    for name in ("SHOPBOT_TRACKER_DB_PASSWORD", "SHOPBOT_REDIS_PASSWORD", "SHOPBOT_RASA_TOKEN"):
        assert first[name] == second[name]
    stored = read_secret_file(profile.secrets_file)
    assert set(stored) == set(APP_SECRETS) | set(SERVICE_PASSWORDS)
