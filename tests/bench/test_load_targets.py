"""Where `shopbot bench load` goes: the settings' servers, or the production profile's."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from core.errors import ConfigurationError
from core.settings import Settings
from shopbot.benchmarks.load.targets import embedded_target, production_target
from shopbot.production.profile import APP_SECRETS, SERVICE_PASSWORDS


def test_the_embedded_default_is_the_settings(tmp_path: Path) -> None:
    settings = Settings(
        rasa_url="http://127.0.0.1:5999",
        database_url=f"sqlite:///{tmp_path / 'shop.db'}",
        tracker_db=tmp_path / "tracker.db",
    )
    target = embedded_target(settings, "t" * 64)
    assert target.host == "http://127.0.0.1:5999" and target.token == "t" * 64
    assert target.database_url == f"sqlite:///{tmp_path / 'shop.db'}"
    assert target.tracker_store_url == f"sqlite:///{tmp_path / 'tracker.db'}"


def test_the_production_profile_gives_its_front_and_postgresql_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOPBOT_PROD_DIR", str(tmp_path))
    monkeypatch.setenv("SHOPBOT_PROD_FRONT_PORT", "18080")
    monkeypatch.setenv("SHOPBOT_PROD_NAME", "loadtest")
    for name in (*APP_SECRETS, *SERVICE_PASSWORDS):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigurationError, match="start it first"):
        production_target()
    values = {name: secrets.token_hex(32) for name in (*APP_SECRETS, *SERVICE_PASSWORDS)}
    (tmp_path / "secrets.env").write_text("".join(f"{k}={v}\n" for k, v in values.items()))
    target = production_target()
    assert target.host == "http://127.0.0.1:18080"
    assert target.token == values["SHOPBOT_RASA_TOKEN"]
    assert target.database_url.startswith("postgresql+psycopg://")
    assert target.database_url.endswith("/loadtest_orders")
    assert target.tracker_store_url.endswith("/loadtest_tracker")
    # The environment's secrets come first, as for the profile's processes.
    token = secrets.token_hex(32)
    assert production_target({**values, "SHOPBOT_RASA_TOKEN": token}).token == token
