"""The load test (``shopbot bench load``): many concurrent conversations over the REST
channel, driven by locust in a process of its own, then a reconciliation of the stores.

- :mod:`~shopbot.benchmarks.load.scenario`: who says what (plans decided before the run);
- :mod:`~shopbot.benchmarks.load.replies`: whether a reply belongs to its conversation;
- :mod:`~shopbot.benchmarks.load.records`: one line per turn, written by the locust process;
- :mod:`~shopbot.benchmarks.load.locust_process`: the locust process (gevent lives there only);
- :mod:`~shopbot.benchmarks.load.figures`: turns per second and latency per turn kind;
- :mod:`~shopbot.benchmarks.load.cpu`: CPU per process during the run;
- :mod:`~shopbot.benchmarks.load.reconcile`: every message in the tracker store and the
  console's summaries exactly once;
- :mod:`~shopbot.benchmarks.load.run`: all of it in order.

Nothing here imports locust or gevent except the locust process's own modules, so the
``shopbot`` command is never monkey-patched.
"""
