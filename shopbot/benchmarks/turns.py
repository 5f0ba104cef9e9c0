"""Turn latency over the REST channel: shopbot against a stock ``rasa init`` bot, same run.

Measured turns, each in a new conversation:
- greeting: "hello" (NLU, policies, one response) on both bots;
- order status: the turn that answers "where is my order" once the shopper gives the email
  (NLU, the order form's validation action with a database verification, the task action
  reading the order and its shipment), on shopbot only; its ratio is against the stock
  bot's greeting, the cheapest turn Rasa can do;
- product search: "show me ..." (:mod:`shopbot.benchmarks.workloads`), on shopbot only.

Then, on shopbot: one conversation of ``growth_turns`` turns (the ``growth_ratio`` is the
median of its last twenty turns over its first twenty), and ``clients`` concurrent clients
holding mixed conversations for ``load_seconds`` (turns per second), beside the stock bot's
figure with as many clients holding its own small talk.

With ``multilingual_cost``, both turns also run on the same bot without its multilingual
components (:mod:`shopbot.benchmarks.monolingual`), and shopbot's turns get their ratio to it.
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from core.settings import PROJECT_ROOT
from shop.rasa_api import RasaClient
from shopbot.benchmarks.monolingual import ensure_monolingual_model
from shopbot.benchmarks.rest_bot import SHOPBOT_MODEL, rest_bot
from shopbot.benchmarks.stats import percentile, summarise
from shopbot.benchmarks.workloads import (
    SEARCH_QUERIES,
    growth_messages,
    mixed_conversation,
    new_sender,
    run_clients,
)
from shopbot.runtime import RASA_BIN, free_port, offline_environment, rasa_server

__all__ = ["TurnBenchmark", "ensure_stock_bot", "run_turn_benchmark"]

STOCK_DIR = PROJECT_ROOT / "var" / "bench" / "stock-rasa-init"
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class TurnBenchmark:
    """Options of one run."""

    turns: int = 200
    warmup: int = 10
    database_url: str = ""
    multilingual_cost: bool = False
    growth_turns: int = 160
    clients: int = 8
    load_seconds: float = 30.0
    #: shopbot's endpoints (another file compares, say, a tracker store or an NLG).
    endpoints: Path = PROJECT_ROOT / "endpoints.yml"


#: The stock bot's five turns of small talk (its intents: greet, mood, affirm, goodbye).
STOCK_CONVERSATION = ("hello", "I am sad", "yes", "great", "bye")


def ensure_stock_bot(log: Callable[[str], None]) -> Path:
    """The model of a stock ``rasa init`` bot, created and trained once under var/bench."""
    models = sorted((STOCK_DIR / "models").glob("*.tar.gz"))
    if models:
        return models[-1]
    log("creating and training a stock `rasa init` bot (once; about a minute)")
    STOCK_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [str(RASA_BIN), "init", "--no-prompt", "--init-dir", str(STOCK_DIR)],
        cwd=STOCK_DIR,
        env=offline_environment(),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    models = sorted((STOCK_DIR / "models").glob("*.tar.gz"))
    if not models:
        raise RuntimeError("rasa init trained no model")
    return models[-1]


def _time_turns(
    count: int, turn: Callable[[int], float], label: str, progress: Progress | None
) -> list[float]:
    latencies = []
    for index in range(count):
        latencies.append(turn(index))
        if progress:
            progress(label, index + 1, count)
    return latencies


def _timed(send: Callable[[], list[Any]]) -> float:
    """Milliseconds of one turn; RuntimeError when the bot did not answer at all."""
    start = time.perf_counter()
    replies = send()
    elapsed = (time.perf_counter() - start) * 1000
    if not replies:
        raise RuntimeError("the bot sent no reply: the measured turn is not a real one")
    return elapsed


def run_turn_benchmark(
    options: TurnBenchmark,
    orders: list[dict[str, Any]],
    log: Callable[[str], None],
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Start both bots, measure, stop them; the figures as a dict."""
    if not SHOPBOT_MODEL.exists():
        raise RuntimeError("no trained model: run `make train` first")
    if not orders:
        raise RuntimeError("no demo orders: run `make seed` first")
    monolingual_model = ensure_monolingual_model(log) if options.multilingual_cost else None
    with (
        tempfile.TemporaryDirectory(prefix="shopbot-bench-") as scratch,
        ExitStack() as stack,
        ThreadPoolExecutor(1) as training,
    ):
        # The stock bot trains (the first time) while shopbot's servers start.
        stock_training = training.submit(ensure_stock_bot, log)
        work = Path(scratch)
        settings = {"SHOPBOT_CLIENT_FAILURE_LIMIT": "100000"}
        if options.database_url:
            settings["DATABASE_URL"] = options.database_url
        log("starting shopbot's action server and Rasa server, and the stock bot")
        bot = stack.enter_context(
            rest_bot(work, settings, model=SHOPBOT_MODEL, endpoints=options.endpoints)
        )
        ours, token, env, credentials = bot.rasa, bot.token, bot.env, bot.credentials
        stock = stack.enter_context(
            rasa_server(
                stock_training.result(),
                free_port(),
                token,
                work / "stock.log",
                endpoints=STOCK_DIR / "endpoints.yml",
                credentials=STOCK_DIR / "credentials.yml",
            )
        )
        ours_client = stack.enter_context(RasaClient(ours.url, token=token))
        stock_client = stack.enter_context(RasaClient(stock.url))
        monolingual_client = None
        if monolingual_model is not None:
            monolingual = stack.enter_context(
                rasa_server(
                    monolingual_model,
                    free_port(),
                    token,
                    work / "monolingual.log",
                    env={
                        **env,
                        "SHOPBOT_TRACKER_DB": str(work / "monolingual-tracker.db"),
                        "SHOPBOT_EVENTS_DB": str(work / "monolingual-events.db"),
                    },
                    endpoints=options.endpoints,
                    credentials=credentials,
                )
            )
            monolingual_client = stack.enter_context(RasaClient(monolingual.url, token=token))

        def greet(client: RasaClient) -> Callable[[int], float]:
            return lambda _: _timed(lambda: client.send(new_sender(), "hello"))

        def order_status(client: RasaClient) -> Callable[[int], float]:
            def turn(index: int) -> float:
                order = orders[index % len(orders)]
                sender = new_sender()
                if not client.send(sender, f"where is my order {order['order_number']}?"):
                    raise RuntimeError("the bot did not ask for the email")
                return _timed(lambda: client.send(sender, order["email"]))

            return turn

        def product_search(client: RasaClient) -> Callable[[int], float]:
            def turn(index: int) -> float:
                query = SEARCH_QUERIES[index % len(SEARCH_QUERIES)]
                return _timed(lambda: client.send(new_sender(), query))

            return turn

        bots = {"shopbot": ours_client}
        if monolingual_client is not None:
            bots["monolingual"] = monolingual_client
        for client in (*bots.values(), stock_client):
            _time_turns(options.warmup, greet(client), "warm-up", None)
        for client in bots.values():
            _time_turns(options.warmup, order_status(client), "warm-up", None)
        _time_turns(options.warmup, product_search(ours_client), "warm-up", None)
        # Turns of one kind alternate between the bots, so that load changes hit both alike.
        kinds: dict[str, dict[str, Callable[[int], float]]] = {
            "greeting": {name: greet(client) for name, client in bots.items()},
            "order_status": {name: order_status(client) for name, client in bots.items()},
            "product_search": {"shopbot": product_search(ours_client)},
        }
        kinds["greeting"]["stock"] = greet(stock_client)
        results: dict[str, list[float]] = {}
        for kind, turns in kinds.items():
            for name in turns:
                results[f"{name}_{kind}"] = []
            for index in range(options.turns):
                for name, turn in turns.items():
                    results[f"{name}_{kind}"].append(turn(index))
                if progress:
                    progress(kind.replace("_", " "), index + 1, options.turns)
        growth = _long_conversation(ours_client, options.growth_turns, progress)
        if progress:
            progress(f"{options.clients} clients", 0, 2)
        load = run_clients(
            lambda: RasaClient(ours.url, token=token),
            lambda index: mixed_conversation(index, orders),
            options.clients,
            options.load_seconds,
        )
        if progress:
            progress(f"{options.clients} clients", 1, 2)
        stock_load = run_clients(
            lambda: RasaClient(stock.url),
            lambda _: list(STOCK_CONVERSATION),
            options.clients,
            options.load_seconds,
        )
        if progress:
            progress(f"{options.clients} clients", 2, 2)
    figures = {name: summarise(values) for name, values in results.items()}
    stock_p50 = figures["stock_greeting"]["p50_ms"]
    stock_p95 = figures["stock_greeting"]["p95_ms"]
    for name, row in figures.items():
        if name != "stock_greeting":
            row["ratio_p50_vs_stock_greeting"] = round(row["p50_ms"] / stock_p50, 2)
            row["ratio_p95_vs_stock_greeting"] = round(row["p95_ms"] / stock_p95, 2)
    for kind in ("greeting", "order_status"):
        baseline = figures.get(f"monolingual_{kind}")
        if baseline:
            row = figures[f"shopbot_{kind}"]
            row["ratio_p50_vs_monolingual"] = round(row["p50_ms"] / baseline["p50_ms"], 2)
            row["ratio_p95_vs_monolingual"] = round(row["p95_ms"] / baseline["p95_ms"], 2)
    return {
        "stock_greeting_p50": stock_p50,
        "greeting_p50": figures["shopbot_greeting"]["p50_ms"],
        "order_status_p50": figures["shopbot_order_status"]["p50_ms"],
        "product_search_p50": figures["shopbot_product_search"]["p50_ms"],
        "growth_ratio": growth["ratio"],
        f"throughput_{options.clients}_clients": round(load.turns_per_second, 1),
        f"stock_throughput_{options.clients}_clients": round(stock_load.turns_per_second, 1),
        "turns": options.turns,
        "results": figures,
        "growth": growth,
        "load": {
            "clients": options.clients,
            "seconds": round(load.seconds, 1),
            "turns": load.turns,
            "errors": load.errors,
            "turns_per_second": round(load.turns_per_second, 1),
            **summarise(load.latencies_ms or [0.0]),
            "stock_turns": stock_load.turns,
            "stock_errors": stock_load.errors,
            "stock_turns_per_second": round(stock_load.turns_per_second, 1),
        },
    }


def _long_conversation(client: RasaClient, turns: int, progress: Progress | None) -> dict[str, Any]:
    """One conversation of ``turns`` turns: the median of each 20-turn window, and the last
    window's over the first's."""
    sender = new_sender()
    latencies = []
    for index, message in enumerate(growth_messages(turns)):
        latencies.append(_timed(partial(client.send, sender, message)))
        if progress:
            progress("one long conversation", index + 1, turns)
    window = 20
    medians = [
        round(percentile(latencies[start : start + window], 0.5), 2)
        for start in range(0, len(latencies) - window + 1, window)
    ]
    return {
        "turns": turns,
        "window_medians_ms": medians,
        "ratio": round(medians[-1] / medians[0], 2) if medians else 0.0,
    }
