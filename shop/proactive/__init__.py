"""Proactive order notices: write first when an order goes wrong (docs/proactive.md).

- :mod:`~shop.proactive.detection`: the orders that need a word, per kind and event;
- :mod:`~shop.proactive.ledger`: every notice once per order and event, sent / failed /
  answered;
- :mod:`~shop.proactive.consent`: the shopper's yes or no, per customer and channel;
- :mod:`~shop.proactive.recipients`: the conversation to write to;
- :mod:`~shop.proactive.policy`: quiet hours and the daily limit, in the shop's time zone;
- :mod:`~shop.proactive.scan`: one pass over all of it; :mod:`~shop.proactive.rasa_sender`
  hands a notice to the Rasa server (:mod:`~shop.proactive.notice`: what it carries).
"""
