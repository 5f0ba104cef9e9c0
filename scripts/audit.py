"""`make audit`: known vulnerabilities in what the project installs.

Audits the two Python environments (``.venv`` and ``.venv-rasa``) with pip-audit (pinned in
pyproject's dev extras; it runs from ``.venv`` against each environment's frozen package
list, without resolving anything) and the widget's npm packages (``npm audit --omit=dev``
in ``web/``). It fails (exit 1) on a known vulnerability that has a fixed version, unless the
advisory is in ``requirements/audit-ignore.txt`` with the reason it does not apply (Rasa
3.6's own pins cannot move: docs/security.md). Advisories without any fixed version are
printed and do not fail.

When an advisory service cannot be reached (pip-audit asks PyPI, npm asks its registry), the
audit says so on every line it prints and exits 2: it never passes silently. With
``--unreachable=warn`` (CI on machines without that service) it exits 0 after saying so.

Standard library only: it runs under ``.venv/bin/python``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
IGNORE_FILE = ROOT / "requirements" / "audit-ignore.txt"
ENVIRONMENTS = {".venv": ROOT / ".venv", ".venv-rasa": ROOT / ".venv-rasa"}
PIP_AUDIT = ROOT / ".venv" / "bin" / "pip-audit"
WEB = ROOT / "web"
TIMEOUT_SECONDS = 600

CLEAN, VULNERABLE, UNREACHABLE = 0, 1, 2


@dataclass(frozen=True)
class Ignored:
    """An advisory that does not apply, for one package, and why."""

    advisory: str
    package: str
    reason: str


@dataclass(frozen=True)
class Finding:
    """One advisory against one installed package."""

    package: str
    version: str
    advisory: str
    aliases: tuple[str, ...] = ()
    fixed_in: tuple[str, ...] = ()

    def ids(self) -> set[str]:
        """The advisory's id and its aliases."""
        return {self.advisory, *self.aliases}


@dataclass
class Report:
    """What one audit (an environment, or npm) found."""

    name: str
    findings: list[Finding] = field(default_factory=list)
    audited: int = 0
    not_audited: list[str] = field(default_factory=list)
    #: Why nothing could be audited (the advisory service did not answer), if so.
    unreachable: str | None = None


def read_ignores(path: Path = IGNORE_FILE) -> list[Ignored]:
    """``ADVISORY PACKAGE REASON...`` per line; ``#`` comments. ValueError without a reason."""
    ignores = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split(None, 2)
        if len(parts) < 3:
            raise ValueError(f"{path.name}:{number}: ADVISORY PACKAGE REASON, with a reason")
        ignores.append(Ignored(parts[0], parts[1].lower(), parts[2]))
    return ignores


def is_ignored(finding: Finding, ignores: Iterable[Ignored]) -> Ignored | None:
    """The ignore entry for ``finding`` (its package, its id or an alias), if any."""
    for entry in ignores:
        if entry.package == finding.package.lower() and entry.advisory in finding.ids():
            return entry
    return None


def frozen_requirements(python: Path) -> list[str]:
    """``name==version`` of every installed distribution (editable and local ones left out)."""
    done = subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "freeze",
            "--all",
            "--exclude-editable",
            "--disable-pip-version-check",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=TIMEOUT_SECONDS,
    )
    return [line.strip() for line in done.stdout.splitlines() if "==" in line and "@" not in line]


def parse_pip_audit(name: str, document: Mapping[str, Any]) -> Report:
    """pip-audit's JSON (``--format json``) as a report."""
    report = Report(name)
    for dependency in document.get("dependencies", []):
        package = str(dependency.get("name"))
        if dependency.get("skip_reason"):
            report.not_audited.append(f"{package}=={dependency.get('version', '?')}")
            continue
        report.audited += 1
        for vulnerability in dependency.get("vulns", []):
            report.findings.append(
                Finding(
                    package=package,
                    version=str(dependency.get("version")),
                    advisory=str(vulnerability.get("id")),
                    aliases=tuple(vulnerability.get("aliases") or ()),
                    fixed_in=tuple(vulnerability.get("fix_versions") or ()),
                )
            )
    if report.audited == 0:
        report.unreachable = (
            f"none of {len(report.not_audited)} packages could be looked up "
            "(the advisory service did not answer)"
        )
    return report


def audit_environment(name: str, environment: Path) -> Report:
    """pip-audit on one environment's frozen package list."""
    python = environment / "bin" / "python"
    if not python.exists():
        return Report(name, unreachable=f"{environment} does not exist (run make setup)")
    with tempfile.TemporaryDirectory() as folder:
        requirements = Path(folder) / "requirements.txt"
        requirements.write_text("\n".join(frozen_requirements(python)) + "\n", encoding="utf-8")
        output = Path(folder) / "audit.json"
        done = subprocess.run(
            [
                str(PIP_AUDIT),
                "--requirement",
                str(requirements),
                "--no-deps",
                "--disable-pip",
                "--format",
                "json",
                "--output",
                str(output),
                "--progress-spinner",
                "off",
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=TIMEOUT_SECONDS,
        )
        if not output.exists() or not output.read_text(encoding="utf-8").strip():
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            return Report(name, unreachable=f"pip-audit failed: {last[:300]}")
        return parse_pip_audit(name, json.loads(output.read_text(encoding="utf-8")))


def parse_npm_audit(document: Mapping[str, Any]) -> Report:
    """``npm audit --json`` (npm 7 and later) as a report; findings with a fix carry one."""
    report = Report("web (npm)")
    error = document.get("error")
    if error:
        summary = error.get("summary") if isinstance(error, Mapping) else str(error)
        report.unreachable = f"npm audit failed: {str(summary)[:300]}"
        return report
    metadata = document.get("metadata") or {}
    report.audited = int((metadata.get("dependencies") or {}).get("prod", 0) or 0)
    for package, entry in (document.get("vulnerabilities") or {}).items():
        fixable = entry.get("fixAvailable")
        fixed_in = ("available",) if fixable else ()
        for source in entry.get("via") or []:
            if not isinstance(source, Mapping):
                continue  # a dependency's advisory, reported under that dependency
            url = str(source.get("url") or "")
            advisory = url.rsplit("/", 1)[-1] if url else str(source.get("source"))
            report.findings.append(
                Finding(str(package), str(entry.get("range", "?")), advisory, (), fixed_in)
            )
    return report


def audit_npm(web: Path = WEB) -> Report:
    """``npm audit --omit=dev`` in ``web/``."""
    try:
        done = subprocess.run(
            ["npm", "audit", "--omit=dev", "--json"],
            cwd=web,
            capture_output=True,
            text=True,
            check=False,
            timeout=TIMEOUT_SECONDS,
        )
    except FileNotFoundError:
        return Report("web (npm)", unreachable="npm is not installed")
    try:
        document = json.loads(done.stdout or "{}")
    except json.JSONDecodeError:
        return Report("web (npm)", unreachable="npm audit printed no JSON")
    if not document:
        return Report("web (npm)", unreachable="npm audit printed nothing")
    return parse_npm_audit(document)


def verdict(reports: Sequence[Report], ignores: Sequence[Ignored]) -> tuple[int, list[str]]:
    """The exit code (CLEAN, VULNERABLE, UNREACHABLE) and the lines to print."""
    lines: list[str] = []
    failing = unreachable = False
    for report in reports:
        if report.unreachable:
            unreachable = True
            lines.append(f"NOT AUDITED  {report.name}: {report.unreachable}")
            continue
        lines.append(f"audited      {report.name}: {report.audited} packages")
        if report.not_audited:
            lines.append(
                f"  not on the advisory service ({len(report.not_audited)}): "
                + ", ".join(sorted(report.not_audited))
            )
        for finding in report.findings:
            label = f"{finding.package} {finding.version} {finding.advisory}"
            entry = is_ignored(finding, ignores)
            if entry is not None:
                lines.append(f"  ignored      {label}: {entry.reason}")
            elif finding.fixed_in:
                failing = True
                lines.append(f"  VULNERABLE   {label}: fixed in {', '.join(finding.fixed_in)}")
            else:
                lines.append(f"  no fix yet   {label}")
    if failing:
        return VULNERABLE, [*lines, "audit FAILED: known vulnerabilities with a fixed version"]
    if unreachable:
        return UNREACHABLE, [
            *lines,
            "audit INCOMPLETE: an advisory service could not be reached; what is marked "
            "NOT AUDITED was not checked",
        ]
    return CLEAN, [*lines, "audit passed: no known vulnerability with a fixed version"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run every audit, print the verdict, return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--unreachable",
        choices=("fail", "warn"),
        default="fail",
        help="when an advisory service cannot be reached: exit 2 (fail) or 0 after saying so",
    )
    arguments = parser.parse_args(argv)
    ignores = read_ignores()
    reports = [audit_environment(name, path) for name, path in ENVIRONMENTS.items()]
    reports.append(audit_npm())
    code, lines = verdict(reports, ignores)
    for line in lines:
        print(line)
    if code == UNREACHABLE and arguments.unreachable == "warn":
        print("(--unreachable=warn: not failing; run `make audit` where the services answer)")
        return CLEAN
    return code


if __name__ == "__main__":
    sys.exit(main())
