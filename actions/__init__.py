"""Shopbot's custom actions for the rasa-sdk action server, split by domain.

``order_form`` (validation of the order form), ``order_task`` (what runs when it completes),
``orders`` and ``returns`` (the answers), ``policies``, ``handoff``, ``fallback``, ``feedback``
(acting on sentiment, the satisfaction rating); pure helpers in ``parsing``, ``rating`` and
``formatting``; ``server`` is the hardened entry point.
"""
