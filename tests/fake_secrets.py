"""Real-length secrets for the tests, random per test session.

Settings refuse placeholders and short secrets in every environment (core.secret_rules),
and the servers refuse to start without them, so the tests get real ones: the autouse
fixture of ``tests/conftest.py`` puts :data:`TEST_SECRETS` in the environment of every
test (and of the servers they start); a test of a refusal removes or spoils one.
"""

from __future__ import annotations

import secrets

from core.settings import SECRET_VARIABLES

__all__ = ["TEST_SECRETS"]

#: Environment variable -> a fresh 64-hex-character secret, one per secret setting.
TEST_SECRETS: dict[str, str] = {
    variable: secrets.token_hex(32) for variable in SECRET_VARIABLES.values()
}
