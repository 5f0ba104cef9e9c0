"""Open a conversation with what the shopper most likely needs (docs/opening.md).

- :mod:`~shop.opening.customer_token`: the shop page's signed customer token (the widget of
  a logged-in customer), made and checked;
- :mod:`~shop.opening.identity`: messaging ids seen with a verified order, stored under a
  keyed hash, and the customer behind one;
- :mod:`~shop.opening.signals`: the state of a customer's recent orders, read from the
  order database;
- :mod:`~shop.opening.ranking`: the likely reasons, ranked, as quick-reply offers (pure);
- :mod:`~shop.opening.service`: all of it for one conversation;
- :mod:`~shop.opening.erase`: the privacy eraser of the links (registered on import).
"""

from shop.opening.erase import ChannelIdentityEraser

__all__ = ["ChannelIdentityEraser"]
