"""What the messaging channels share: credentials, conversation ids, the thin HTTP client
for the platforms' APIs, bot turns run in the background, and the output channel base.

Conversation ids
    Each platform's conversations get ids of their own, ``"<platform>:<address>"``
    (``telegram:4242``, ``twilio:whatsapp:+15551234567``, ``messenger:<PSID>``,
    ``slack:D0123``), so two platforms never share a tracker. The output channel strips the
    prefix again to find where to send (:func:`conversation_id`, :func:`address_of`).

Webhooks answer at once
    Slack wants an answer within 3 seconds, Meta and Twilio within 15-20, and they retry a
    slow webhook. A checked request is answered straight away and the bot's turn runs in
    the background (:class:`TurnRunner`); the replies go out through the platform's API.

Outgoing calls
    :class:`ApiClient` posts one :class:`ApiCall` with aiohttp (10 s timeout, one retry on
    a connection error, 429 or 5xx). It never logs URLs (Telegram's carries the bot token,
    Messenger's the page token), message text or addresses: only the platform, the API
    method, the HTTP status and the platform's error code.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, NoReturn

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.shared.exceptions import RasaException

from bot.channels.rendering import ProductCard, http_url, links_in

__all__ = [
    "DEFAULT_TIMEOUT_SECONDS",
    "ApiCall",
    "ApiClient",
    "MessageHandler",
    "PlatformOutput",
    "TurnRunner",
    "address_of",
    "api_base_url",
    "conversation_id",
    "fail_configuration",
    "read_credentials",
]

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 10.0
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_MAX_RETRY_WAIT_SECONDS = 5.0

MessageHandler = Callable[[UserMessage], Awaitable[Any]]


def conversation_id(platform: str, address: str) -> str:
    """The conversation id of ``address`` on ``platform``: ``"<platform>:<address>"``."""
    return f"{platform}:{address}"


def address_of(platform: str, sender_id: str) -> str:
    """Where to send on ``platform`` for conversation ``sender_id`` (its prefix removed)."""
    prefix = f"{platform}:"
    return sender_id[len(prefix) :] if sender_id.startswith(prefix) else sender_id


def fail_configuration(channel: str, problem: str) -> NoReturn:
    """Raises ``RasaException`` for a channel's configuration problem (never a value)."""
    raise RasaException(f"The {channel} channel: {problem} (see docs/channels.md).")


def read_credentials(
    channel: type[InputChannel],
    credentials: Mapping[str, Any] | None,
    required: Sequence[str],
) -> dict[str, str]:
    """The credentials' values as stripped strings; every key of ``required`` must be set.

    Raises ``RasaException`` naming the missing keys (never a value).
    """
    if not credentials:
        fail_configuration(channel.name(), "its section in the credentials file is empty")
    values = {
        str(key): str(value).strip() for key, value in credentials.items() if value is not None
    }
    missing = [key for key in required if not values.get(key)]
    if missing:
        fail_configuration(channel.name(), f"set {', '.join(missing)} in the credentials file")
    return values


def api_base_url(channel: str, value: str | None, default: str) -> str:
    """The platform API's base URL (``api_url``, else ``default``), without a final slash."""
    url = http_url(value or default)
    if url is None:
        fail_configuration(channel, "api_url must be an http(s) URL")
    return url.rstrip("/")


@dataclass(frozen=True)
class ApiCall:
    """One POST to a platform's API: a JSON body or a form, headers, optional basic auth."""

    method: str
    """The API method, for logs (``sendMessage``, ``chat.postMessage``, ...)."""
    # Kept out of ``repr``: URLs and headers carry tokens, bodies carry what shoppers read.
    url: str = field(repr=False)
    json: Mapping[str, Any] | None = field(default=None, repr=False)
    form: Mapping[str, str] | None = field(default=None, repr=False)
    headers: Mapping[str, str] = field(default_factory=dict, repr=False)
    basic_auth: tuple[str, str] | None = field(default=None, repr=False)


def _error_code(payload: Any) -> str:
    """The platform's error code in an error answer (no free text: it may name the user)."""
    if not isinstance(payload, Mapping):
        return "-"
    error = payload.get("error")
    if isinstance(error, str):
        return error[:60]
    if isinstance(error, Mapping) and error.get("code") is not None:
        return str(error.get("code"))[:20]
    for key in ("code", "error_code"):
        if payload.get(key) is not None:
            return str(payload[key])[:20]
    return "-"


def _retry_wait(headers: Mapping[str, str], attempt: int) -> float:
    raw = headers.get("Retry-After", "")
    try:
        wait = float(raw)
    except ValueError:
        wait = 0.5 * (attempt + 1)
    return max(0.0, min(wait, _MAX_RETRY_WAIT_SECONDS))


class ApiClient:
    """Posts :class:`ApiCall` values to one platform's API (aiohttp, bounded, one retry)."""

    def __init__(
        self, platform: str, timeout: float = DEFAULT_TIMEOUT_SECONDS, attempts: int = 2
    ) -> None:
        """``platform`` names the logs; ``attempts`` counts the first try."""
        self.platform = platform
        self.timeout = timeout
        self.attempts = max(1, attempts)

    async def send(self, call: ApiCall) -> Any | None:
        """Posts ``call``; the answer's JSON on success, ``None`` (logged) on failure."""
        for attempt in range(self.attempts):
            last = attempt == self.attempts - 1
            try:
                status, headers, payload = await self._post(call)
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                logger.warning(
                    "%s: %s failed (%s)%s",
                    self.platform,
                    call.method,
                    type(error).__name__,
                    "" if last else ", retrying",
                )
                if not last:
                    await asyncio.sleep(_retry_wait({}, attempt))
                continue
            if status in _RETRY_STATUSES and not last:
                logger.warning("%s: %s answered %d, retrying", self.platform, call.method, status)
                await asyncio.sleep(_retry_wait(headers, attempt))
                continue
            if status >= 400 or (isinstance(payload, Mapping) and payload.get("ok") is False):
                logger.warning(
                    "%s: %s answered %d, error %s",
                    self.platform,
                    call.method,
                    status,
                    _error_code(payload),
                )
                return None
            return payload
        return None

    async def _post(self, call: ApiCall) -> tuple[int, Mapping[str, str], Any]:
        timeout = aiohttp.ClientTimeout(total=self.timeout)
        auth = aiohttp.BasicAuth(*call.basic_auth) if call.basic_auth else None
        async with (
            aiohttp.ClientSession(timeout=timeout) as session,
            session.post(
                call.url,
                json=dict(call.json) if call.json is not None else None,
                data=dict(call.form) if call.form is not None else None,
                headers=dict(call.headers),
                auth=auth,
                allow_redirects=False,
            ) as answer,
        ):
            body = await answer.read()
            try:
                payload = json.loads(body) if body else None
            except ValueError:
                payload = None
            return answer.status, dict(answer.headers), payload


class TurnRunner:
    """Runs bot turns in the background, in order per webhook request, logging failures."""

    def __init__(self, platform: str) -> None:
        """``platform`` names the logs."""
        self.platform = platform
        self._tasks: set[asyncio.Task[None]] = set()

    def start(
        self,
        handler: MessageHandler,
        messages: Sequence[UserMessage],
        before: Sequence[Awaitable[Any]] = (),
    ) -> None:
        """Awaits ``before`` (e.g. acknowledging a button press), then hands ``messages``
        to ``handler`` one after the other, all in one background task."""
        if not messages and not before:
            return
        task = asyncio.get_running_loop().create_task(
            self._run(handler, list(messages), list(before))
        )
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(
        self,
        handler: MessageHandler,
        messages: list[UserMessage],
        before: list[Awaitable[Any]],
    ) -> None:
        for step in before:
            try:
                await step
            except Exception:
                logger.exception("%s: a platform call failed", self.platform)
        for message in messages:
            try:
                await handler(message)
            except Exception:
                logger.exception("%s: the bot failed to handle a message", self.platform)

    async def wait(self) -> None:
        """Waits for the turns started so far (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)


class PlatformOutput(OutputChannel):
    """Sends the bot's messages to one platform's API, rendered to what it can show.

    A subclass sets ``platform`` and implements :meth:`render`, which turns one message of
    Rasa's into the API calls to make, in order. One instance serves one turn (or one
    message sent from outside a request): it remembers the links and product titles it
    has sent, so that product cards already listed in the turn's text are not repeated.
    """

    platform: ClassVar[str] = "platform"

    def __init__(self, client: ApiClient) -> None:
        """``client`` posts to the platform's API."""
        self.client = client
        self._links_sent: set[str] = set()
        self._texts_sent: list[str] = []

    @classmethod
    def name(cls) -> str:
        """The channel's name (responses can have ``channel: <name>`` variations)."""
        return cls.platform

    def render(self, address: str, message: dict[str, Any]) -> list[ApiCall]:
        """The API calls that show ``message`` to ``address``."""
        raise NotImplementedError

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        """Renders ``message`` for ``recipient_id``'s conversation and sends it."""
        for call in self.render(address_of(self.platform, recipient_id), dict(message)):
            await self.client.send(call)

    def note_text(self, text: str) -> None:
        """Records a text sent in this turn (its links and words) for :meth:`unsent_cards`."""
        if text:
            self._links_sent |= links_in(text)
            self._texts_sent.append(text.casefold())

    def unsent_cards(self, cards: Iterable[ProductCard]) -> list[ProductCard]:
        """The cards whose link (or, without a link, whose title) no text of the turn had."""
        fresh: list[ProductCard] = []
        for card in cards:
            if card.url is not None:
                if card.url not in self._links_sent:
                    fresh.append(card)
            elif not any(card.title.casefold() in text for text in self._texts_sent):
                fresh.append(card)
        return fresh

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        """Sends ``text``."""
        await self.send_response(recipient_id, {"text": text})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """Sends ``text`` with ``buttons``."""
        await self.send_response(recipient_id, {"text": text, "buttons": buttons})

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """Sends ``text`` with quick replies (shown like buttons)."""
        await self.send_response(recipient_id, {"text": text, "buttons": quick_replies})

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        """Sends the image at ``image`` (http(s) only)."""
        await self.send_response(recipient_id, {"image": image})

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        """Sends a custom payload (product cards; others are ignored)."""
        await self.send_response(recipient_id, {"custom": json_message})

    async def send_attachment(self, recipient_id: str, attachment: Any, **kwargs: Any) -> None:
        """Attachments are not sent on messaging platforms (logged at debug level)."""
        logger.debug("%s: an attachment is not sent", self.platform)

    async def send_elements(
        self, recipient_id: str, elements: Iterable[dict[str, Any]], **kwargs: Any
    ) -> None:
        """Generic elements are not sent on messaging platforms (logged at debug level)."""
        logger.debug("%s: generic elements are not sent", self.platform)

    def ignore_custom(self, custom: Any) -> None:
        """Logs (debug) a custom payload this platform does not show."""
        kind = custom.get("type") if isinstance(custom, Mapping) else type(custom).__name__
        logger.debug("%s: custom payload of type %r ignored", self.platform, kind)
