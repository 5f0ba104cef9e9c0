"""What the turn benchmark sends: short scripted conversations, one long conversation, and
several clients at once.

- :func:`product_search_turn`: "show me ..." in a new conversation (NLU, the search action:
  the e5 query vector, FAISS and BM25, filters, the listing);
- :func:`growth_messages`: a 160-turn conversation of a fixed cycle (policy, search,
  greeting, delivery question), so that the first and the last twenty turns hold the same
  mix and only the conversation's length differs;
- :func:`run_clients`: ``clients`` threads, each holding 5-turn conversations one after the
  other (an order checked with its email, a product search with "more", a policy question),
  for ``seconds``; turns per second over the run.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from shop.rasa_api import RasaClient

__all__ = [
    "GROWTH_CYCLE",
    "SEARCH_QUERIES",
    "ClientsResult",
    "growth_messages",
    "mixed_conversation",
    "new_sender",
    "run_clients",
]

#: Product requests of the search turn, in the catalog's categories.
SEARCH_QUERIES: tuple[str, ...] = (
    "show me running shoes",
    "I need a waterproof jacket",
    "do you have noise cancelling headphones?",
    "looking for a backpack for hiking",
    "show me a sleeping bag for winter",
    "wireless earbuds under 100",
)
#: One cycle of the long conversation (four turns, so 20-turn windows hold five of each).
GROWTH_CYCLE: tuple[str, ...] = (
    "what is your return policy?",
    "show me running shoes",
    "hello",
    "how long does delivery take?",
)


def new_sender() -> str:
    """A conversation id of its own."""
    return f"bench-{secrets.token_hex(6)}"


def growth_messages(turns: int) -> list[str]:
    """The long conversation's messages: :data:`GROWTH_CYCLE` repeated to ``turns``."""
    return [GROWTH_CYCLE[index % len(GROWTH_CYCLE)] for index in range(turns)]


def mixed_conversation(index: int, orders: Sequence[dict[str, Any]]) -> list[str]:
    """The ``index``-th conversation of a client: order, product or policy, five turns."""
    kind = index % 3
    if kind == 0:
        order = orders[index % len(orders)]
        return [
            "hi",
            f"where is my order {order['order_number']}?",
            str(order["email"]),
            "what is your return policy?",
            "thanks, bye",
        ]
    if kind == 1:
        query = SEARCH_QUERIES[index % len(SEARCH_QUERIES)]
        return [
            "hello",
            query,
            "show me more",
            "how long does delivery take?",
            "thank you",
        ]
    return [
        "hi there",
        "can I return a product I bought?",
        "how long does a refund take?",
        "do you ship internationally?",
        "bye",
    ]


@dataclass
class ClientsResult:
    """Turns done by all clients, in how long, with the errors met."""

    turns: int = 0
    seconds: float = 0.0
    errors: int = 0
    latencies_ms: list[float] = field(default_factory=list)

    @property
    def turns_per_second(self) -> float:
        """Turns per second over the run."""
        return self.turns / self.seconds if self.seconds else 0.0


def run_clients(
    make_client: Callable[[], RasaClient],
    conversation: Callable[[int], list[str]],
    clients: int,
    seconds: float,
) -> ClientsResult:
    """``clients`` threads sending conversations back to back for about ``seconds``;
    a conversation started before the end is finished. Errors (a failed request, a turn
    without a reply) are counted, not raised."""
    result = ClientsResult()
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def work(worker: int) -> None:
        with make_client() as client:
            index = worker
            while time.perf_counter() < deadline:
                sender = new_sender()
                for message in conversation(index):
                    start = time.perf_counter()
                    try:
                        failed = 0 if client.send(sender, message) else 1  # no reply: an error
                    except Exception:  # counted: the figure reports errors, it does not stop
                        failed = 1
                    elapsed = (time.perf_counter() - start) * 1000
                    with lock:
                        result.turns += 1
                        result.errors += failed
                        result.latencies_ms.append(elapsed)
                index += clients

    threads = [threading.Thread(target=work, args=(worker,)) for worker in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - start
    return result
