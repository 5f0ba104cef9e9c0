"""The action server serves exactly the actions the domain lists, so none can linger.

The server registers every ``Action`` subclass of the ``actions`` package (actions/server.py);
a helper that is no longer an action (the readings of ``action_read_message``) must not be
one, and every action the domain names must exist.
"""

from __future__ import annotations

from actions.threads import ActionThreads, ThreadedActionExecutor
from tests.actions.support import domain


def served_actions() -> set[str]:
    """The action names the action server registers, as ``actions.server.build_app`` does."""
    threads = ActionThreads(1)
    executor = ThreadedActionExecutor(threads)
    executor.register_package("actions")
    threads.shutdown()
    return set(executor.actions)


def domain_actions() -> set[str]:
    """The domain's custom actions plus the validation action of each of its forms."""
    forms = domain().get("forms") or {}
    return set(domain()["actions"]) | {f"validate_{form}" for form in forms}


def test_the_server_serves_exactly_the_domains_actions() -> None:
    served = served_actions()
    expected = domain_actions()
    assert not served - expected, f"served but not in domain.yml: {sorted(served - expected)}"
    assert not expected - served, f"in domain.yml but not served: {sorted(expected - served)}"


def test_the_retired_readings_are_not_served() -> None:
    retired = {"action_assess_sentiment", "action_route_to_human", "action_detect_language"}
    assert not retired & served_actions()
