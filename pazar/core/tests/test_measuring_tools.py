"""The measuring tools (`make bench`, `make loadtest`) run on what their make targets install.

Those targets install requirements.lock and the tools' own locks, never requirements-dev.lock: a
tool that imports a test factory or a dev-only package works in the shared venv and fails on a
fresh clone. CI's `make smoke` runs both tools; this finds the import without running them.
"""

import ast
import re
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
TOOL_SOURCES = [ROOT / "bench", ROOT / "pazar" / "benchdata"]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==", re.MULTILINE)


def _names(*locks: str) -> set[str]:
    return {re.sub(r"[-_.]+", "-", name).lower() for lock in locks for name in PIN.findall((ROOT / lock).read_text())}


def _tool_files() -> list[Path]:
    return [path for base in TOOL_SOURCES for path in base.rglob("*.py") if "tests" not in path.parts]


def _imports(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.add(node.module)
    return modules


def test_tools_import_no_test_module():
    found = {
        f"{path.relative_to(ROOT)}: {module}"
        for path in _tool_files()
        for module in _imports(path)
        if module.startswith("pazar.") and ".tests" in f".{module}."
    }
    assert sorted(found) == []


def test_tools_import_no_dev_only_package():
    dev_only = _names("requirements-dev.lock") - _names(
        "requirements.lock", "bench/requirements.lock", "bench/loadtest/requirements.lock"
    )
    assert {"factory-boy", "faker"} <= dev_only  # the check sees the dev lock
    distributions = packages_distributions()
    found = {
        f"{path.relative_to(ROOT)}: {module} ({dist})"
        for path in _tool_files()
        for module in _imports(path)
        for dist in distributions.get(module.split(".")[0], [])
        if re.sub(r"[-_.]+", "-", dist).lower() in dev_only
    }
    assert sorted(found) == []
