"""What a channel answers when it refuses a request, in the sender's language.

A refusal happens before the bot sees the message (the response generator and its
translated responses are out of reach), so its few words live here, one table, in every reply
language (:data:`core.languages.REPLY_LANGUAGES`). The widget has its own copy for its
interface (``web/widget/shopbot-widget.js``); the messaging platforms get an HTTP answer
only (they do not show it to the shopper). The texts address nobody (no du/Sie, tu/vous,
je/u), so they fit whichever register the shop chose for the responses (docs/language.md,
"Formal or informal").

An HTTP refusal is JSON: ``{"error": <code>, "message": <text>, ...details}`` with
status 401, 413, 429 or 503 (and ``Retry-After`` for 429 and 503).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal

from sanic.response import HTTPResponse, json

from bot.channels.limits import Refusal
from core.languages import DEFAULT_LANGUAGE, REPLY_LANGUAGES

__all__ = [
    "REFUSAL_TEXTS",
    "RefusalCode",
    "language_of",
    "rate_limited",
    "refusal_text",
    "request_too_large",
    "unauthorized",
    "unavailable",
]

RefusalCode = Literal["rate_limited", "request_too_large", "unauthorized", "unavailable"]
#: Seconds a caller is asked to wait after a 503.
UNAVAILABLE_RETRY_AFTER = 5

REFUSAL_TEXTS: Mapping[RefusalCode, Mapping[str, str]] = MappingProxyType(
    {
        "rate_limited": {
            "en": "Too many messages in a short time. Please wait a moment and try again.",
            "es": "Demasiados mensajes en poco tiempo. Un momento antes de volver a intentarlo.",
            "fr": "Trop de messages en peu de temps. Merci de patienter avant de réessayer.",
            "de": "Zu viele Nachrichten in kurzer Zeit. Bitte einen Moment warten.",
            "it": "Troppi messaggi in poco tempo. Attendere un momento e riprovare.",
            "pt": "Demasiadas mensagens em pouco tempo. Um momento antes de tentar de novo.",
            "nl": "Te veel berichten in korte tijd. Wacht even en probeer het opnieuw.",
            "zh": "短时间内消息过多，请稍候再试。",
        },
        "request_too_large": {
            "en": "That message is too large. Please send a shorter one.",
            "es": "Ese mensaje es demasiado grande: hay que acortarlo, por favor.",
            "fr": "Ce message est trop volumineux. Merci d'en envoyer un plus court.",
            "de": "Diese Nachricht ist zu groß. Bitte eine kürzere senden.",
            "it": "Il messaggio è troppo grande: va accorciato, per favore.",
            "pt": "Essa mensagem é grande demais: é preciso encurtá-la, por favor.",
            "nl": "Dit bericht is te groot. Stuur een korter bericht.",
            "zh": "消息太大，请发送更短的消息。",
        },
        "unauthorized": {
            "en": "This channel needs the assistant's API token.",
            "es": "Este canal necesita el token de la API del asistente.",
            "fr": "Ce canal demande le jeton d'API de l'assistant.",
            "de": "Dieser Kanal braucht das API-Token des Assistenten.",
            "it": "Questo canale richiede il token API dell'assistente.",
            "pt": "Este canal precisa do token da API do assistente.",
            "nl": "Dit kanaal vraagt het API-token van de assistent.",
            "zh": "此通道需要助手的 API 令牌。",
        },
        "unavailable": {
            "en": "Messages cannot be stored right now. Please try again in a moment.",
            "es": "Ahora mismo no se pueden guardar mensajes. Un momento antes de reintentarlo.",
            "fr": "Impossible d'enregistrer les messages pour le moment. Merci de réessayer.",
            "de": "Nachrichten können gerade nicht gespeichert werden. Bitte gleich noch einmal.",
            "it": "Al momento non è possibile salvare i messaggi. Riprovare tra un attimo.",
            "pt": "Neste momento não é possível guardar mensagens. Tentar de novo daqui a pouco.",
            "nl": "Berichten kunnen nu niet worden opgeslagen. Probeer het zo meteen opnieuw.",
            "zh": "暂时无法保存消息，请稍后再试。",
        },
    }
)


def refusal_text(code: RefusalCode, language: str | None) -> str:
    """The text of refusal ``code`` in ``language`` (English for any other)."""
    texts = REFUSAL_TEXTS[code]
    return texts.get(language or DEFAULT_LANGUAGE) or texts[DEFAULT_LANGUAGE]


def language_of(accept_language: str | None) -> str:
    """The first reply language an ``Accept-Language`` header names (English if none)."""
    for part in (accept_language or "").split(","):
        code = part.split(";", 1)[0].strip()[:2].lower()
        if code in REPLY_LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def unavailable(language: str | None = None) -> HTTPResponse:
    """503: the conversation's store does not answer; the message was not taken (nothing
    answered, nothing stored), so sending it again later is safe."""
    return _answer(
        "unavailable",
        503,
        language,
        {"Retry-After": str(UNAVAILABLE_RETRY_AFTER)},
        retry_after=UNAVAILABLE_RETRY_AFTER,
    )


def _answer(
    code: RefusalCode, status: int, language: str | None, headers: Mapping[str, str], **extra: Any
) -> HTTPResponse:
    body = {"error": code, "message": refusal_text(code, language), **extra}
    return json(body, status=status, headers=dict(headers))


def unauthorized(language: str | None = None) -> HTTPResponse:
    """401: the request lacks the credentials the channel needs."""
    return _answer("unauthorized", 401, language, {"WWW-Authenticate": "Bearer"})


def request_too_large(limit_bytes: int, language: str | None = None) -> HTTPResponse:
    """413: the body is over ``limit_bytes`` (it was not read, or not parsed)."""
    return _answer("request_too_large", 413, language, {}, limit_bytes=limit_bytes)


def rate_limited(refusal: Refusal, language: str | None = None) -> HTTPResponse:
    """429: the client or the conversation sent too many messages; try again later."""
    return _answer(
        "rate_limited",
        429,
        language,
        {"Retry-After": str(refusal.retry_after)},
        scope=refusal.scope,
        retry_after=refusal.retry_after,
    )
