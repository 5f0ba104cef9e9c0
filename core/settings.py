"""All settings in one typed object, read from the environment (prefix ``SHOPBOT_``).

Outside development, secrets must be set: :func:`get_settings` refuses to start with a
missing or default secret rather than run open.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.errors import ConfigurationError
from core.languages import REPLY_LANGUAGES

__all__ = ["PROJECT_ROOT", "Environment", "Settings", "get_settings"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEVELOPMENT_SECRET = "development-only-secret"  # noqa: S105 - refused outside development


class Environment(StrEnum):
    """Where shopbot runs; production refuses development defaults."""

    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class Settings(BaseSettings):
    """Shopbot's settings. Every field can be set as ``SHOPBOT_<FIELD>``."""

    model_config = SettingsConfigDict(env_prefix="SHOPBOT_", extra="ignore", frozen=True)

    environment: Environment = Environment.DEVELOPMENT
    database_url: str = Field(
        default=f"sqlite:///{PROJECT_ROOT / 'var' / 'shop.db'}",
        validation_alias=AliasChoices("DATABASE_URL", "SHOPBOT_DATABASE_URL"),
        description="SQLAlchemy URL of the order database (DATABASE_URL).",
    )
    action_token: str = Field(
        default=DEVELOPMENT_SECRET,
        description="Shared secret the Rasa server sends to the action server.",
    )
    action_host: str = "127.0.0.1"
    action_port: int = 5055
    rasa_url: str = "http://127.0.0.1:5005"
    public_rasa_url: str | None = Field(
        default=None,
        description="The Rasa server's URL as browsers reach it (the widget's server URL); "
        "rasa_url when unset.",
    )
    rasa_token: str = Field(
        default=DEVELOPMENT_SECRET, description="Token of the Rasa HTTP API (--auth-token)."
    )

    # Verification limits (docs/requirements.md, requirement 4).
    max_verification_failures: int = Field(default=5, ge=1)
    client_failure_limit: int = Field(default=20, ge=1)
    client_failure_window_minutes: int = Field(default=60, ge=1)
    order_failure_limit: int = Field(default=10, ge=1)
    order_failure_window_minutes: int = Field(default=24 * 60, ge=1)

    # Fallback: misses in a row before the menu, and before a human.
    fallback_menu_after: int = Field(default=2, ge=1)
    fallback_handover_after: int = Field(default=3, ge=2)

    support_email: str = "support@example.com"

    # Hand-over (docs/handover.md): topics a person must handle. A message whose intent is
    # listed, or that contains one of the keywords (whole words, any case), goes straight
    # to a human. JSON lists in the environment, e.g. SHOPBOT_HUMAN_ONLY_KEYWORDS='["lawyer"]'.
    human_only_intents: tuple[str, ...] = ()
    human_only_keywords: tuple[str, ...] = (
        "chargeback",
        "lawyer",
        "legal action",
        "data protection",
        "gdpr",
        "injured",
        "injury",
    )

    # Sentiment and feedback (docs/sentiment.md). A message is strongly negative at or below
    # frustration_score (score = P(positive) - P(negative), in [-1, 1]); frustration_streak
    # negative messages in a row count as sustained frustration. Either gets one apology
    # and one offer of a human per conversation.
    frustration_score: float = Field(default=-0.7, ge=-1.0, le=0.0)
    frustration_streak: int = Field(default=2, ge=1)
    ask_satisfaction: bool = Field(
        default=True, description="Ask for a 1-5 rating once, when a flow ends."
    )
    satisfaction_comment_characters: int = Field(default=1000, ge=1)
    tracker_db: Path = Field(
        default=PROJECT_ROOT / "var" / "tracker.db",
        description="SQLite file of Rasa's tracker store (the default set-up).",
    )
    tracker_store_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the tracker store when it is not the SQLite file "
        "(PostgreSQL in production).",
    )

    # Product search (docs/search.md).
    search_encoder: str = Field(
        default="e5",
        description="Encoder spec of the product index: e5 (multilingual), minilm, st:NAME.",
    )
    index_dir: Path = Field(
        default=PROJECT_ROOT / "var" / "index",
        description="Folder of the product indexes (one sub-folder per encoder).",
    )
    embedding_cache_dir: Path = PROJECT_ROOT / "var" / "cache" / "embeddings"
    search_mode: str = Field(
        default="combined", description="combined (semantic + lexical), semantic or lexical."
    )
    shop_product_url: str = Field(
        default="https://shop.example.com/products/{id}",
        description="Link to a product page; {id} is replaced by the product id.",
    )
    policy_dir: Path = PROJECT_ROOT / "knowledge" / "policies"

    # Languages (docs/language.md): replies in these; English for any other language.
    reply_languages: tuple[str, ...] = REPLY_LANGUAGES
    responses_dir: Path = Field(
        default=PROJECT_ROOT / "responses",
        description="Translations of domain.yml's responses, one <language>.yml per language.",
    )
    domain_file: Path = PROJECT_ROOT / "domain.yml"

    def tracker_store_address(self) -> str:
        """SQLAlchemy URL of Rasa's SQL tracker store."""
        return self.tracker_store_url or f"sqlite:///{self.tracker_db}"

    @model_validator(mode="after")
    def _refuse_default_secrets(self) -> Settings:
        if self.environment is Environment.PRODUCTION:
            for name in ("action_token", "rasa_token"):
                value = getattr(self, name)
                if not value or value == DEVELOPMENT_SECRET:
                    raise ValueError(f"SHOPBOT_{name.upper()} must be set in production")
        return self


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    try:
        return Settings()
    except ValueError as error:  # pydantic's ValidationError is a ValueError
        raise ConfigurationError(str(error)) from error
