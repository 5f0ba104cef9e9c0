"""The demo shop's data: customers, products, orders with their parcels, returns and refunds,
generated deterministically from a seed (``shopbot db seed``)."""
