"""Benchmarks that print figures (``shopbot bench ...``); never run as timed tests."""
