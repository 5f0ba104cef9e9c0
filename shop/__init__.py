"""The shop's services, on the knowledge library and the core.

``orders`` (look up, cancel), ``verification`` (order number plus email, with limits),
``returns`` (eligibility, RMAs, refunds), ``recommendations`` (purchase signals),
``handover`` (tickets and the agents who answer them), ``support`` (the hand-over desk),
``feedback`` (sentiment, ratings and comments read from the tracker store), ``privacy``
(erasure and retention of shoppers' data), ``rasa_api`` (the client of the Rasa server's
REST channel and HTTP API) and ``sampling`` (demo orders across statuses).

The applications (actions, the command line, the web server) call these; they never touch
ORM objects or sessions themselves. Every service returns the immutable views of
:mod:`core.views`.
"""
