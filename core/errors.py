"""The exceptions shopbot raises, in one documented hierarchy.

Every error the project raises on purpose derives from :class:`ShopbotError`, so callers
(actions, the command line, the HTTP layers) can catch the family and turn it into a
clear message for the shopper or the operator. Messages never carry personal data
(no emails, names, addresses): they are safe to log.

    ShopbotError
    ├── ConfigurationError        settings missing or invalid (e.g. a secret outside development,
    │   │                         a language or register SHOPBOT_RESPONSE_REGISTERS does not know,
    │   │                         raised by core.languages on both sides)
    │   └── (bot.channels.config.ChannelConfigurationError: a channel's credentials, on the
    │        Rasa side; the Rasa server refuses to start)
    ├── DatabaseError
    │   └── DatabaseUnavailable   the database does not answer; the bot apologises and carries on
    │       └── TrackerStoreUnavailable  Rasa's tracker store does not answer (after retries):
    │                             the turn fails rather than start the conversation over
    │                             (bot.tracker_store)
    ├── NotFoundError             a record the caller named does not exist
    │   └── OrderNotFound
    ├── VerificationError         verification refused
    │   └── VerificationLocked    too many failed attempts for this conversation, client, email
    │                             or order, or from everyone (the ceiling)
    ├── OrderActionError          an order cannot do what was asked
    │   ├── NotCancellable        it has shipped (or is already returned, refunded, ...)
    │   └── NotReturnable         no line is eligible for a return
    ├── HandoverError             a hand-over ticket cannot do what was asked (closed, or
    │   │                         taken by another agent)
    │   └── HandoverLimited       this client opened the most tickets the window allows
    ├── AccountError              a console account cannot do what was asked (name taken,
    │                             password too short, the last active admin)
    ├── AnnotationError           a console annotation is refused (unknown intent or entity,
    │                             a bad tag, an entity outside the message)
    ├── CustomerValueError        the order history cannot support the customer-value model
    │                             (too few customers or repeat purchases; shop.customer_value)
    ├── RasaUnavailable           the Rasa server's HTTP API does not answer (support desk)
    ├── EventBrokerUnavailable    RabbitMQ does not answer or refuses the consumer of the
    │                             conversation summaries (shop.conversations.amqp)
    ├── ActionServerUnavailable   the action server does not answer (refused, timed out, 5xx):
    │                             the Rasa server says "temporarily unavailable" and the turn
    │                             leaves the conversation as it was (bot.action_outage)
    ├── DeploymentError           the production profile cannot prepare a backing service
    │                             (PostgreSQL, Redis, RabbitMQ) or start a process of its own
    ├── PolicyError               the store policy document is missing or malformed
    ├── ResponseError             the responses (domain.yml, responses/<language>.yml) are
    │                             missing or malformed, or a response name is unknown
    └── CatalogError              a catalog file cannot be read at all (missing, unsupported
                                  format, no usable header); bad rows are reported, not raised
"""

from __future__ import annotations

__all__ = [
    "AccountError",
    "ActionServerUnavailable",
    "AnnotationError",
    "CatalogError",
    "ConfigurationError",
    "CustomerValueError",
    "DatabaseError",
    "DatabaseUnavailable",
    "DeploymentError",
    "EventBrokerUnavailable",
    "HandoverError",
    "HandoverLimited",
    "NotCancellable",
    "NotFoundError",
    "NotReturnable",
    "OrderActionError",
    "OrderNotFound",
    "PolicyError",
    "RasaUnavailable",
    "ResponseError",
    "ShopbotError",
    "TrackerStoreUnavailable",
    "VerificationError",
    "VerificationLocked",
]


class ShopbotError(Exception):
    """Base class of every error shopbot raises on purpose."""


class ConfigurationError(ShopbotError):
    """Settings are missing or invalid."""


class DatabaseError(ShopbotError):
    """The order database failed."""


class DatabaseUnavailable(DatabaseError):
    """The order database cannot be reached (down, refused, timed out)."""


class TrackerStoreUnavailable(DatabaseUnavailable):
    """Rasa's tracker store does not answer, after its retries (bot.tracker_store)."""


class RasaUnavailable(ShopbotError):
    """The Rasa server's HTTP API does not answer (down, or it refused the token)."""


class EventBrokerUnavailable(ShopbotError):
    """RabbitMQ does not answer, or refuses the summaries' consumer (credentials, vhost,
    another consumer holding the queue)."""


class ActionServerUnavailable(ShopbotError):
    """The action server does not answer: refused, timed out, or a 5xx status."""

    def __init__(self, action_name: str, reason: str) -> None:
        super().__init__(f"the action server did not run {action_name}: {reason}")
        self.action_name = action_name
        self.reason = reason


class DeploymentError(ShopbotError):
    """The production profile cannot prepare a backing service or start one of its processes."""


class HandoverError(ShopbotError):
    """A hand-over ticket cannot do what was asked (closed, or another agent's)."""


class HandoverLimited(HandoverError):
    """This network client has opened as many tickets as the window allows (a flood)."""


class AccountError(ShopbotError):
    """A console account cannot do what was asked (name taken, weak password, last admin)."""


class AnnotationError(ShopbotError):
    """A console annotation is refused: an unknown intent or entity, a malformed tag, an
    entity span outside the message, an unknown status."""


class NotFoundError(ShopbotError):
    """A record that the caller named does not exist."""


class OrderNotFound(NotFoundError):
    """No order has this number."""


class VerificationError(ShopbotError):
    """Verification of a shopper was refused."""


class VerificationLocked(VerificationError):
    """Too many failed verification attempts; the shopper is handed to a human."""


class OrderActionError(ShopbotError):
    """An order cannot do what was asked of it."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotCancellable(OrderActionError):
    """The order can no longer be cancelled (``reason`` is a machine-readable code)."""


class NotReturnable(OrderActionError):
    """No line of the order can be returned (``reason`` is a machine-readable code)."""


class PolicyError(ShopbotError):
    """The store policy document is missing or malformed."""


class ResponseError(ShopbotError):
    """The bot's responses cannot be read, or a response name is unknown."""


class CatalogError(ShopbotError):
    """A catalog file cannot be read at all (its bad rows are reported, not raised)."""


class CustomerValueError(ShopbotError):
    """The order history cannot support the customer-value model (shop.customer_value)."""
