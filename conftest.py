"""Fixtures every test shares: API clients, users, a clean cache."""

import os
import threading

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient


def pytest_configure(config):
    if os.environ.get("PAZAR_REQUIRE_POSTGRES") == "1":
        from django.conf import settings

        engine = settings.DATABASES["default"]["ENGINE"]
        if "postgresql" not in engine:
            raise pytest.UsageError(f"PAZAR_REQUIRE_POSTGRES=1 but the database engine is {engine}")


@pytest.fixture(autouse=True, scope="session")
def _schema_only_serializers():
    """Response serializers are schema declarations (pazar/core/builders.py): one that still builds
    a response fails the test that reaches it."""
    from django.urls import get_resolver

    from pazar.core.builders import SCHEMA_ONLY

    get_resolver().url_patterns  # imports every view, and so every serializer module  # noqa: B018

    def refuse(self, instance):
        raise AssertionError(f"{type(self).__name__} is a schema declaration; build the response with its builder")

    saved = {cls: cls.__dict__.get("to_representation") for cls in SCHEMA_ONLY}
    for cls in SCHEMA_ONLY:
        cls.to_representation = refuse
    yield
    for cls, original in saved.items():
        if original is None:
            del cls.to_representation
        else:
            cls.to_representation = original


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """LocaleMiddleware leaves the last request's language active in the thread; start each test in English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def api_client():
    """An anonymous client that enforces CSRF like a browser would."""
    return APIClient(enforce_csrf_checks=True)


@pytest.fixture
def password():
    return "correct-Horse-battery-9"


@pytest.fixture
def user(db, password):
    from pazar.accounts.tests.factories import UserFactory

    return UserFactory(password=password)


@pytest.fixture
def other_user(db, password):
    from pazar.accounts.tests.factories import UserFactory

    return UserFactory(password=password)


@pytest.fixture
def token_client(user):
    """A client authenticated with `Authorization: Token` as `user`."""
    from pazar.accounts.services import token_for

    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user=user)}")
    return client


@pytest.fixture
def auth_client(user):
    """A client with a logged-in session (`osessionid`) as `user`; writes need CSRF."""
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    return client


@pytest.fixture
def hash_checks(monkeypatch):
    """How many times a password was checked against a stored hash (safe across threads)."""
    from pazar.accounts.models import User

    counter = {"n": 0}
    lock = threading.Lock()
    original = User.check_password

    def counting(self, raw_password):
        with lock:
            counter["n"] += 1
        return original(self, raw_password)

    monkeypatch.setattr(User, "check_password", counting)
    return counter
