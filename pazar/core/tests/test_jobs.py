"""Services queue tasks by name (core/jobs.py): every name they use is a registered task."""

import importlib
import pkgutil

import pytest
from celery import current_app

import pazar
from pazar.core.jobs import job_enqueue


def _task_names_named_by_services():
    names = {}
    for module in pkgutil.walk_packages(pazar.__path__, "pazar."):
        if module.name.endswith(".services") and ".tests" not in module.name:
            for attribute, value in vars(importlib.import_module(module.name)).items():
                if attribute.endswith("_TASK") and isinstance(value, str):
                    names[f"{module.name}.{attribute}"] = value
    return names


def test_every_task_a_service_names_is_registered():
    names = _task_names_named_by_services()

    assert len(names) >= 4  # notifications' delivery, loyalty's sync and credit, the password reset
    assert {where: name for where, name in names.items() if name not in current_app.tasks} == {}


def test_an_unknown_task_name_is_an_error_not_a_message_nobody_reads():
    with pytest.raises(KeyError):
        job_enqueue("pazar.nowhere.tasks.missing_task")
