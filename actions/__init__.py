"""Shopbot's custom actions for the rasa-sdk action server, split by domain.

Actions (each serves names that ``domain.yml`` lists; ``tests/actions/test_action_registry.py``
checks that the server serves exactly those):

- ``order_form`` (validation of the order form), ``order_task`` (what runs when it
  completes), ``orders`` and ``returns`` (the answers about a verified order);
- ``policies`` (store policy questions), ``handoff`` (hand-over to a person), ``fallback``;
- ``catalog`` (product search and questions about listed products), ``recommendations``;
- ``feedback`` (acting on sentiment, the satisfaction rating and comment);
- ``message_reading``: ``action_read_message``, the custom slot mapping that reads every
  message; its readings are plain helpers in ``handoff`` (human-only topics), ``language``
  (the conversation's language) and ``feedback`` (the sentiment summary).

Pure helpers (no Rasa): ``parsing`` (order numbers, emails, item choices), ``rating``,
``formatting`` (money, dates, item lists by locale), ``product_format``,
``product_questions``, ``product_reference``, ``product_words``, ``shopper_words``. Shared by
the actions: ``product_listing`` (listing and paging products), ``conversation`` (readers of
the conversation state), ``services`` (the shop services, built once per process).
``server`` is the hardened entry point.
"""
