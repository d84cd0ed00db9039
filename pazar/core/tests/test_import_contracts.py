"""The import rules hold: the contracts in pyproject.toml's [tool.importlinter], run by import-linter.

Apps import only the layers below them (core at the bottom, notifications and loyalty above it),
no two apps nor two modules of one app import each other, and no services module reaches a tasks
module (services queue tasks by name through core/jobs.py). docs/development.md, "Layout".
"""

from pathlib import Path

from importlinter import configuration
from importlinter.application import use_cases

ROOT = Path(__file__).resolve().parents[3]


def test_the_import_contracts_are_kept(monkeypatch):
    # The use case, not the command line: the command reconfigures logging for the whole process.
    configuration.configure()
    monkeypatch.chdir(ROOT)
    assert use_cases.lint_imports(config_filename=str(ROOT / "pyproject.toml"), cache_dir=None, no_logo=True)
