"""The desk's role table (DOMAIN.md "Who is who"; R15, R20-R23, R30): one table that the
server's desk API, the sync push and the offline desk all consult."""

from __future__ import annotations

import pytest

from domain.errors import DomainError
from domain.roles import HEAD, ROLE_ACTIONS, STAFF, DeskAction, authorize, may

STAFF_MAY = {DeskAction.VIEW, DeskAction.CHECK_DOCUMENTS, DeskAction.REGISTER_WALK_IN}


@pytest.mark.parametrize("action", list(DeskAction))
def test_r15_r22_r23_the_head_may_do_everything(action: DeskAction) -> None:
    assert may(HEAD, action)
    authorize(HEAD, action)


@pytest.mark.parametrize("action", sorted(STAFF_MAY))
def test_r20_r30_staff_see_families_check_papers_and_register_walk_ins(
    action: DeskAction,
) -> None:
    authorize(STAFF, action)


@pytest.mark.parametrize("action", sorted(set(DeskAction) - STAFF_MAY))
def test_r15_r21_r23_staff_commit_no_places(action: DeskAction) -> None:
    """Publishing, withdrawing, enrolling and ending a contract are the head's."""
    assert not may(STAFF, action)
    with pytest.raises(DomainError) as caught:
        authorize(STAFF, action)
    assert caught.value.code == "FORBIDDEN"


@pytest.mark.parametrize("role", [None, "", "admin", "parent", "HEAD"])
def test_r30_an_unknown_or_missing_role_may_do_nothing(role: str | None) -> None:
    for action in DeskAction:
        with pytest.raises(DomainError) as caught:
            authorize(role, action)
        assert caught.value.code == "FORBIDDEN"


def test_the_role_table_cannot_be_changed_in_place() -> None:
    with pytest.raises(TypeError):
        ROLE_ACTIONS["staff"] = frozenset(DeskAction)  # type: ignore[index]
    assert set(ROLE_ACTIONS) == {HEAD, STAFF}
