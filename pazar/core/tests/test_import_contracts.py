"""The import rules hold: the contracts in pyproject.toml's [tool.importlinter], run by import-linter.

Apps import only the layers below them (core at the bottom, notifications and loyalty above it),
no two apps nor two modules of one app import each other, and no services module reaches a tasks
module (services queue tasks by name through core/jobs.py). docs/development.md, "Layout".
"""

from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[3]


def test_the_import_contracts_are_kept(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0
