"""Secrets fail closed in every environment: no defaults, no placeholders, no short ones,
and error messages that name the variable, never the value."""

from __future__ import annotations

import secrets

import pytest

from core.errors import ConfigurationError
from core.secret_rules import MIN_SECRET_CHARACTERS, secret_problem
from core.settings import SECRET_VARIABLES, Settings, get_settings

ENVIRONMENTS = ["development", "test", "production"]
NOT_SECRETS = [
    "",
    "   ",
    "development-only-secret",
    "changeme",
    "CHANGE-ME-CHANGE-ME-CHANGE-ME-CHANGE-ME",
    "${SHOPBOT_ACTION_TOKEN}",
    "a" * 64,
    "abababababababababababababababab",
    secrets.token_hex(8),  # 16 characters
    " " + secrets.token_hex(32),
]


@pytest.mark.parametrize("value", NOT_SECRETS)
def test_what_is_not_a_secret(value: str) -> None:
    assert secret_problem(value) is not None


def test_a_random_secret_is_one() -> None:
    assert secret_problem(secrets.token_hex(MIN_SECRET_CHARACTERS // 2)) is None
    assert secret_problem(secrets.token_urlsafe(32)) is None
    assert secret_problem(None) == "is not set"


@pytest.mark.parametrize("environment", ENVIRONMENTS)
@pytest.mark.parametrize("variable", list(SECRET_VARIABLES.values()))
@pytest.mark.parametrize("value", NOT_SECRETS)
def test_settings_refuse_a_secret_that_is_set_but_not_real(
    environment: str, variable: str, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOPBOT_ENVIRONMENT", environment)
    monkeypatch.setenv(variable, value)
    get_settings.cache_clear()
    with pytest.raises(ConfigurationError) as refused:
        get_settings()
    get_settings.cache_clear()
    message = str(refused.value)
    assert variable in message
    assert "\n" not in message
    if value.strip():
        assert value.strip() not in message


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_an_unset_secret_has_no_default_and_is_required_where_used(
    environment: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in SECRET_VARIABLES.values():
        monkeypatch.delenv(variable, raising=False)
    settings = Settings(environment=environment)
    for name, variable in SECRET_VARIABLES.items():
        assert getattr(settings, name) is None
        with pytest.raises(ConfigurationError, match=variable):
            settings.require_secret(name)


def test_a_real_secret_is_given_back_and_never_shown(real_secrets: dict[str, str]) -> None:
    settings = Settings()
    for name, variable in SECRET_VARIABLES.items():
        assert settings.require_secret(name) == real_secrets[variable]
        assert real_secrets[variable] not in repr(settings)
        assert real_secrets[variable] not in str(settings)
