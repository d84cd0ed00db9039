"""Django's `makemigrations`, which also writes the list versions' triggers (pazar/core/list_versions.py).

After the models' changes, it compares each registered declaration with the latest
`InstallTriggers` the migrations hold for it: where they differ (or none exists), it writes an
`atomic = False` migration into the declaring app carrying the new SQL; with `--check` it exits 1
instead, so `make test` fails on a declaration its migrations do not install.
"""

import os
import sys

from django.apps import apps
from django.core.management.commands import makemigrations
from django.db.migrations import Migration
from django.db.migrations.autodetector import MigrationAutodetector
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.writer import MigrationWriter

from pazar.core import list_versions
from pazar.core.list_versions import InstallTriggers


def installed_by_migrations(loader: MigrationLoader) -> dict[str, InstallTriggers]:
    """The latest InstallTriggers per trigger name, over every migration in the graph's order."""
    found: dict[str, InstallTriggers] = {}
    for key in _plan(loader):
        for operation in loader.graph.nodes[key].operations:
            if isinstance(operation, InstallTriggers):
                found[operation.name] = operation
    return found


def _plan(loader: MigrationLoader) -> list[tuple[str, str]]:
    plan: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for leaf in sorted(loader.graph.leaf_nodes()):
        for key in loader.graph.forwards_plan(leaf):
            if key not in seen:
                seen.add(key)
                plan.append(key)
    return plan


def drift() -> dict[str, list[InstallTriggers]]:
    """The operations each app's migrations lack to install its declarations as they are now."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    have = installed_by_migrations(loader)
    missing: dict[str, list[InstallTriggers]] = {}
    for label, bumps in list_versions.registered().items():
        for bump in bumps:
            wanted = list_versions.operation(bump)
            if bump.name not in have or have[bump.name].deconstruct() != wanted.deconstruct():
                missing.setdefault(label, []).append(wanted)
    return missing


class Command(makemigrations.Command):
    help = makemigrations.Command.help + " Also writes the list versions' triggers (InstallTriggers)."

    def handle(self, *app_labels, **options):
        super().handle(*app_labels, **options)
        missing = drift()
        if app_labels:
            missing = {label: ops for label, ops in missing.items() if label in app_labels}
        if not missing:
            return
        loader = MigrationLoader(None, ignore_no_migrations=True)
        for label, operations in sorted(missing.items()):
            names = ", ".join(operation.name for operation in operations)
            self.stdout.write(f"Triggers of {label!r} differ from its migrations: {names}")
            if options["check_changes"] or options["dry_run"]:
                continue
            self._write(loader, label, operations)
        if options["check_changes"]:
            sys.exit(1)

    def _write(self, loader: MigrationLoader, label: str, operations: list[InstallTriggers]) -> None:
        leaves = loader.graph.leaf_nodes()
        own = [leaf for leaf in leaves if leaf[0] == label]
        number = (MigrationAutodetector.parse_number(own[0][1]) or 0) + 1 if own else 1
        # After every app's latest migration: the triggers read other apps' tables.
        dependencies = sorted(leaf for leaf in leaves if _module(leaf[0]).startswith("pazar."))
        migration = Migration(f"{number:04d}_list_version_triggers", label)
        migration.atomic = False
        migration.dependencies = dependencies
        migration.operations = operations
        writer = MigrationWriter(migration)
        os.makedirs(os.path.dirname(writer.path), exist_ok=True)
        with open(writer.path, "w", encoding="utf-8") as handle:
            # Not atomic: each trigger in its own short transaction, the count in batches.
            text = writer.as_string().replace(
                "class Migration(migrations.Migration):\n",
                "class Migration(migrations.Migration):\n    atomic = False\n\n",
                1,
            )
            handle.write(text)
        self.stdout.write(f"  {writer.path}")


def _module(label: str) -> str:
    try:
        return apps.get_app_config(label).name
    except LookupError:
        return ""
