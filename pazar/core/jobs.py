"""Queue a Celery task by its name, so that a service never imports its app's tasks module.

Tasks call services; services name the task they want run. Each app imports its own `tasks`
module in its `AppConfig.ready`, so every name is registered in every process (web, worker,
tests) and eager mode runs the task in-process. An unknown name is a `KeyError`, never a
message sent to a queue that no worker reads.
"""

from celery import current_app
from django.db import transaction


def job_enqueue(name: str, *args) -> None:
    """Queue the task registered as `name` now; raises what the broker raises when it is down."""
    current_app.tasks[name].delay(*args)


def job_enqueue_on_commit(name: str, *args) -> None:
    """Queue the task after the caller's commit; with the broker down the commit still stands."""
    task = current_app.tasks[name]
    transaction.on_commit(lambda: task.delay(*args), robust=True)
