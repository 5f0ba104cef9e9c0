"""`make audit` (scripts/audit.py): fails on a known vulnerability with a fixed version,
passes what the checked-in ignore list explains, and never passes silently when the advisory
service does not answer. pip-audit's and npm's JSON are fed in as they print it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from core.settings import PROJECT_ROOT


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "shopbot_audit", PROJECT_ROOT / "scripts/audit.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


audit = _load()


def pip_audit(*dependencies: dict[str, Any]) -> dict[str, Any]:
    return {"dependencies": list(dependencies), "fixes": []}


def vuln(advisory: str, *fixed: str, aliases: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"id": advisory, "fix_versions": list(fixed), "aliases": list(aliases)}


IGNORES = [audit.Ignored("CVE-2024-3660", "keras", "only our own model is loaded")]


def test_a_vulnerability_with_a_fixed_version_fails() -> None:
    report = audit.parse_pip_audit(
        ".venv",
        pip_audit(
            {"name": "jinja2", "version": "3.1.2", "vulns": [vuln("GHSA-h5c8-rqwp-cp95", "3.1.3")]},
            {"name": "rich", "version": "15.0.0", "vulns": []},
        ),
    )
    code, lines = audit.verdict([report], IGNORES)
    assert code == audit.VULNERABLE
    assert any("VULNERABLE" in line and "GHSA-h5c8-rqwp-cp95" in line for line in lines)
    assert lines[-1].startswith("audit FAILED")


def test_an_ignored_advisory_matches_by_alias_and_package_only() -> None:
    keras = {
        "name": "keras",
        "version": "2.12.0",
        "vulns": [vuln("GHSA-xxxx-yyyy-zzzz", "2.13.1", aliases=("CVE-2024-3660",))],
    }
    code, lines = audit.verdict([audit.parse_pip_audit(".venv-rasa", pip_audit(keras))], IGNORES)
    assert code == audit.CLEAN
    assert any("ignored" in line and "only our own model" in line for line in lines)
    # The same advisory id on another package is not ignored.
    other = {**keras, "name": "tf-keras"}
    code, _ = audit.verdict([audit.parse_pip_audit(".venv-rasa", pip_audit(other))], IGNORES)
    assert code == audit.VULNERABLE


def test_an_advisory_without_a_fix_is_shown_and_does_not_fail() -> None:
    report = audit.parse_pip_audit(
        ".venv", pip_audit({"name": "jsonpickle", "version": "3.0.4", "vulns": [vuln("PYSEC-1")]})
    )
    code, lines = audit.verdict([report], IGNORES)
    assert code == audit.CLEAN
    assert any("no fix yet" in line and "PYSEC-1" in line for line in lines)


def test_nothing_looked_up_is_reported_as_not_audited_never_as_passed() -> None:
    skipped = [
        {"name": name, "version": "1.0", "skip_reason": "Dependency not found on PyPI"}
        for name in ("alembic", "rich")
    ]
    report = audit.parse_pip_audit(".venv", pip_audit(*skipped))
    code, lines = audit.verdict([report], IGNORES)
    assert code == audit.UNREACHABLE
    assert lines[0].startswith("NOT AUDITED  .venv")
    assert "passed" not in "\n".join(lines)


def test_a_failed_npm_audit_is_not_audited() -> None:
    report = audit.parse_npm_audit(
        {"statusCode": 405, "error": {"summary": "", "detail": ""}, "message": "405 ..."}
    )
    assert report.unreachable is not None
    assert audit.verdict([report], [])[0] == audit.UNREACHABLE


def test_npm_fails_on_a_fixable_advisory_only() -> None:
    document = {
        "vulnerabilities": {
            "ws": {
                "range": "8.0.0 - 8.17.0",
                "fixAvailable": True,
                "via": [{"source": 1, "url": "https://github.com/advisories/GHSA-3h5v-q93c-6h6q"}],
            },
            "engine.io-client": {"range": "*", "fixAvailable": True, "via": ["ws"]},
            "debug": {
                "range": "*",
                "fixAvailable": False,
                "via": [{"source": 2, "url": "https://github.com/advisories/GHSA-aaaa-bbbb-cccc"}],
            },
        },
        "metadata": {"dependencies": {"prod": 9}},
    }
    report = audit.parse_npm_audit(document)
    assert [finding.advisory for finding in report.findings] == [
        "GHSA-3h5v-q93c-6h6q",
        "GHSA-aaaa-bbbb-cccc",
    ]
    code, lines = audit.verdict([report], [])
    assert code == audit.VULNERABLE
    assert any("no fix yet" in line and "GHSA-aaaa-bbbb-cccc" in line for line in lines)


def test_the_checked_in_ignore_list_gives_a_reason_for_each_advisory() -> None:
    ignores = audit.read_ignores()
    assert ignores, "requirements/audit-ignore.txt lists the advisories of Rasa's pins"
    for entry in ignores:
        assert entry.advisory.startswith(("CVE-", "GHSA-", "PYSEC-")), entry
        assert len(entry.reason.split()) >= 4, entry
    documented = (PROJECT_ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    missing = [entry.advisory for entry in ignores if entry.advisory not in documented]
    assert missing == [], "explain these in docs/security.md"


def test_a_line_without_a_reason_is_refused(tmp_path: Path) -> None:
    listed = tmp_path / "ignore.txt"
    listed.write_text("# comment\nCVE-2024-1 keras\n", encoding="utf-8")
    with pytest.raises(ValueError, match="reason"):
        audit.read_ignores(listed)
