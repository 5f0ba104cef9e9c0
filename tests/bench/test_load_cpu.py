"""CPU per process during a load test: what a process is called, a real busy process found
by the monitor, and the saturation verdict."""

from __future__ import annotations

import subprocess
import sys
import time

from shopbot.benchmarks.load.cpu import CpuMonitor, CpuReport, ProcessCpu, process_label, saturation


def test_processes_are_named_by_what_they_are() -> None:
    rasa = ["/p/.venv-rasa/bin/python", "-m", "bot.server", "--model", "m", "--port", "5105"]
    assert process_label("python", rasa, 42) == "Rasa server :5105 (pid 42)"
    assert process_label("python", ["python", "-m", "actions.server"], 7) == "action server (pid 7)"
    assert process_label("python", ["python", "-m", "shopbot.web", "--port", "8100"], 8) == (
        "web server :8100 (pid 8)"
    )
    follow = [".venv/bin/python", ".venv/bin/shopbot", "conversations", "follow"]
    assert process_label("shopbot", follow, 9) == "summaries consumer (pid 9)"
    # Services of several processes count as one.
    assert process_label("postgres", ["postgres: 16/main: checkpointer"], 10) == "PostgreSQL"
    assert process_label("nginx", ["nginx: worker process"], 11) == "nginx"
    assert process_label("beam.smp", ["/usr/lib/erlang/erts/bin/beam.smp"], 12) == "RabbitMQ"
    assert process_label("bash", ["bash"], 13) == "bash (pid 13)"
    bench = ["/w/.venv/bin/python", "/w/.venv/bin/shopbot", "bench", "load", "--json"]
    assert process_label("shopbot", bench, 14) == "shopbot bench load (pid 14)"


def test_the_monitor_finds_a_busy_process() -> None:
    busy = subprocess.Popen(
        [sys.executable, "-c", "import time\nend = time.time() + 3\nwhile time.time() < end: pass"]
    )
    try:
        monitor = CpuMonitor(interval=0.5, names={busy.pid: "the busy one"}).start()
        time.sleep(2.5)
        report = monitor.stop()
    finally:
        busy.kill()
        busy.wait()
    found = {process.label: process for process in report.processes}
    assert "the busy one" in found, [p.label for p in report.processes[:5]]
    # One core for ~2.5 s on a shared machine: well above anything idle.
    assert found["the busy one"].mean_percent > 25
    assert found["the busy one"].peak_percent >= found["the busy one"].mean_percent * 0.5
    assert report.cores >= 1 and report.seconds >= 2
    assert 0 < report.machine_mean_percent <= 100


def test_the_verdict_names_the_process_at_a_full_core() -> None:
    rasa = ProcessCpu("Rasa server :5105 (pid 42)", 97.0, 100.0)
    actions = ProcessCpu("action server (pid 7)", 40.0, 70.0)
    verdict = saturation(CpuReport([rasa, actions], 70.0, 100.0, 2, 60.0))
    assert verdict.startswith("Rasa server :5105 (pid 42) at 97% of a core")
    spread = saturation(CpuReport([ProcessCpu("a", 60, 80), ProcessCpu("b", 55, 70)], 95, 100, 2))
    assert spread.startswith("all 2 cores busy (95%)") and "a (60%)" in spread
    idle = saturation(CpuReport([ProcessCpu("a", 20, 30)], 15, 40, 2))
    assert "no process at 100%" in idle and "not CPU" in idle
    assert saturation(CpuReport()) == "no CPU figures"
    assert CpuReport([rasa], 70, 100, 2, 60).to_dict()["processes"][0]["process"] == rasa.label
