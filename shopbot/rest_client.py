"""A thin client of the Rasa server's REST channel and HTTP API (httpx)."""

from __future__ import annotations

from typing import Any

import httpx

__all__ = ["BotMessage", "RasaClient"]

BotMessage = dict[str, Any]


class RasaClient:
    """Talks to one Rasa server: the REST channel for turns, the HTTP API for the rest."""

    def __init__(self, base_url: str, token: str | None = None, timeout: float = 30) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout)

    def __enter__(self) -> RasaClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def send(
        self, sender: str, message: str, metadata: dict[str, Any] | None = None
    ) -> list[BotMessage]:
        """One turn over the REST channel: the bot's replies to ``message``."""
        body: dict[str, Any] = {"sender": sender, "message": message}
        if metadata:
            body["metadata"] = metadata
        response = self._http.post("/webhooks/rest/webhook", json=body)
        response.raise_for_status()
        return list(response.json())

    def tracker(self, sender: str) -> dict[str, Any]:
        """The conversation's tracker (needs the API token)."""
        response = self._http.get(
            f"/conversations/{sender}/tracker", params={"token": self.token or ""}
        )
        response.raise_for_status()
        return dict(response.json())

    def parse(self, text: str) -> dict[str, Any]:
        """NLU parse data of ``text`` (needs the API token)."""
        response = self._http.post(
            "/model/parse", params={"token": self.token or ""}, json={"text": text}
        )
        response.raise_for_status()
        return dict(response.json())
