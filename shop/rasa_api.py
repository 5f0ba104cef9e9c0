"""A thin client of the Rasa server's REST channel and HTTP API (httpx)."""

from __future__ import annotations

from typing import Any

import httpx

__all__ = ["BotMessage", "RasaClient"]

BotMessage = dict[str, Any]


class RasaClient:
    """Talks to one Rasa server: the REST channel for turns, the HTTP API for the rest."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        timeout: float = 30,
        *,
        local_address: str | None = None,
    ) -> None:
        """``local_address``: the address to connect from (the demo's shoppers each use
        their own loopback address, as real shoppers come from their own networks)."""
        self.base_url = base_url.rstrip("/")
        self.token = token
        transport = httpx.HTTPTransport(local_address=local_address) if local_address else None
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout, transport=transport)

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
        """One turn over the REST channel (which needs the token): the bot's replies to
        ``message``."""
        body: dict[str, Any] = {"sender": sender, "message": message}
        if metadata:
            body["metadata"] = metadata
        response = self._http.post("/webhooks/rest/webhook", json=body, headers=self._bearer())
        response.raise_for_status()
        return list(response.json())

    def _bearer(self) -> dict[str, str]:
        """The REST channel's authorisation (bot/channels/rest.py): the Rasa token."""
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def tracker(self, sender: str) -> dict[str, Any]:
        """The conversation's tracker (needs the API token)."""
        response = self._http.get(
            f"/conversations/{sender}/tracker", params={"token": self.token or ""}
        )
        response.raise_for_status()
        return dict(response.json())

    def append_events(
        self,
        sender: str,
        events: list[dict[str, Any]],
        *,
        output_channel: str | None = "latest",
        execute_side_effects: bool = True,
    ) -> dict[str, Any]:
        """Append ``events`` to the conversation; with side effects, bot messages among them
        are sent on ``output_channel`` ("latest": the channel the shopper last wrote on)."""
        params = {"token": self.token or "", "include_events": "NONE"}
        if output_channel:
            params["output_channel"] = output_channel
        if execute_side_effects:
            params["execute_side_effects"] = "true"
        response = self._http.post(
            f"/conversations/{sender}/tracker/events", params=params, json=events
        )
        response.raise_for_status()
        return dict(response.json())

    def execute_action(
        self, sender: str, action: str, *, output_channel: str | None = "latest"
    ) -> dict[str, Any]:
        """Run ``action`` in the conversation (even a paused one); its messages go out on
        ``output_channel``."""
        params = {"token": self.token or "", "include_events": "NONE"}
        if output_channel:
            params["output_channel"] = output_channel
        response = self._http.post(
            f"/conversations/{sender}/execute", params=params, json={"name": action}
        )
        response.raise_for_status()
        return dict(response.json())

    def trigger_intent(
        self,
        sender: str,
        intent: str,
        entities: dict[str, str] | None = None,
        *,
        output_channel: str | None = "latest",
    ) -> dict[str, Any]:
        """Rasa's external event: ``intent`` (with ``entities``) enters the conversation as
        if the shopper had sent it, and what the bot says goes out on ``output_channel``
        ("latest": the channel the shopper last wrote on)."""
        params = {"token": self.token or "", "include_events": "NONE"}
        if output_channel:
            params["output_channel"] = output_channel
        response = self._http.post(
            f"/conversations/{sender}/trigger_intent",
            params=params,
            json={"name": intent, "entities": entities or {}},
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
