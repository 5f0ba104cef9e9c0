"""All settings in one typed object, read from the environment (prefix ``SHOPBOT_``).

Secrets fail closed, in every environment: they have no default, a secret that is set must
be real (:func:`core.secret_rules.secret_problem`: 32+ characters, not a placeholder) or the
settings refuse to load, and a server that needs one asks :meth:`Settings.require_secret`,
which refuses to go on while it is unset. Validation errors never quote the values given.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from core.currencies import parse_currency, parse_exchange_rates
from core.errors import ConfigurationError
from core.languages import REPLY_LANGUAGES, parse_response_registers
from core.secret_rules import secret_problem

__all__ = [
    "PROJECT_ROOT",
    "SECRET_VARIABLES",
    "Environment",
    "SecretName",
    "Settings",
    "describe_errors",
    "get_settings",
]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SecretName = Literal["action_token", "rasa_token", "client_key_secret", "customer_token_secret"]
#: Each secret setting and the environment variable it is read from.
SECRET_VARIABLES: dict[SecretName, str] = {
    "action_token": "SHOPBOT_ACTION_TOKEN",
    "rasa_token": "SHOPBOT_RASA_TOKEN",
    "client_key_secret": "SHOPBOT_CLIENT_KEY_SECRET",
    "customer_token_secret": "SHOPBOT_CUSTOMER_TOKEN_SECRET",
}


class Environment(StrEnum):
    """Where shopbot runs (secrets are required in every one of them)."""

    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class Settings(BaseSettings):
    """Shopbot's settings. Every field can be set as ``SHOPBOT_<FIELD>``."""

    model_config = SettingsConfigDict(
        env_prefix="SHOPBOT_", extra="ignore", frozen=True, hide_input_in_errors=True
    )

    environment: Environment = Environment.DEVELOPMENT
    database_url: str = Field(
        default=f"sqlite:///{PROJECT_ROOT / 'var' / 'shop.db'}",
        validation_alias=AliasChoices("DATABASE_URL", "SHOPBOT_DATABASE_URL"),
        description="SQLAlchemy URL of the order database (DATABASE_URL).",
    )
    # Secrets (core.secret_rules): no defaults; make run generates them (var/secrets.env).
    action_token: str | None = Field(
        default=None,
        repr=False,
        description="Shared secret the Rasa server sends to the action server.",
    )
    action_host: str = "127.0.0.1"
    action_port: int = 5055
    action_threads: int = Field(
        default=8,
        ge=1,
        le=64,
        description="Threads of the action server that run the actions off its event loop "
        "(actions/threads.py); the order database's connection pool grows to match.",
    )
    rasa_url: str = "http://127.0.0.1:5005"
    public_rasa_url: str | None = Field(
        default=None,
        description="The Rasa server's URL as browsers reach it (the widget's server URL); "
        "rasa_url when unset.",
    )
    rasa_token: str | None = Field(
        default=None, repr=False, description="Token of the Rasa HTTP API (--auth-token)."
    )
    client_key_secret: str | None = Field(
        default=None,
        repr=False,
        description="Key of the pseudonymous ids (HMAC-SHA256): network clients, and the "
        "conversations orders' audit columns refer to.",
    )

    # Verification limits (docs/requirements.md, requirement 4; shop/verification.py): failed
    # checks per conversation (then a human), per network client, per email and per order
    # number, each in its own window; the email and order locks hold only for the clients
    # that failed on them. The global ceiling refuses every check while it holds.
    max_verification_failures: int = Field(
        default=5, ge=1, description="Failed checks in one conversation before a human."
    )
    conversation_failure_window_minutes: int = Field(default=24 * 60, ge=1)
    client_failure_limit: int = Field(
        default=20, ge=1, description="Failed checks per network client in the window."
    )
    client_failure_window_minutes: int = Field(default=60, ge=1)
    email_failure_limit: int = Field(
        default=10, ge=1, description="Failed checks naming one email, from everyone."
    )
    email_failure_window_minutes: int = Field(default=24 * 60, ge=1)
    order_failure_limit: int = Field(
        default=10, ge=1, description="Failed checks of one order number, from everyone."
    )
    order_failure_window_minutes: int = Field(default=24 * 60, ge=1)
    global_failure_limit: int = Field(
        default=300, ge=1, description="Failed checks from everyone before all are refused."
    )
    global_failure_window_minutes: int = Field(default=60, ge=1)
    verification_idle_minutes: int = Field(
        default=30, ge=1, description="A verified order is proved again after this long idle."
    )

    # Fallback: misses in a row before the menu, and before a human.
    fallback_menu_after: int = Field(default=2, ge=1)
    fallback_handover_after: int = Field(default=3, ge=2)

    support_email: str = "support@example.com"

    # The channels (docs/channels.md): rendered into the Rasa server's credentials file by
    # `shopbot channels credentials` (the Rasa side reads them there, not from here).
    trusted_proxies: str = Field(
        default="",
        description="Proxies (CIDR, space-separated) whose X-Forwarded-For names the "
        "client of the website and REST channels; none: the peer address is the client.",
    )
    rest_channel: Literal["auto", "on", "off"] = Field(
        default="auto",
        description="The REST channel: auto is on in development and test, off elsewhere.",
    )
    channel_rate_per_conversation: int = Field(
        default=20, ge=1, description="Messages a minute one conversation may send."
    )
    channel_rate_per_client: int = Field(
        default=60, ge=1, description="Messages a minute one client may send (all channels)."
    )
    channel_max_request_bytes: int = Field(
        default=128 * 1024,
        ge=1024,
        description="Bytes of one request body or socket.io packet, checked before parsing.",
    )
    widget_session_ttl_minutes: int = Field(
        default=24 * 60,
        ge=1,
        description="A widget's session token expires this long after its last use.",
    )

    # Hand-over desk against floods (docs/handover.md): new tickets per network client
    # (the shopbot_client key the channels set) within the window.
    handover_client_limit: int = Field(
        default=5, ge=1, description="New hand-over tickets one network client may open per window."
    )
    handover_client_window_minutes: int = Field(default=60, ge=1)

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

    # Customer value (docs/customer_value.md): `shopbot customers value` puts the customers
    # whose predicted 12-month value is in the top share in "top", the next in "high", the
    # rest in "standard"; "new" when their first order is more recent than customer_value_new_days.
    customer_value_top_share: float = Field(default=0.05, gt=0.0, lt=1.0)
    customer_value_high_share: float = Field(default=0.15, ge=0.0, lt=1.0)
    customer_value_new_days: int = Field(default=90, ge=0)
    #: UTC hour of the daily scoring that `shopbot schedule` runs (make run starts it).
    customer_value_hour: int = Field(default=3, ge=0, le=23)
    # The hand-over queue (docs/handover.md): a ticket waits as if it had been opened this
    # many minutes earlier for a top- or high-tier customer. Intents that send a verified
    # top-tier customer straight to a person (JSON list, e.g. '["request_return"]').
    handover_top_tier_head_start_minutes: int = Field(default=20, ge=0)
    handover_high_tier_head_start_minutes: int = Field(default=5, ge=0)
    top_tier_human_intents: tuple[str, ...] = ()

    # Sentiment and feedback (docs/sentiment.md). A message is strongly negative at or below
    # frustration_score (score = P(positive) - P(negative), in [-1, 1]); frustration_streak
    # negative messages in a row count as sustained frustration. Either gets one apology
    # and one offer of a human per conversation.
    frustration_score: float = Field(default=-0.7, ge=-1.0, le=0.0)
    frustration_streak: int = Field(default=2, ge=1)
    ask_satisfaction: bool = Field(
        default=True,
        description="Ask for a 1-5 rating once, when a served conversation winds down "
        "(thanks, goodbye, or a pause on a channel that can write first: the Rasa server's "
        "SHOPBOT_SATISFACTION_PAUSE_SECONDS, core.feedback_timing).",
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
    # The support console's conversation summaries (docs/console.md), folded from the events
    # Rasa's SQL event broker writes (endpoints.yml: event_broker).
    events_db: Path = Field(
        default=PROJECT_ROOT / "var" / "events.db",
        description="SQLite file of Rasa's SQL event broker (the default set-up).",
    )
    events_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the event broker's database when it is not the SQLite file.",
    )
    follow_events: bool = Field(
        default=True,
        description="The web server folds new events into the conversation summaries "
        "every few seconds (off: run `shopbot conversations follow` instead).",
    )
    # The production profile's event broker (endpoints.production.yml: Rasa's pika broker):
    # `shopbot conversations follow --broker amqp` folds that queue (shop.conversations.amqp).
    amqp_url: str | None = Field(
        default=None,
        repr=False,
        description="RabbitMQ URL of the consumer, amqp://user:password@host:5672/vhost "
        "(amqps:// with TLS); the password may be in it.",
    )
    amqp_queue: str = Field(
        default="shopbot_events",
        min_length=1,
        max_length=255,
        description="The queue Rasa's pika event broker publishes to (its `queues`).",
    )
    amqp_exchange: str = Field(
        default="rasa-exchange",
        min_length=1,
        max_length=255,
        description="The fanout exchange Rasa's pika broker declares (its `exchange_name`).",
    )
    amqp_batch_size: int = Field(
        default=500,
        ge=1,
        le=10_000,
        description="Messages folded per transaction, and the consumer's prefetch.",
    )
    amqp_reconcile_seconds: float = Field(
        default=60.0,
        ge=0,
        description="How often the RabbitMQ consumer checks the conversations touched "
        "lately against the tracker store and folds again those that lack events (0: only "
        "at start and after each reconnection).",
    )
    # Personal data's lifetime (shop.privacy): conversations older than this are removed by
    # `shopbot privacy retention` (make run runs it at start; cron in production).
    retention_days: int = Field(
        default=90, ge=1, description="Days a conversation is kept after its last activity."
    )
    # Proactive order notices (shop.proactive, docs/proactive.md).
    proactive_quiet_hours: str = Field(
        default="21:00-08:00",
        pattern=r"^(\s*|([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d)$",
        description="HH:MM-HH:MM in the shop's time zone when no notice is sent (empty: none).",
    )
    proactive_daily_limit: int = Field(
        default=2, ge=1, description="Notices a customer gets at most per day (shop's time)."
    )
    proactive_interval_minutes: int = Field(
        default=15,
        ge=1,
        description="Minutes between two order-notice scans of `shopbot schedule`.",
    )
    proactive_lookback_hours: int = Field(
        default=72, ge=1, description="Only events this recent are worth a notice."
    )

    # The opening offers (shop.opening, docs/opening.md): the shop page's signed customer
    # token (docs/widget.md); unset: the widget's tokens are ignored (messaging ids still work).
    customer_token_secret: str | None = Field(
        default=None,
        repr=False,
        description="Key of the customer tokens the shop page gives the widget "
        "(HMAC-SHA256 of customer id and expiry); unset, every token is ignored.",
    )
    customer_token_max_minutes: int = Field(
        default=24 * 60,
        ge=1,
        description="A customer token whose expiry lies further ahead than this is refused.",
    )
    opening_lookback_days: int = Field(
        default=60, ge=1, description="Orders placed this recently shape the opening offers."
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

    # Prices as shoppers see them (docs/catalog.md, "Prices in the storefront currency"): every
    # catalog price shown or filtered on is in the storefront currency, converted with the
    # shop's own rates, JSON units of each currency for ONE unit of the storefront currency,
    # e.g. SHOPBOT_EXCHANGE_RATES='{"EUR": 1.17, "USD": 1.26}' for a shop in GBP; a currency
    # not named there uses the reference rates (knowledge/catalog/currencies.py) rebased.
    storefront_currency: str = Field(
        default="EUR",
        description="ISO 4217 code of the currency shoppers see every catalog price in.",
    )
    exchange_rates: Annotated[dict[str, Decimal], NoDecode] = Field(
        default_factory=dict,
        description="The shop's own exchange rates: units of each currency for one unit of "
        "the storefront currency; default: the reference rates.",
    )

    # Languages (docs/language.md): replies in these; English for any other language.
    reply_languages: tuple[str, ...] = REPLY_LANGUAGES
    # Formal or informal address per language (docs/language.md, "Formal or informal"), a
    # JSON object, e.g. SHOPBOT_RESPONSE_REGISTERS='{"de": "formal"}'; a language not named
    # keeps its default file. The Rasa server reads the same variable (bot/nlg.py).
    response_registers: Annotated[dict[str, str], NoDecode] = Field(
        default_factory=dict,
        description="Register (formal or informal) per language; default: each language's "
        "responses/<language>.yml.",
    )
    responses_dir: Path = Field(
        default=PROJECT_ROOT / "responses",
        description="Translations of domain.yml's responses, one <language>.yml per language.",
    )
    domain_file: Path = PROJECT_ROOT / "domain.yml"

    # Support console (/console): sessions, sign-in throttling, passwords.
    console_session_hours: int = Field(
        default=12, ge=1, description="A console session ends this long after sign-in."
    )
    console_idle_minutes: int = Field(
        default=30, ge=1, description="A console session ends after this long without a request."
    )
    console_login_user_failures: int = Field(
        default=5, ge=1, description="Failed sign-ins per user name in the window before refusal."
    )
    console_login_client_failures: int = Field(
        default=20, ge=1, description="Failed sign-ins per client address in the window."
    )
    console_login_window_minutes: int = Field(
        default=15, ge=1, description="The window of the sign-in limits, and how long they hold."
    )
    console_password_min_length: int = Field(default=12, ge=8)
    console_secure_cookie: bool = Field(
        default=False,
        description="Mark the session cookie Secure even when a request arrives over http "
        "(it always is over https; set this behind a TLS proxy that is not trusted for headers).",
    )

    def tracker_store_address(self) -> str:
        """SQLAlchemy URL of Rasa's SQL tracker store."""
        return self.tracker_store_url or f"sqlite:///{self.tracker_db}"

    def events_address(self) -> str:
        """SQLAlchemy URL of the event broker's database (Rasa's SQL event broker)."""
        return self.events_url or f"sqlite:///{self.events_db}"

    def require_amqp_url(self) -> str:
        """The RabbitMQ URL; :class:`ConfigurationError` when ``SHOPBOT_AMQP_URL`` is unset."""
        if not self.amqp_url:
            raise ConfigurationError(
                "SHOPBOT_AMQP_URL is not set (amqp://user:password@host:5672/vhost)"
            )
        return self.amqp_url

    @field_validator("amqp_url")
    @classmethod
    def _amqp_url(cls, value: str | None) -> str | None:
        """An amqp:// or amqps:// URL (never quoted back: it may hold a password)."""
        if value is not None and not value.startswith(("amqp://", "amqps://")):
            raise ValueError("SHOPBOT_AMQP_URL must start with amqp:// or amqps://")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: str) -> str:
        """Every entry must be an address or a CIDR network."""
        for item in value.replace(",", " ").split():
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(
                    f"SHOPBOT_TRUSTED_PROXIES: {item!r} is not an address or network"
                ) from None
        return value

    @field_validator("response_registers", mode="before")
    @classmethod
    def _registers(cls, value: object) -> dict[str, str]:
        """A JSON object of languages and registers (core.languages), checked at start-up."""
        if value is not None and not isinstance(value, str | Mapping):
            raise ValueError("SHOPBOT_RESPONSE_REGISTERS must be a JSON object")
        try:
            return parse_response_registers(value)
        except ConfigurationError as error:
            raise ValueError(str(error)) from None

    @field_validator("storefront_currency", mode="before")
    @classmethod
    def _storefront_currency(cls, value: object) -> str:
        """An active ISO 4217 code, upper case (core.currencies)."""
        try:
            return parse_currency(value)
        except ConfigurationError as error:
            raise ValueError(str(error)) from None

    @field_validator("exchange_rates", mode="before")
    @classmethod
    def _exchange_rates(cls, value: object, info: ValidationInfo) -> dict[str, Decimal]:
        """A JSON object of ISO codes and positive rates per storefront unit (core.currencies)."""
        if value is not None and not isinstance(value, str | Mapping):
            raise ValueError("SHOPBOT_EXCHANGE_RATES must be a JSON object")
        storefront = str(info.data.get("storefront_currency") or "EUR")
        try:
            return parse_exchange_rates(value, storefront)
        except ConfigurationError as error:
            raise ValueError(str(error)) from None

    @field_validator("action_token", "rasa_token", "client_key_secret", "customer_token_secret")
    @classmethod
    def _real_secret(cls, value: str | None, info: ValidationInfo) -> str | None:
        """A secret that is set must be real (core.secret_rules); unset stays ``None``."""
        if value is None:
            return None
        problem = secret_problem(value)
        if problem is not None:
            raise ValueError(f"SHOPBOT_{(info.field_name or 'secret').upper()} {problem}")
        return value

    def require_secret(self, name: SecretName) -> str:
        """The secret ``name``; :class:`ConfigurationError` when it is not set."""
        value: str | None = getattr(self, name)
        if value is None:
            raise ConfigurationError(
                f"{SECRET_VARIABLES[name]} is not set (at least 32 random characters; "
                "make run writes one to var/secrets.env)"
            )
        return value


def describe_errors(error: ValidationError) -> str:
    """The settings' validation errors on one line, naming variables, never values."""
    parts = []
    for problem in error.errors(include_input=False, include_url=False):
        message = str(problem.get("msg", "invalid")).removeprefix("Value error, ")
        field = ".".join(str(part) for part in problem.get("loc", ()))
        if field and not message.startswith("SHOPBOT_"):
            message = f"SHOPBOT_{field.upper()}: {message}"
        parts.append(message)
    return "; ".join(parts) or "invalid settings"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    try:
        return Settings()
    except ValidationError as error:
        raise ConfigurationError(describe_errors(error)) from error
    except ValueError as error:
        raise ConfigurationError(str(error)) from error
