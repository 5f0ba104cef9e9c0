"""Shopbot: a self-hosted customer-service assistant for online shops."""

__all__ = ["__version__"]

__version__ = "0.1.0"
