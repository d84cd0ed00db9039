"""The list versions' triggers are installed by migrations written from their declarations.

`makemigrations --check` (in `make test`) fails when a declaration (pazar/*/list_versions.py) differs
from what the migrations install; `InstallTriggers` replaces the triggers of an older release.
"""

import dataclasses

import pytest
from django.core.management import call_command
from django.db import connection

from pazar.core import list_versions
from pazar.core.management.commands.makemigrations import drift
from pazar.orders import list_versions as order_versions


@pytest.fixture(autouse=True)
def migration_modules(settings):
    """The apps' real migrations (the suite runs with --no-migrations)."""
    settings.MIGRATION_MODULES = {}


def test_the_migrations_install_every_declaration_as_it_is():
    assert drift() == {}


@pytest.mark.django_db
def test_a_changed_declaration_fails_makemigrations_check(monkeypatch, capsys):
    # given an order item trigger that now also watches another column
    bumps = order_versions.bumps()
    changed = [
        dataclasses.replace(b, when="OLD.status IS DISTINCT FROM NEW.status") if b.name == "orders_orderitem" else b
        for b in bumps
    ]
    monkeypatch.setitem(list_versions._REGISTRY, "orders", lambda: changed)

    # when makemigrations checks, then it fails naming the trigger
    with pytest.raises(SystemExit) as exit_:
        call_command("makemigrations", "--check", "--dry-run")
    assert exit_.value.code == 1
    assert "orders_orderitem" in capsys.readouterr().out
    assert [op.name for op in drift()["orders"]] == ["orders_orderitem"]


@pytest.mark.django_db
def test_a_new_declaration_is_written_as_a_migration(monkeypatch, tmp_path, settings):
    # given a declaration no migration installs yet, and the orders' migrations copied aside
    import shutil

    import pazar.orders.migrations as package

    target = tmp_path / "orders_migrations"
    shutil.copytree(package.__path__[0], target, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.syspath_prepend(str(tmp_path))
    settings.MIGRATION_MODULES = {"orders": "orders_migrations"}
    extra = list_versions.Bump("orders_extra", "orders_bank", order_versions.CATALOG, events=("INSERT",))
    monkeypatch.setitem(list_versions._REGISTRY, "orders", lambda: [*order_versions.bumps(), extra])

    # when makemigrations runs
    call_command("makemigrations", "orders")

    # then one non-atomic migration carries it, and nothing differs any more
    written = sorted(p.name for p in target.glob("*_list_version_triggers.py"))
    assert len(written) == 2
    text = (target / written[-1]).read_text()
    assert "atomic = False" in text and "lv_orders_extra_insert" in text
    assert drift() == {}


@pytest.mark.django_db
def test_the_installed_triggers_are_the_declared_ones():
    # ensure() finds every declared trigger in place: the test database has exactly these
    with connection.cursor() as cursor:
        for bumps in list_versions.registered().values():
            for bump in bumps:
                operation = list_versions.operation(bump)
                if connection.vendor == "postgresql":
                    assert list_versions.installed(cursor, bump.table, operation.functions, operation.fingerprinted())
                else:
                    assert list_versions.sqlite_installed(cursor, operation.sqlite)
