"""The load test's parts that need no server: the plans, which button a shopper presses, the
reply checks, the figures and the locust job's file."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from shopbot.benchmarks.load.figures import load_figures
from shopbot.benchmarks.load.job import LocustJob
from shopbot.benchmarks.load.records import (
    NO_RESPONSE,
    TurnRecord,
    count_records,
    read_records,
    write_record,
)
from shopbot.benchmarks.load.replies import (
    ANOTHER_CONVERSATION,
    ANOTHER_ORDER,
    NO_REPLY,
    OWN_ORDER_MISSING,
    reply_problems,
)
from shopbot.benchmarks.load.scenario import (
    LANGUAGES,
    TURN_KINDS,
    ConversationPlan,
    LoadOrders,
    Turn,
    choose_text,
    plan_conversations,
    sender_prefix,
)
from shopbot.demo.order_pools import DemoOrder
from shopbot.demo.shopper_lines import LINES

ORDERS = LoadOrders(
    status=[
        DemoOrder("104980", "ada@example.com", "shipped"),
        DemoOrder("104976", "bo@example.com", "in_transit"),
        DemoOrder("104915", "cy@example.com", "delayed"),
    ],
    returnable=[DemoOrder("103001", "dee@example.com", "delivered")],
)


def plans(conversations: int, turns: int, run_id: str = "abcd1234") -> list[ConversationPlan]:
    return plan_conversations(
        conversations, turns=turns, run_id=run_id, languages=LANGUAGES, orders=ORDERS, seed=7
    )


@pytest.mark.parametrize("turns", [1, 2, 3, 5, 8, 13])
def test_every_conversation_has_exactly_the_turns_asked_for(turns: int) -> None:
    planned = plans(40, turns)
    assert {len(plan.turns) for plan in planned} == {turns}
    assert len({plan.sender for plan in planned}) == 40
    assert all(plan.sender.startswith(sender_prefix("abcd1234")) for plan in planned)


def test_the_conversations_mix_every_kind_in_the_languages_in_turn() -> None:
    planned = plans(32, 6)
    kinds = Counter(turn.kind for plan in planned for turn in plan.turns)
    assert set(kinds) == set(TURN_KINDS), kinds
    assert [plan.language for plan in planned[:8]] == list(LANGUAGES)
    assert LANGUAGES[:4] == ("en", "de", "es", "fr")
    by_language: dict[str, set[str]] = {}
    for plan in planned:
        by_language.setdefault(plan.language, set()).update(turn.kind for turn in plan.turns)
    # Every language opens with different acts and gets both endings over four rounds.
    assert all({"handover", "rating"} <= kinds_seen for kinds_seen in by_language.values())


def test_a_hand_over_ends_its_conversation_and_a_rating_follows_thanks() -> None:
    for plan in plans(24, 7):
        kinds = [turn.kind for turn in plan.turns]
        assert kinds.count("handover") <= 1
        if "handover" in kinds:
            assert kinds[-1] == "handover"
            assert "rating" not in kinds
        else:
            assert kinds[-2:] == ["thanks", "rating"]
            assert plan.turns[-1].text.startswith("/rate_conversation")
    endings = Counter(plan.turns[-1].kind for plan in plans(40, 7))
    assert endings == {"handover": 10, "rating": 30}


def test_order_turns_carry_a_real_order_and_its_email_in_the_shoppers_language() -> None:
    for plan in plans(16, 8):
        for ask, verify in zip(plan.turns, plan.turns[1:], strict=False):
            if ask.kind == "order_status":
                order = next(o for o in ORDERS.status if o.number in ask.text)
                assert verify.kind == "order_verify" and order.email in verify.text
                assert order.number in plan.orders
                lines = [
                    line.format(number=order.number)
                    for line in LINES["order_status"][plan.language]
                ]
                assert ask.text in lines
            if ask.kind == "return":
                assert "103001" in ask.text and verify.kind == "return_verify"
                assert "dee@example.com" in verify.text and "103001" in plan.orders


def test_plans_survive_the_locust_jobs_file(tmp_path: Path) -> None:
    job = LocustJob(
        host="http://127.0.0.1:5005",
        token="t" * 64,
        plans=tuple(plans(5, 6)),
        spawn_rate=5,
        think_seconds=0.5,
        request_timeout=30,
        max_seconds=60,
        records=tmp_path / "records.jsonl",
        stats=tmp_path / "stats.json",
    )
    job.save(tmp_path / "job.json")
    assert (tmp_path / "job.json").stat().st_mode & 0o077 == 0  # it holds the token
    assert LocustJob.load(tmp_path / "job.json") == job
    assert job.run_orders == {number for plan in job.plans for number in plan.orders}


def test_the_return_choice_presses_the_first_item_and_never_the_person_or_rating() -> None:
    turn = Turn("return_choice", "what is your return policy?", True, "policy")
    reply = [
        {
            "text": "Which item?",
            "buttons": [
                {"title": "A person", "payload": "/human_handoff"},
                {"title": "Boots", "payload": '/choose_return_item{"return_line": "17"}'},
                {"title": "Socks", "payload": '/choose_return_item{"return_line": "18"}'},
            ],
        },
    ]
    assert choose_text(turn, reply) == ("return_choice", '/choose_return_item{"return_line": "17"}')
    rating_only = [{"buttons": [{"payload": '/rate_conversation{"satisfaction_rating": "5"}'}]}]
    assert choose_text(turn, rating_only) == ("policy", "what is your return policy?")
    assert choose_text(turn, []) == ("policy", "what is your return policy?")
    plain = Turn("policy", "is delivery free?")
    assert choose_text(plain, reply) == ("policy", "is delivery free?")


def test_a_reply_belongs_to_its_conversation() -> None:
    run_orders = {"104980", "104976"}
    mine = [{"recipient_id": "load-x-00001", "text": "Thanks, Ada, I've found order 104980."}]
    assert reply_problems("order_verify", "load-x-00001", mine, {"104980"}, run_orders) == []
    assert reply_problems("policy", "load-x-00001", [], set(), run_orders) == [NO_REPLY]
    other = [{"recipient_id": "load-x-00002", "text": "Shipping is free over 50."}]
    assert reply_problems("policy", "load-x-00001", other, set(), run_orders) == [
        ANOTHER_CONVERSATION
    ]
    crossed = [{"recipient_id": "load-x-00001", "text": "Order 104976 is on its way."}]
    assert reply_problems("order_verify", "load-x-00001", crossed, {"104980"}, run_orders) == [
        ANOTHER_ORDER,
        OWN_ORDER_MISSING,
    ]
    # Prices, years and the order's own number are not another conversation's order.
    listing = [{"recipient_id": "load-x-00001", "text": "Boots 149.99, model 2026, ref 104980"}]
    assert reply_problems("product_search", "load-x-00001", listing, {"104980"}, run_orders) == []


def record(kind: str, started: float, ms: float, status: int = 200, *problems: str) -> TurnRecord:
    return TurnRecord(0, "load-x-00000", kind, "hi", started, ms, status, list(problems))


def test_the_figures_count_turns_per_second_latency_per_kind_and_errors() -> None:
    records = [record("policy", 1000.0 + index * 0.1, 100.0 + index) for index in range(100)]
    records += [
        record("handover", 1005.0, 300.0),
        record("handover", 1009.0, 0.0, NO_RESPONSE, "no answer"),
    ]
    records.append(record("rating", 1010.0, 50.0, 429, "HTTP 429"))
    figures = load_figures(records)
    assert figures["turns"] == 103 and figures["errors"] == 2
    # From the first request leaving (1000.0) to the last answer (1009.9 + 0.199 s).
    assert figures["seconds"] == pytest.approx(10.1)
    assert figures["turns_per_second"] == pytest.approx(103 / 10.099, abs=0.01)
    assert figures["answered_per_second"] == pytest.approx(101 / 10.099, abs=0.01)
    assert list(figures["kinds"]) == ["policy", "handover", "rating"]
    policy = figures["kinds"]["policy"]
    assert policy["p50_ms"] == 149.5
    assert policy["p95_ms"] == pytest.approx(194.05, abs=0.06)
    assert policy["p99_ms"] == pytest.approx(198.01, abs=0.06)
    assert (
        figures["kinds"]["handover"]["turns"] == 2 and figures["kinds"]["handover"]["p50_ms"] == 300
    )
    assert figures["errors_by_problem"] == {"no answer": 1, "HTTP 429": 1}


def test_records_are_read_back_and_a_cut_line_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        write_record(stream, record("policy", 1.0, 2.0))
        write_record(stream, record("rating", 2.0, 3.0, 500, "HTTP 500"))
        stream.write('{"conversation": 0, "sen')
    assert count_records(path) == 2
    back = read_records(path)
    assert [r.kind for r in back] == ["policy", "rating"]
    assert back[1].in_doubt and not back[1].accepted and back[0].ok
    assert count_records(tmp_path / "none.jsonl") == 0
