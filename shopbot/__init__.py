"""Shopbot's command line, web server, benchmarks and demo data (an application, beside
``actions`` and ``bot``; docs/architecture.md).

``cli`` (the ``shopbot`` command), ``web`` (the demo shop page, the widget's files and the
hand-over API), ``benchmarks`` (figures against baselines, ``shopbot bench``), ``demo`` (the
demo shop's data), ``channels`` (which of the Rasa server's channels are on), ``nlu_eval``
(intent evaluation) and ``runtime`` (starting the servers for the end-to-end tests and the
benchmarks).
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
