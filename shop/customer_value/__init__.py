"""Customer value: each customer's predicted spend over the next 12 months and a tier.

``features`` (purchase histories to recency/frequency/monetary summaries), ``model``
(BG/NBD with Gamma-Gamma, fitted by maximum likelihood), ``evaluation`` (the time split
against last year's spend), ``tiers`` (predicted values to value tiers), ``history`` (the
order database's purchases in the storefront currency) and ``service`` (score every
customer, store and read the tiers). docs/customer_value.md has the choices and figures.
"""
