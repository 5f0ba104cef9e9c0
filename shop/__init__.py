"""The shop's domain services: orders, returns, refunds, hand-over tickets.

Actions call these; they never touch ORM objects or sessions themselves. Every service
returns the immutable views of :mod:`core.views`.
"""
