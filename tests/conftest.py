"""Shared fixtures: the real scenarios loaded through the domain functions, and users holding roles."""

import pytest

from thidua.accounts.models import Role, RoleAssignment, User


@pytest.fixture
def s1(db):
    """S1's cluster, members and heads as reported; the 2023 year not yet run."""
    from thidua.demo.scenarios import load_s1

    return load_s1(with_year=False)


@pytest.fixture
def s1_year(db):
    """S1 with its 2023 year run through the system (thidua.demo.s1_year)."""
    from thidua.demo.scenarios import load_s1

    return load_s1(with_year=True)


@pytest.fixture
def s2(db):
    from thidua.demo.scenarios import load_s2

    return load_s2()


@pytest.fixture
def make_user(db):
    """make_user("name", (Role.UNIT_OFFICER, unit), (Role.ORGANISER_STAFF, organiser), …)"""

    def make(username, *roles, password="mat-khau-thu-nghiem"):
        user = User.objects.create_user(username=username, password=password, full_name=username)
        for role, scope in roles:
            RoleAssignment.objects.create(
                user=user, role=role,
                unit=scope if role in (Role.UNIT_OFFICER, Role.HEAD_STAFF, Role.LEADER) else None,
                organiser=scope if role == Role.ORGANISER_STAFF else None,
            )
        return user

    return make


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is what production uses (tests/core/test_security.py checks it); tests hash cheaply."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def jobs_run_at_once(settings):
    """Background jobs (core/jobs.py) run as they are queued, inside the request that queues them; the database
    backend and its worker are tested on their own (tests/core/test_jobs.py)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def pytest_collection_modifyitems(items):
    """Tests that commit (django_db(transaction=True), transactional_db, live_server) leave the test database flushed behind them; Django runs them
    after the others, but a parallel run (pytest-xdist) hands whole files to workers in any order. They are marked
    `serial`, and `make test` runs them apart, after the parallel run of the rest (as it does the permission matrix,
    marked by hand)."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        # the ways pytest-django makes a test transactional: the marker's flag, or one of these fixtures
        if (marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))) \
                or {"transactional_db", "django_db_reset_sequences", "live_server"} & set(item.fixturenames):
            item.add_marker(pytest.mark.serial)
