"""Fixtures shared by the whole suite: users, couples, coaches and logged-in clients."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

from tests.factories import CoachFactory, CoupleFactory, UserFactory


def pytest_collection_modifyitems(config, items):
    """Browser tests run last: the session's Chromium (and Playwright's loop) then never
    overlaps a plain test."""
    e2e = [item for item in items if "/tests/e2e/" in str(item.path)]
    for item in e2e:
        item.add_marker(pytest.mark.e2e)
    items[:] = [item for item in items if item not in e2e] + e2e


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Let the test database be dropped at the end: socket tests run ORM calls in worker
    threads whose pooled PostgreSQL connections outlive the test, which blocks DROP DATABASE."""
    yield
    from django.db import connection, connections

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
        for each in connections.all():
            if getattr(each, "pool", None) is not None:
                each.close_pool()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth's rate limits live in the cache: start every test with a clean slate."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def couple(db):
    return CoupleFactory()


@pytest.fixture
def coach(db):
    """A coach with an authenticator app set up (coaches must use MFA)."""
    coach = CoachFactory()
    TOTP.activate(coach, generate_totp_secret())
    return coach


@pytest.fixture
def client_for(db):
    """`client_for(user)` returns a Client logged in as that user, past the MFA step."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


@pytest.fixture
def has_totp():
    def check(user) -> bool:
        return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()

    return check
