"""Labelled product-search queries: criteria in ``queries.yml``, materialised by ``build.py``."""
