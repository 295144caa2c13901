"""Fixtures for the sync tests.

``cheap_passwords``: the server hashes desk passwords with Argon2id at its production
cost, about 0.7 s a hash on a slow CI machine; tests that sign desks in and out dozens of
times use the same algorithm at its lowest cost instead (as ``tests/server/test_demo.py``
does for the demo data). Module-scoped, so module-scoped fixtures (a reference run) get it
too; opt in with ``pytestmark = pytest.mark.usefixtures("cheap_passwords")``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher

from server_stub.services import auth

CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(scope="module")
def cheap_passwords() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(auth, "_hasher", lambda: CHEAP)
        yield
