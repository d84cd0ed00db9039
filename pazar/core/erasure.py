"""The erasure (KVKK / GDPR) registry: each app that stores a person's data registers one step.

Accounts erases the user row and calls every registered step in the same transaction, so the
person is gone from every app or from none. A step is registered in its app's
`AppConfig.ready`, and names only its own app's models: accounts never imports them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ErasedPerson:
    """Who is being erased: the user row (already emptied) and the email and phone it had."""

    user: Any
    email: str
    phone: str | None


ErasureStep = Callable[[ErasedPerson], None]

_steps: dict[str, ErasureStep] = {}


def erasure_step_register(name: str, step: ErasureStep) -> None:
    """Add `step` under `name` (its app's label); registering the same name again replaces it."""
    _steps[name] = step


def erasure_steps() -> dict[str, ErasureStep]:
    """The registered steps by name, in registration order (the order of INSTALLED_APPS)."""
    return dict(_steps)


def erasure_steps_run(person: ErasedPerson) -> None:
    """Run every registered step for `person`, in the caller's transaction."""
    for step in _steps.values():
        step(person)
