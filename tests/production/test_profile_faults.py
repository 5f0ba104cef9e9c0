"""Faults on the production profile (issue 16), against its real processes: the profile
``shopbot production up`` started for the package (the ``profile`` fixture; after
test_profile_e2e.py has checked it as started), and each test breaks one part:

- **action servers killed**: one killed is invisible (nginx sends the calls to the other
  while supervisord restarts it); both killed, the shopper gets the short "temporarily
  unavailable" answer in their language at once, and the order form goes on where it was
  once they are started again;
- **PostgreSQL restarted** (``pg_ctlcluster ... restart``, the machine's own server) under
  traffic: every request ends within the client's patience with a 200 or a clean 503, and
  every message answered with a 200 is in the tracker store exactly once;
- **RabbitMQ down** for the profile (its user's permissions revoked and its connections
  closed; the server and other virtual hosts go on): the bot keeps answering, and the
  conversation summaries catch up afterwards with every message exactly once;
- **one Rasa server restarted** (``supervisorctl restart``, SIGTERM) during a slow turn: the
  turn ends first, answered and saved, and the server starts again.
- **one Rasa server killed** (SIGKILL, kept down by ``supervisorctl stop``) while it handles
  a slow turn (both action servers paused with SIGSTOP): its other conversations continue on
  the other server with their earlier events and form state, and the message in flight,
  which nobody answered, is reported in a Rasa server's log as ``lost: <message id>``
  (bot/accepted_messages.py); RabbitMQ is down meanwhile, so what the killed server kept for
  it is gone and the summaries come back from the tracker store;

Skipped, saying why, only when nginx, PostgreSQL, Redis or RabbitMQ is not there. The
PostgreSQL restart touches the machine's server: CI runs alone on its machine. The last
test takes the profile down and checks that no process is left.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from core.db.database import Database
from core.settings import PROJECT_ROOT
from shop.sampling import sample_orders
from shopbot.benchmarks.load.reconcile import summary_messages, tracker_messages
from shopbot.production.launcher import status
from shopbot.production.profile import Role
from shopbot.production.supervisor import ProgramInfo, Supervisor, pid_alive
from tests.e2e.conftest import Conversation
from tests.e2e.test_action_outage import says, template
from tests.shop.amqp_support import Rabbit

from .conftest import SHOPBOT, AccessLog, Running, reachable

pytestmark = pytest.mark.e2e

SUPERVISORCTL = PROJECT_ROOT / ".venv" / "bin" / "supervisorctl"
OUTAGE = "utter_temporarily_unavailable"
#: "At once": the answer to a message while the action servers are down.
FAST_SECONDS = 3.0
#: The clients' patience: a request without an answer by then hangs.
PATIENCE_SECONDS = 40.0
#: How soon a stopped server's message is reported: the journal's lease and two rounds
#: (bot/accepted_messages.py: 30 s and 10 s), and some slack for a loaded machine.
LOST_REPORT_SECONDS = 75.0
#: Questions the PostgreSQL and RabbitMQ tests send (each once per conversation).
QUESTIONS = (
    "hello",
    "what is your return policy?",
    "how long does delivery take?",
    "do you ship abroad?",
    "can I pay with paypal?",
    "how do I track my parcel?",
    "what are your opening hours?",
    "thanks, bye",
)


@dataclass
class Faults:
    """The started profile, demo orders of its database and a stamp for conversation ids."""

    running: Running
    orders: list[dict[str, Any]]
    stamp: str = field(default_factory=lambda: os.urandom(3).hex())
    _used: set[str] = field(default_factory=set)

    def order(self) -> dict[str, Any]:
        """A demo order with a shipment (a status the order form reports), each once."""
        for order in self.orders:
            if order["status"] in ("shipped", "in_transit", "delivered") and (
                order["order_number"] not in self._used
            ):
                self._used.add(order["order_number"])
                return order
        raise LookupError("no unused demo order with a shipment")

    def conversation(self, name: str) -> Conversation:
        return Conversation(self.running.client, f"faults-{self.stamp}-{name}")


@pytest.fixture(scope="module")
def faults(profile: Running) -> Faults:
    assert profile.up.returncode == 0, profile.up.stderr[-3000:]
    orders = sample_orders(Database(profile.resolved["DATABASE_URL"]), 200, seed=5)
    return Faults(profile, orders)


# -- the profile's processes ---------------------------------------------------------------


def program(running: Running, name: str) -> ProgramInfo:
    """supervisord's view of one program."""
    return next(info for info in Supervisor(running.profile).programs() if info.name == name)


def supervisorctl(running: Running, *arguments: str) -> str:
    result = subprocess.run(
        [str(SUPERVISORCTL), "-c", str(running.profile.supervisor_conf), *arguments],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    return result.stdout + result.stderr


def kill_and_keep_down(running: Running, name: str) -> int:
    """SIGKILL the program, then ``supervisorctl stop`` it (supervisord would restart it)
    until it stays stopped; the killed pid."""
    pid = program(running, name).pid
    assert pid > 0, name
    os.kill(pid, signal.SIGKILL)
    # A new one supervisord started meanwhile may take its 20 s (stopwaitsecs) to stop.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        supervisorctl(running, "stop", name)
        time.sleep(0.5)
        if program(running, name).state == "STOPPED":
            return pid
    raise AssertionError(f"{name} does not stay stopped: {program(running, name)}")


def wait_until(check: Any, seconds: float, interval: float = 0.5) -> float:
    """Seconds until ``check()`` held (AssertionError after ``seconds``)."""
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > seconds:
            raise AssertionError(f"not within {seconds:.0f} s: {check}")
        time.sleep(interval)
    return time.monotonic() - started


def answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=3).status_code == 200
    except httpx.HTTPError:
        return False


def service_url(running: Running, name: str) -> str:
    url = running.profile.service(name).health_url
    assert url
    return url


@contextmanager
def paused(pids: list[int]) -> Iterator[None]:
    """The processes stopped (SIGSTOP) for the block: they accept connections (the kernel
    does) and answer nothing; continued afterwards whatever happens."""
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        for pid in pids:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)


class Logs:
    """What the given log files got from now on."""

    def __init__(self, *paths: Path) -> None:
        self.offsets = {path: path.stat().st_size if path.exists() else 0 for path in paths}

    def lines(self) -> list[tuple[Path, str]]:
        found: list[tuple[Path, str]] = []
        for path, offset in self.offsets.items():
            if path.exists():
                with path.open("rb") as stream:
                    stream.seek(offset)
                    text = stream.read().decode(errors="replace")
                found += [(path, line) for line in text.splitlines()]
        return found

    def matching(self, pattern: str) -> list[tuple[Path, re.Match[str]]]:
        compiled = re.compile(pattern)
        return [
            (path, match)
            for path, line in self.lines()
            if (match := compiled.search(line)) is not None
        ]

    def wait_for(self, pattern: str, seconds: float) -> tuple[Path, re.Match[str]]:
        """The first line matching ``pattern``, waited for up to ``seconds``."""
        deadline = time.monotonic() + seconds
        while not (found := self.matching(pattern)):
            if time.monotonic() > deadline:
                raise AssertionError(f"no log line matches {pattern!r} within {seconds:.0f} s")
            time.sleep(0.3)
        return found[0]


# -- turns and stores -------------------------------------------------------------------------


@dataclass
class Turn:
    """One REST request through nginx and what came back (status 0: no answer in time)."""

    sender: str
    text: str
    started: float
    seconds: float
    status: int
    body: str
    replies: list[str]
    retry_after: str | None = None

    @property
    def delivered(self) -> bool:
        """The client's view: a 200 with the bot's reply."""
        return self.status == 200 and any(self.replies)


def post_turn(http: httpx.Client, token: str, sender: str, text: str) -> Turn:
    started, clock = time.time(), time.monotonic()
    try:
        answer = http.post(
            "/webhooks/rest/webhook",
            json={"sender": sender, "message": text},
            headers={"Authorization": f"Bearer {token}"},
            timeout=PATIENCE_SECONDS,
        )
    except httpx.HTTPError as error:
        return Turn(sender, text, started, time.monotonic() - clock, 0, repr(error), [])
    replies: list[str] = []
    if answer.status_code == 200:
        with suppress(ValueError):
            replies = [str(m.get("text") or "") for m in answer.json()]
    return Turn(
        sender,
        text,
        started,
        time.monotonic() - clock,
        answer.status_code,
        answer.text,
        replies,
        answer.headers.get("retry-after"),
    )


def tracker_url(running: Running) -> str:
    settings = running.profile.settings
    return settings.pg_admin_url.rsplit("/", 1)[0] + f"/{settings.tracker_db}"


def stored_events(running: Running, sender: str) -> list[tuple[int, str, str]]:
    """The conversation's rows in the tracker store: (id, type, data), in order."""
    with psycopg.connect(tracker_url(running)) as db:
        return [
            (int(row[0]), str(row[1]), str(row[2]))
            for row in db.execute(
                "SELECT id, type_name, data FROM events WHERE sender_id = %s ORDER BY id",
                (sender,),
            )
        ]


def stored_messages(running: Running, sender: str) -> list[str]:
    return [
        str(json.loads(data).get("text"))
        for _, kind, data in stored_events(running, sender)
        if kind == "user"
    ]


def upstreams_of(line: str) -> list[str]:
    """The servers nginx tried for a logged request, in order (more than one: it went on
    to the next after a failure)."""
    match = re.search(r" upstream=(.*?) upstream_status=", line)
    assert match, line
    return match.group(1).split(", ")


def rasa_logs(running: Running) -> Logs:
    return Logs(
        *(running.profile.log_dir / f"{s.name}.log" for s in running.profile.by_role(Role.RASA))
    )


# -- the tests ----------------------------------------------------------------------------------


def test_action_servers_killed_mid_conversation(faults: Faults) -> None:
    running = faults.running
    order = faults.order()
    german = faults.conversation("actions-de")
    asked = german.say_text(f"hallo, wo ist meine Bestellung {order['order_number']}?")
    assert says(asked, "de", "utter_ask_order_form_email"), asked
    before = german.tracker()
    assert before["active_loop"]["name"] == "order_form"
    assert before["slots"]["requested_slot"] == "email"

    # One action server killed: the calls go to the other; supervisord restarts it.
    calls = Logs(running.profile.log_dir / "nginx-actions-access.log")
    first = program(running, "actions-1")
    os.kill(first.pid, signal.SIGKILL)
    english = faults.conversation("actions-en")
    for text in QUESTIONS[:3]:
        answer = english.say_text(text)
        assert answer and answer != template("en", OUTAGE), (text, answer)
    time.sleep(1)  # nginx logs a call when it ends
    lines = [line for _, line in calls.lines()]
    assert lines and all(re.search(r'" 200 ', line) for line in lines), lines
    upstreams = [upstreams_of(line) for line in lines]
    tried_dead_first = [u for u in upstreams if len(u) > 1]
    assert tried_dead_first, lines  # nginx met the dead server and went on to the other
    back = wait_until(
        lambda: (
            program(running, "actions-1").pid not in (0, first.pid)
            and answers(service_url(running, "actions-1"))
        ),
        90,
    )
    print(
        f"\none action server killed: {len(upstreams)} calls answered, "
        f"{len(tried_dead_first)} after trying the dead one; restarted and healthy in {back:.1f} s"
    )

    # Both killed (and kept down): the shopper hears so at once, in German, the form waits.
    for name in ("actions-1", "actions-2"):
        kill_and_keep_down(running, name)
    started = time.monotonic()
    answer = german.say_text(order["email"])
    seconds = time.monotonic() - started
    assert answer == template("de", OUTAGE), answer
    assert seconds < FAST_SECONDS, seconds
    during = german.tracker()
    assert during["active_loop"] == before["active_loop"]
    assert during["slots"] == before["slots"]
    spanish = faults.conversation("actions-es")
    started = time.monotonic()
    first_answer = spanish.say_text("hola, ¿dónde está mi pedido, por favor?")
    spanish_seconds = time.monotonic() - started
    assert first_answer == template("es", OUTAGE), first_answer
    assert spanish_seconds < FAST_SECONDS

    # Started again: the same message continues the form (verification, then the status).
    started = time.monotonic()
    supervisorctl(running, "start", "actions-1", "actions-2")
    proxy = f"http://127.0.0.1:{running.profile.settings.action_proxy_port}/health"
    wait_until(
        lambda: (
            all(answers(service_url(running, n)) for n in ("actions-1", "actions-2"))
            and answers(proxy)
        ),
        120,
    )
    restart_seconds = time.monotonic() - started
    answer = german.say_text(order["email"])
    assert says(answer, "de", "utter_verified"), answer
    after = german.tracker()
    assert after["slots"]["order_number"] == order["order_number"]
    assert (after.get("active_loop") or {}).get("name") != "order_form"
    print(
        f"both killed: German answer in {seconds:.2f} s, Spanish in {spanish_seconds:.2f} s; "
        f"started again in {restart_seconds:.1f} s, the form went on"
    )


def test_postgresql_restart_under_traffic(faults: Faults) -> None:
    if shutil.which("pg_ctlcluster") is None or not Path("/etc/postgresql").is_dir():
        pytest.skip("the machine's PostgreSQL is not a Debian cluster (pg_ctlcluster)")
    if os.geteuid() != 0:
        pytest.skip("restarting the machine's PostgreSQL needs root")
    cluster = sorted(os.listdir("/etc/postgresql"))[-1]
    running = faults.running
    token = running.resolved["SHOPBOT_RASA_TOKEN"]
    prefix = f"faults-{faults.stamp}-pg-"
    turns: list[Turn] = []
    restarted = threading.Event()

    def talk(worker: int) -> None:
        """Conversations of all the questions, one after the other, until the restart is
        over (each question once per conversation: the store is counted per text)."""
        with httpx.Client(base_url=running.profile.settings.front_url) as http:
            for number in range(100):
                sender = f"{prefix}{worker}-{number}"
                for text in QUESTIONS:
                    turns.append(post_turn(http, token, sender, text))
                if restarted.is_set():
                    return

    threads = [threading.Thread(target=talk, args=(worker,)) for worker in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(2)  # traffic flows
    restart = ["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"]
    down_at = time.time()
    try:
        subprocess.run(restart, check=True, capture_output=True, timeout=120)
    finally:
        back_at = time.time()
        status = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True)
        if "online" not in status.stdout:
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "start"],
                check=False,
                timeout=120,
            )
        time.sleep(1)
        restarted.set()
    for thread in threads:
        thread.join(timeout=len(QUESTIONS) * PATIENCE_SECONDS)
    assert not any(thread.is_alive() for thread in threads)

    during = [t for t in turns if t.started < back_at and t.started + t.seconds > down_at]
    assert during, "no request met the restart"
    kinds = Counter(t.status for t in turns)
    for turn in turns:
        assert turn.seconds < PATIENCE_SECONDS, turn  # nothing hangs
        assert turn.status in (200, 503), turn  # answered, or refused cleanly
        assert "Traceback" not in turn.body and 'File "' not in turn.body, turn
        if turn.status == 503:
            assert turn.retry_after and json.loads(turn.body), turn
    # Every message the client saw answered is stored exactly once; a refused one never.
    stored = tracker_messages(Database(running.resolved["SHOPBOT_TRACKER_STORE_URL"]), prefix)
    for turn in turns:
        times = Counter(stored.get(turn.sender, []))[turn.text]
        if turn.delivered:
            assert times == 1, (turn, stored.get(turn.sender))
        elif turn.status == 503:
            assert times == 0, (turn, stored.get(turn.sender))
        else:
            assert times <= 1, (turn, stored.get(turn.sender))
    # And afterwards the conversations go on.
    for sender in {t.sender for t in turns[-4:]}:
        assert any(running.client.send(sender, "one more question: do you have gift cards?"))
    slowest = max(t.seconds for t in during)
    print(
        f"\nPostgreSQL restart {back_at - down_at:.1f} s; {len(turns)} turns of "
        f"{len({t.sender for t in turns})} conversations {dict(kinds)}, {len(during)} during "
        f"the restart (slowest {slowest:.1f} s), {sum(t.delivered for t in turns)} delivered, "
        "each stored once"
    )


def test_rabbitmq_down_the_bot_answers_and_the_summaries_catch_up(faults: Faults) -> None:
    running = faults.running
    settings = running.profile.settings
    rabbit = Rabbit(settings.rabbitmq_vhost, settings.rabbitmq_user, "")
    prefix = f"faults-{faults.stamp}-mq-"
    senders = [f"{prefix}{n}" for n in range(2)]
    sent: dict[str, list[str]] = {}
    summaries = Database(running.resolved["DATABASE_URL"])
    tracker = Database(running.resolved["SHOPBOT_TRACKER_STORE_URL"])

    def say(sender: str, text: str) -> float:
        started = time.monotonic()
        replies = running.client.send(sender, text)
        assert any(reply.get("text") for reply in replies), replies
        assert template("en", OUTAGE) not in [reply.get("text") for reply in replies]
        sent.setdefault(sender, []).append(text)
        return time.monotonic() - started

    say(senders[0], QUESTIONS[0])
    wait_until(lambda: summary_messages(summaries, prefix) == sent, 60)  # the consumer works

    summary_log = Logs(running.profile.log_dir / "summaries.log")
    rabbit.outage()
    down_at = time.monotonic()
    try:
        seconds = [say(sender, text) for text in QUESTIONS[1:5] for sender in senders]
        summary_log.wait_for("cannot follow RabbitMQ", 30)  # the outage is real
        # Down long enough for the Rasa servers' reconnection (every 5 s) to fail too.
        time.sleep(max(0.0, 7 - (time.monotonic() - down_at)))
        seconds.append(say(senders[0], QUESTIONS[5]))
    finally:
        rabbit.allow()
    print(
        f"\nRabbitMQ down: {len(seconds)} turns answered, slowest {max(seconds):.2f} s, "
        f"median {sorted(seconds)[len(seconds) // 2]:.2f} s"
    )
    assert tracker_messages(tracker, prefix) == sent
    caught_up = wait_until(lambda: summary_messages(summaries, prefix) == sent, 120, 1)
    # Exactly once, in order, in both stores: compared as lists (a duplicate would show).
    assert summary_messages(summaries, prefix) == sent
    print(f"the summaries caught up {caught_up:.1f} s after RabbitMQ was back")


def test_a_message_in_flight_when_a_rasa_server_restarts_is_answered_first(
    faults: Faults,
) -> None:
    """A restart (``supervisorctl restart``: SIGTERM) lets the turns in flight end first
    (Sanic waits up to 15 s, supervisord 20 s): the message is answered and saved, then the
    server stops and starts again."""
    running = faults.running
    rasa = {f"127.0.0.1:{s.port}": s.name for s in running.profile.by_role(Role.RASA)}
    log = AccessLog(running.profile.access_log)
    conversation = faults.conversation("restart")
    assert any(conversation.say_text("hello"))
    name = rasa[upstreams_of(log.lines(1)[0])[-1]]
    health = service_url(running, name)
    logs = rasa_logs(running)
    actions = [program(running, s.name).pid for s in running.profile.by_role(Role.ACTIONS)]
    old_pid = program(running, name).pid
    question = QUESTIONS[1]
    result: list[Turn] = []
    token = running.resolved["SHOPBOT_RASA_TOKEN"]
    with httpx.Client(base_url=running.profile.settings.front_url) as http:
        slow = threading.Thread(
            target=lambda: result.append(post_turn(http, token, conversation.sender, question))
        )
        with paused(actions):
            slow.start()
            _, accepted = logs.wait_for(
                rf"accepted: (\w+) sender={re.escape(conversation.sender)} ", 20
            )
            message_id = accepted.group(1)
            restart = subprocess.Popen(
                [str(SUPERVISORCTL), "-c", str(running.profile.supervisor_conf), "restart", name],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            wait_until(lambda: program(running, name).state == "STOPPING", 10, 0.1)
            time.sleep(2)  # the server is stopping while its turn waits for the actions
        slow.join(timeout=PATIENCE_SECONDS)
    restart.wait(timeout=60)
    assert result and result[0].delivered, result
    assert not says(result[0].replies[0], "en", OUTAGE), result
    logs.wait_for(rf"saved: {message_id} ", 5)
    assert not logs.matching(rf"(lost|unconfirmed): {message_id} ")
    assert stored_messages(running, conversation.sender) == ["hello", question]
    back = wait_until(
        lambda: program(running, name).pid not in (0, old_pid) and answers(health), 240
    )
    print(
        f"\n{name} restarted during a {result[0].seconds:.1f} s turn: answered (200) and saved "
        f"before it stopped; healthy again {back:.1f} s later"
    )


def test_a_rasa_server_killed_its_conversations_continue_and_its_message_in_flight_is_reported(
    faults: Faults,
) -> None:
    """RabbitMQ is down meanwhile too: what the killed server kept for it is gone with it,
    so its conversations' summaries must come back from the tracker store."""
    running = faults.running
    settings = running.profile.settings
    rasa = {f"127.0.0.1:{s.port}": s.name for s in running.profile.by_role(Role.RASA)}
    log = AccessLog(running.profile.access_log)
    consumer_log = Logs(running.profile.log_dir / "summaries.log")
    prefix = f"faults-{faults.stamp}-rasa-"
    orders: dict[str, dict[str, Any]] = {}
    delivered: dict[str, list[str]] = {}
    served: dict[str, list[Conversation]] = {address: [] for address in rasa}
    rabbit = Rabbit(settings.rabbitmq_vhost, settings.rabbitmq_user, "")
    rabbit.outage()
    try:
        for number in range(6):
            conversation = faults.conversation(f"rasa-{number}")
            order = orders[conversation.sender] = faults.order()
            text = f"hallo, wo ist meine Bestellung {order['order_number']}?"
            asked = conversation.say_text(text)
            assert says(asked, "de", "utter_ask_order_form_email"), asked
            delivered[conversation.sender] = [text]
            served[log.upstream_of_next()].append(conversation)
        victim_address = max(served, key=lambda address: len(served[address]))
        victim = rasa[victim_address]
        survivor_address = next(address for address in rasa if address != victim_address)
        *moving, in_flight = served[victim_address]
        assert moving, served
        before = {c.sender: stored_events(running, c.sender) for c in moving}
        logs = rasa_logs(running)

        # A slow turn on the victim: both action servers paused, so its first call waits.
        actions = [program(running, s.name).pid for s in running.profile.by_role(Role.ACTIONS)]
        result: list[Turn] = []
        token = running.resolved["SHOPBOT_RASA_TOKEN"]
        with httpx.Client(base_url=settings.front_url) as http:
            slow = threading.Thread(
                target=lambda: result.append(
                    post_turn(http, token, in_flight.sender, orders[in_flight.sender]["email"])
                )
            )
            with paused(actions):
                slow.start()
                _, accepted = logs.wait_for(
                    rf"accepted: (\w+) sender={re.escape(in_flight.sender)} ", 20
                )
                message_id = accepted.group(1)
                killed_at = time.monotonic()
                killed_pid = kill_and_keep_down(running, victim)
                kept_down = time.monotonic() - killed_at
            slow.join(timeout=PATIENCE_SECONDS)
        assert result and result[0].status == 502, result  # nginx: the server went away
        line = log.lines(1)[0]
        assert upstreams_of(line) == [victim_address] and '" 502 ' in line, line

        # The victim's other conversations continue on the survivor, their state intact.
        continuing = time.monotonic()
        for conversation in moving:
            email = orders[conversation.sender]["email"]
            answer = conversation.say_text(email)
            assert says(answer, "de", "utter_verified"), answer
            delivered[conversation.sender].append(email)
            line = log.lines(1)[0]
            assert upstreams_of(line)[-1] == survivor_address, line
            after = stored_events(running, conversation.sender)
            earlier = before[conversation.sender]
            assert after[: len(earlier)] == earlier  # nothing lost or rewritten
            assert len(after) > len(earlier)
            tracker = conversation.tracker()
            log.lines(1)
            assert tracker["slots"]["order_number"] == orders[conversation.sender]["order_number"]
        continued = time.monotonic() - continuing
    finally:
        rabbit.allow()

    # Started again (after RabbitMQ is back: Rasa does not start without its broker). The
    # message in flight: never stored, reported lost (by the survivor once the victim's
    # lease ended, or by the victim at its start).
    supervisorctl(running, "start", victim)
    path, _ = logs.wait_for(
        rf"lost: {message_id} sender={re.escape(in_flight.sender)} ", LOST_REPORT_SECONDS
    )
    reported = time.monotonic() - killed_at
    assert len(logs.matching(rf"(lost|unconfirmed): {message_id} ")) == 1
    assert stored_messages(running, in_flight.sender) == delivered[in_flight.sender]
    assert program(running, victim).pid != killed_pid

    # The summaries: every delivered message exactly once, the victim's first turns (kept
    # for RabbitMQ in its memory when it died) folded again from the tracker store.
    summaries = Database(running.resolved["DATABASE_URL"])
    caught_up = wait_until(lambda: summary_messages(summaries, prefix) == delivered, 90, 1)
    refolded = [m.group(1) for _, m in consumer_log.matching(r"(\d+) conversations caught up")]
    print(
        f"\n{victim} killed during a slow turn (kept down by supervisorctl in "
        f"{kept_down:.1f} s): {len(moving)} conversations continued on the other, their turns "
        f"in {continued:.1f} s; message {message_id} reported lost by {path.stem} "
        f"{reported:.1f} s after the kill; summaries complete {caught_up:.1f} s after that "
        f"(conversations caught up from the tracker store: {refolded})"
    )


# -- last: the profile taken down -------------------------------------------------------------


def test_down_leaves_no_process(profile: Running) -> None:
    running = profile
    pids = [item.pid for item in status(running.profile) if item.pid]
    supervisord = int(running.profile.supervisor_pidfile.read_text())
    assert pids
    result = subprocess.run(
        [str(SHOPBOT), "production", "down"],
        env=running.environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert not [pid for pid in [supervisord, *pids] if pid_alive(pid)]
    settings = running.profile.settings
    ports = [settings.front_port, settings.web_port, *settings.rasa_ports, *settings.action_ports]
    assert not [port for port in ports if reachable("127.0.0.1", port)]
    assert (
        "not running"
        in subprocess.run(
            [str(SHOPBOT), "production", "down"],
            env=running.environment,
            capture_output=True,
            text=True,
            check=False,
        ).stderr
    )
