"""bot/rasa_speedups.py's kept replay of a conversation's states gives exactly Rasa's
``Domain.states_for_tracker_history``: on every story and rule of the project's data, turn
by turn as a conversation grows, out of order, after reverted and restarted turns, with
every combination of the options the policies use."""

from __future__ import annotations

import itertools
import random
from pathlib import Path
from typing import Any

import pytest

from tests.bot.conftest import RASA_MISSING_REASON

pytest.importorskip("rasa", reason=RASA_MISSING_REASON)

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    DefinePrevUserUtteredFeaturization,
    Event,
    Restarted,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.generator import TrainingDataGenerator
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.importers.importer import TrainingDataImporter

from bot import rasa_speedups
from bot.rasa_speedups import ORIGINALS, applied_events, states_for_tracker_history

ROOT = Path(__file__).resolve().parents[2]
ORIGINAL = ORIGINALS["Domain.states_for_tracker_history"]


@pytest.fixture(scope="module")
def domain_and_conversations() -> tuple[Domain, list[tuple[str, list[Event], bool]]]:
    importer = TrainingDataImporter.load_from_config(
        str(ROOT / "config.yml"), str(ROOT / "domain.yml"), [str(ROOT / "data")]
    )
    domain = importer.get_domain()
    trackers = TrainingDataGenerator(
        importer.get_stories(), domain, augmentation_factor=0, remove_duplicates=False
    ).generate()
    conversations = [
        (f"story-{index}", list(tracker.events), tracker.is_rule_tracker)
        for index, tracker in enumerate(trackers)
    ]
    assert len(conversations) > 50 and any(rule for _, _, rule in conversations)
    return domain, conversations


def option_sets(domain: Domain) -> list[dict[str, Any]]:
    rule_only = {"slots": [slot.name for slot in domain.slots[:3]], "loops": domain.form_names[:1]}
    return [
        {"omit_unset_slots": omit, "ignore_rule_only_turns": ignore, "rule_only_data": data}
        for omit, ignore, data in itertools.product((False, True), (False, True), (None, rule_only))
    ]


def tracker_of(
    domain: Domain, sender: str, events: list[Event], rule: bool
) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, domain.slots, is_rule_tracker=rule)
    for event in events:
        tracker.update(event)
    return tracker


def prefixes(events: list[Event]) -> list[int]:
    """The lengths at which a policy asks: before each action, and the whole."""
    return [i for i, e in enumerate(events) if isinstance(e, ActionExecuted)] + [len(events)]


def assert_same(domain: Domain, tracker: DialogueStateTracker, options: dict[str, Any]) -> None:
    expected = ORIGINAL(domain, tracker, **options)
    got = states_for_tracker_history(domain, tracker, **options)
    assert got == expected, (tracker.sender_id, len(tracker.events), options)
    # What the caller gets is its own: editing it changes nothing kept.
    for state in got:
        state.clear()
    assert states_for_tracker_history(domain, tracker, **options) == expected


def test_growing_conversations_give_rasas_states(domain_and_conversations: Any) -> None:
    domain, conversations = domain_and_conversations
    for (sender, events, rule), options in itertools.product(conversations, option_sets(domain)):
        for length in prefixes(events):
            assert_same(domain, tracker_of(domain, sender, events[:length], rule), options)


def test_out_of_order_and_shared_senders_give_rasas_states(domain_and_conversations: Any) -> None:
    domain, conversations = domain_and_conversations
    chooser = random.Random(7)
    cases = [
        (events, rule, length) for _, events, rule in conversations for length in prefixes(events)
    ]
    chooser.shuffle(cases)
    for events, rule, length in cases[:600]:
        # One sender for all: each call is a different conversation from the kept one.
        options = chooser.choice(option_sets(domain))
        assert_same(domain, tracker_of(domain, "same-sender", events[:length], rule), options)


def test_reverted_and_restarted_turns_give_rasas_states(domain_and_conversations: Any) -> None:
    domain, conversations = domain_and_conversations
    longest = max((c for c in conversations if not c[2]), key=lambda c: len(c[1]))
    _, events, _ = longest
    user = next(e for e in events if isinstance(e, UserUttered))
    endings: list[list[Event]] = [
        [UserUtteranceReverted()],
        [ActionReverted()],
        [Restarted(), ActionExecuted("action_listen"), user],
        [user, UserUtteranceReverted(), ActionExecuted("action_listen"), user],
    ]
    for number, ending in enumerate(endings):
        grown = list(events)
        for options in option_sets(domain):
            sender = f"reverted-{number}"
            assert_same(domain, tracker_of(domain, sender, grown, False), options)
            assert_same(domain, tracker_of(domain, sender, grown + ending, False), options)


def test_the_kept_replays_are_bounded(
    domain_and_conversations: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    domain, conversations = domain_and_conversations
    monkeypatch.setattr(rasa_speedups, "HISTORY_CACHE_SIZE", 5)
    for sender, events, rule in conversations[:20]:
        states_for_tracker_history(domain, tracker_of(domain, sender, events, rule))
    assert len(rasa_speedups._HISTORIES) <= 5


def test_turns_hidden_by_rules_give_rasas_states(domain_and_conversations: Any) -> None:
    """Live conversations mark the actions of rule-only turns (``hide_rule_turn``)."""
    domain, conversations = domain_and_conversations
    chooser = random.Random(11)
    for sender, events, rule in conversations[:80]:
        marked = [
            ActionExecuted(e.action_name, e.policy, e.confidence, hide_rule_turn=True)
            if isinstance(e, ActionExecuted) and e.action_name and chooser.random() < 0.4
            else e
            for e in events
        ]
        for options in option_sets(domain):
            for length in prefixes(marked):
                assert_same(
                    domain, tracker_of(domain, f"hidden-{sender}", marked[:length], rule), options
                )


ORIGINAL_APPLIED = ORIGINALS["DialogueStateTracker.applied_events"]


def test_applied_events_kept_on_a_growing_tracker_are_rasas(
    domain_and_conversations: Any,
) -> None:
    """One tracker per story, grown event by event (as a conversation grows): after every
    event the kept result equals Rasa's, forms, reverted and restarted turns included."""
    domain, conversations = domain_and_conversations
    longest = max(conversations, key=lambda c: len(c[1]))[1]
    user = next(e for e in longest if isinstance(e, UserUttered))
    extra: list[Event] = [
        UserUtteranceReverted(),
        ActionReverted(),
        Restarted(),
        ActionExecuted("action_listen"),
        user,
        ActionExecuted("order_form"),
    ]
    for sender, events, rule in [*conversations, ("extra", longest + extra, False)]:
        tracker = DialogueStateTracker(sender, domain.slots, is_rule_tracker=rule)
        for event in events:
            tracker.update(event)
            got = applied_events(tracker)
            assert got == ORIGINAL_APPLIED(tracker), (sender, len(tracker.events))
            assert all(a is b for a, b in zip(got, ORIGINAL_APPLIED(tracker), strict=True))


def test_applied_events_start_again_when_the_events_are_not_the_same(
    domain_and_conversations: Any,
) -> None:
    domain, conversations = domain_and_conversations
    _, events, _ = max(conversations, key=lambda c: len(c[1]))
    tracker = tracker_of(domain, "replaced", events, False)
    applied_events(tracker)
    other = [e for e in events if not isinstance(e, UserUttered)][: len(events) // 2]
    tracker.events.clear()
    tracker.events.extend(other)  # fewer events, others in front
    assert applied_events(tracker) == ORIGINAL_APPLIED(tracker)


def test_applied_events_on_random_conversations_with_forms_are_rasas(
    domain_and_conversations: Any,
) -> None:
    """Random sequences of form steps, form (de)activations, user turns, rejections and
    reverts, checked after every event on one growing tracker each."""
    domain, _ = domain_and_conversations
    user = UserUttered("hi", {"name": "greet", "confidence": 1.0})
    pool: list[Any] = [
        lambda: ActionExecuted("action_listen"),
        lambda: user,
        lambda: ActionExecuted("order_form"),
        lambda: ActiveLoop("order_form"),
        lambda: ActiveLoop(None),
        lambda: ActionExecuted("satisfaction_comment_form"),
        lambda: ActiveLoop("satisfaction_comment_form"),
        lambda: ActionExecuted("utter_greet"),
        lambda: ActionExecutionRejected("order_form"),
        lambda: DefinePrevUserUtteredFeaturization(False),
        lambda: UserUtteranceReverted(),
        lambda: ActionReverted(),
        lambda: Restarted(),
    ]
    weights = [6, 5, 5, 2, 2, 2, 1, 3, 1, 1, 1, 1, 0.3]
    chooser = random.Random(3)
    for number in range(300):
        tracker = DialogueStateTracker(f"random-{number}", domain.slots)
        for _ in range(chooser.randint(5, 60)):
            tracker.update(chooser.choices(pool, weights)[0]())
            assert applied_events(tracker) == ORIGINAL_APPLIED(tracker), (number, tracker.events)
