"""The queue order and the allocation of places (R8-R12, R14)."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain import priority
from domain.benefits import Category
from domain.messages import CATALOGUE
from domain.policy import DEFAULT_POLICY, Policy
from domain.priority import (
    BATCH_NEEDS_PLACES,
    HAS_OPEN_OFFER,
    PRIORITY_SHARE_TURN,
    STOP_LISTED,
    Candidate,
    InterleaveState,
    PassedOver,
    QueueEntry,
    batches_from_births,
    positions,
    queue_order,
    select_offers,
)

T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
E, F, G = Category.EXTRAORDINARY, Category.FIRST_PRIORITY, Category.GENERAL


def cand(
    app_id: int,
    category: Category = G,
    hour: int | None = None,
    *,
    sibling: bool = False,
    batch: str | None = None,
    blocked: str | None = None,
) -> Candidate:
    """A candidate queued ``hour`` hours after T0 (default: its id, so ids give the order)."""
    return Candidate(
        application_id=app_id,
        category=category,
        queued_at=T0 + timedelta(hours=app_id if hour is None else hour),
        sibling_here=sibling,
        batch_id=batch,
        blocked=blocked,
    )


def ids(entries: Iterable[QueueEntry]) -> list[int]:
    return [e.candidate.application_id for e in entries]


# --- strategies -------------------------------------------------------------------------


@st.composite
def candidate_lists(
    draw: st.DrawFn, *, batches: bool = True, blocked: bool = True, max_size: int = 25
) -> list[Candidate]:
    size = draw(st.integers(min_value=0, max_value=max_size))
    app_ids = draw(st.lists(st.integers(1, 10_000), min_size=size, max_size=size, unique=True))
    out = []
    for app_id in app_ids:
        out.append(
            Candidate(
                application_id=app_id,
                category=draw(st.sampled_from(Category)),
                # few distinct hours, so timestamp ties (broken by id, R9) really happen
                queued_at=T0 + timedelta(hours=draw(st.integers(0, 12))),
                sibling_here=draw(st.booleans()),
                batch_id=(
                    draw(st.sampled_from([None, None, None, "b1", "b2", "b3"])) if batches else None
                ),
                blocked=(
                    draw(st.sampled_from([None, None, None, STOP_LISTED, HAS_OPEN_OFFER]))
                    if blocked
                    else None
                ),
            )
        )
    return out


states = st.integers(min_value=0, max_value=9).map(InterleaveState)
policies = st.one_of(
    st.just(DEFAULT_POLICY),
    st.tuples(st.integers(0, 3), st.integers(0, 4))
    .filter(lambda shares: sum(shares) > 0)
    .map(lambda s: Policy(first_priority_share=s[0], general_share=s[1])),
)


def _key(c: Candidate) -> tuple[bool, datetime, int]:
    return (not c.sibling_here, c.queued_at, c.application_id)


# --- queue order: properties ------------------------------------------------------------


@given(candidate_lists(), states, policies)
def test_r14_queue_order_is_a_permutation_with_positions_1_to_n(
    candidates: list[Candidate], state: InterleaveState, policy: Policy
) -> None:
    order = queue_order(candidates, state, policy)
    assert sorted(ids(order)) == sorted(c.application_id for c in candidates)
    assert [e.position for e in order] == list(range(1, len(candidates) + 1))
    assert {e.candidate for e in order} == set(candidates)
    assert positions(candidates, state, policy) == {
        e.candidate.application_id: e.position for e in order
    }


@given(candidate_lists(), states, policies)
def test_r14_queue_order_does_not_depend_on_input_order(
    candidates: list[Candidate], state: InterleaveState, policy: Policy
) -> None:
    shuffled = list(candidates)
    random.Random(len(candidates)).shuffle(shuffled)
    assert queue_order(shuffled, state, policy) == queue_order(candidates, state, policy)


@given(candidate_lists(batches=False), states, policies)
def test_r8_extraordinary_always_precede_everyone_else(
    candidates: list[Candidate], state: InterleaveState, policy: Policy
) -> None:
    categories = [e.candidate.category for e in queue_order(candidates, state, policy)]
    extraordinary = categories.count(E)
    assert categories[:extraordinary] == [E] * extraordinary


@given(candidate_lists(batches=False), states, policies)
def test_r9_r11_within_a_category_sibling_then_timestamp_then_id(
    candidates: list[Candidate], state: InterleaveState, policy: Policy
) -> None:
    order = [e.candidate for e in queue_order(candidates, state, policy)]
    for category in Category:
        keys = [_key(c) for c in order if c.category is category]
        assert keys == sorted(keys)


@given(candidate_lists(batches=False), states, policies)
def test_r10_every_prefix_follows_the_share_cycle_while_both_sides_remain(
    candidates: list[Candidate], state: InterleaveState, policy: Policy
) -> None:
    rest = [e.candidate.category for e in queue_order(candidates, state, policy)]
    rest = [c for c in rest if c is not E]
    total_first, total_general = rest.count(F), rest.count(G)
    cycle = policy.first_priority_share + policy.general_share
    first = general = 0
    for k, category in enumerate(rest):
        if first == total_first or general == total_general:
            break  # one side ran out: the other takes every place from here on
        # with both sides present, place k goes to the side whose turn it is
        turn = (state.turn + k) % cycle
        expected = F if turn < policy.first_priority_share else G
        assert category is expected
        first += category is F
        general += category is G
        expected_first = sum(
            (state.turn + i) % cycle < policy.first_priority_share for i in range(k + 1)
        )
        assert first == expected_first


@given(candidate_lists(batches=False))
def test_r10_default_one_first_priority_in_every_four(candidates: list[Candidate]) -> None:
    rest = [e.candidate.category for e in queue_order(candidates) if e.candidate.category != E]
    n_first, n_general = rest.count(F), rest.count(G)
    for k in range(1, len(rest) + 1):
        prefix = Counter(rest[:k])
        if prefix[F] < n_first and prefix[G] < n_general:
            assert prefix[F] == -(-k // 4)  # ceil(k / 4)


@given(candidate_lists(), states, policies)
def test_r12_batch_members_are_consecutive_in_id_order(
    candidates: list[Candidate], state: InterleaveState, policy: Policy
) -> None:
    order = [e.candidate for e in queue_order(candidates, state, policy)]
    for batch in {c.batch_id for c in candidates} - {None}:
        at = [i for i, c in enumerate(order) if c.batch_id == batch]
        assert at == list(range(at[0], at[0] + len(at)))
        members = [order[i].application_id for i in at]
        assert members == sorted(members)


# --- select_offers: properties ----------------------------------------------------------


@given(candidate_lists(batches=False, blocked=False), states, policies)
def test_r14_positions_are_the_order_of_offers_when_nobody_is_blocked(
    candidates: list[Candidate], state: InterleaveState, policy: Policy
) -> None:
    order = ids(queue_order(candidates, state, policy))
    allocation = select_offers(candidates, len(candidates), state, policy)
    assert list(allocation.offers) == order
    assert allocation.passed_over == ()


@given(
    candidate_lists(batches=False, blocked=False),
    states,
    policies,
    st.integers(min_value=0, max_value=30),
)
def test_r14_any_number_of_places_goes_to_the_first_positions(
    candidates: list[Candidate], state: InterleaveState, policy: Policy, places: int
) -> None:
    order = ids(queue_order(candidates, state, policy))
    allocation = select_offers(candidates, places, state, policy)
    assert list(allocation.offers) == order[:places]
    assert allocation.passed_over == ()
    # the state handed back continues the same order for the remaining candidates
    rest = [c for c in candidates if c.application_id not in allocation.offers]
    assert ids(queue_order(rest, allocation.state, policy)) == order[places:]


@given(candidate_lists(), states, policies, st.integers(min_value=0, max_value=30))
def test_r12_r17_select_offers_invariants(
    candidates: list[Candidate], state: InterleaveState, policy: Policy, places: int
) -> None:
    allocation = select_offers(candidates, places, state, policy)
    by_id = {c.application_id: c for c in candidates}
    offered = set(allocation.offers)
    assert len(allocation.offers) == len(offered) <= places
    assert all(by_id[a].blocked is None for a in offered)
    for batch in {c.batch_id for c in candidates} - {None}:
        members = {c.application_id for c in candidates if c.batch_id == batch}
        assert members <= offered or not members & offered  # whole batch or nobody
    passed = {p.application_id for p in allocation.passed_over}
    assert not passed & offered
    rank = positions(candidates, state, policy)
    assert all(p.position == rank[p.application_id] for p in allocation.passed_over)
    assert all(p.reason for p in allocation.passed_over)
    assert [p.position for p in allocation.passed_over] == sorted(
        p.position for p in allocation.passed_over
    )
    if len(offered) < places:
        # places left unused: everyone not offered is listed, with why
        assert passed == set(by_id) - offered
    elif offered:
        last = max(rank[a] for a in offered)
        assert passed == {a for a, pos in rank.items() if pos < last} - offered
    # deterministic, whatever order the server's query returned the rows in
    shuffled = list(candidates)
    random.Random(places).shuffle(shuffled)
    assert select_offers(shuffled, places, state, policy) == allocation


@given(candidate_lists(), states, policies, st.integers(min_value=0, max_value=30))
def test_r14_passed_over_reasons_are_catalogued(
    candidates: list[Candidate], state: InterleaveState, policy: Policy, places: int
) -> None:
    for passed in select_offers(candidates, places, state, policy).passed_over:
        assert passed.reason in CATALOGUE


# --- tables -----------------------------------------------------------------------------


def test_r11_sibling_goes_to_the_head_of_its_category() -> None:
    early, late = cand(1, G, hour=0), cand(2, G, hour=100, sibling=True)
    assert positions([early, late]) == {2: 1, 1: 2}
    # but not ahead of a better category
    first = cand(3, F, hour=200)
    assert ids(queue_order([early, late, first])) == [3, 2, 1]


def test_r9_timestamp_then_application_id() -> None:
    a, b, c = cand(5, G, hour=1), cand(3, G, hour=1), cand(9, G, hour=0)
    assert ids(queue_order([a, b, c])) == [9, 3, 5]


def test_r10_default_cycle_one_first_priority_then_three_general() -> None:
    candidates = [cand(i, F) for i in (1, 2, 3)] + [cand(i, G) for i in range(10, 16)]
    assert ids(queue_order(candidates)) == [1, 10, 11, 12, 2, 13, 14, 15, 3]


def test_r10_the_cycle_continues_from_the_stored_state() -> None:
    candidates = [cand(i, F) for i in (1, 2)] + [cand(i, G) for i in range(10, 16)]
    assert ids(queue_order(candidates, InterleaveState(turn=2))) == [10, 11, 1, 12, 13, 14, 2, 15]


def test_r10_first_priority_side_empty_general_takes_every_place() -> None:
    candidates = [cand(i, G) for i in range(1, 6)]
    assert ids(queue_order(candidates)) == [1, 2, 3, 4, 5]
    allocation = select_offers(candidates, 2)
    assert allocation.offers == (1, 2)
    assert allocation.state == InterleaveState(turn=2)  # the turn advances anyway


def test_r10_general_side_empty_first_priority_takes_every_place() -> None:
    candidates = [cand(i, F) for i in range(1, 4)]
    assert select_offers(candidates, 3, InterleaveState(1)).offers == (1, 2, 3)


def test_r8_r10_extraordinary_first_and_not_counted_in_the_cycle() -> None:
    candidates = [cand(1, G), cand(2, F), cand(3, E, hour=500), cand(4, G)]
    assert ids(queue_order(candidates)) == [3, 2, 1, 4]
    allocation = select_offers(candidates, 2)
    assert allocation.offers == (3, 2)
    assert allocation.state == InterleaveState(turn=1)


def test_r10_custom_share_two_to_five() -> None:
    policy = Policy(first_priority_share=2, general_share=5)
    candidates = [cand(i, F) for i in (1, 2, 3)] + [cand(i, G) for i in range(10, 17)]
    assert ids(queue_order(candidates, policy=policy)) == [1, 2, 10, 11, 12, 13, 14, 3, 15, 16]


def test_r12_twins_skipped_with_one_place_taken_with_two() -> None:
    twins = [cand(1, G, hour=0, batch="t"), cand(2, G, hour=5, batch="t")]
    other = cand(3, G, hour=1)
    assert ids(queue_order([*twins, other])) == [1, 2, 3]

    one = select_offers([*twins, other], 1)
    assert one.offers == (3,)
    assert one.passed_over == (
        PassedOver(1, 1, BATCH_NEEDS_PLACES),
        PassedOver(2, 2, BATCH_NEEDS_PLACES),
    )

    two = select_offers([*twins, other], 2)
    assert two.offers == (1, 2)
    assert two.passed_over == ()


def test_r12_twins_alone_with_one_place_leave_it_unused() -> None:
    twins = [cand(1, G, batch="t"), cand(2, G, batch="t")]
    allocation = select_offers(twins, 1)
    assert allocation.offers == ()
    assert [p.reason for p in allocation.passed_over] == [BATCH_NEEDS_PLACES] * 2
    assert allocation.state == InterleaveState()


def test_r12_batch_ranked_by_its_best_member_and_takes_one_turn_each() -> None:
    # 7 is first priority, so the batch {7, 8} is a first-priority unit keyed like 7
    candidates = [
        cand(1, F, hour=0),
        cand(7, F, hour=20, batch="t"),
        cand(8, G, hour=30, batch="t"),
        *(cand(i, G, hour=i) for i in range(10, 16)),
    ]
    assert ids(queue_order(candidates)) == [1, 10, 11, 12, 7, 8, 13, 14, 15]
    # turns: 1 -> FP, 10-12 -> G, {7, 8} -> FP + G turn, 13 -> G, 14 -> G, then FP empty
    allocation = select_offers(candidates, 9)
    assert allocation.offers == (1, 10, 11, 12, 7, 8, 13, 14, 15)


def test_r12_batch_with_a_blocked_member_is_passed_over_whole() -> None:
    candidates = [
        cand(1, G, batch="t", blocked=STOP_LISTED),
        cand(2, G, batch="t"),
        cand(3, G),
    ]
    allocation = select_offers(candidates, 3)
    assert allocation.offers == (3,)
    assert allocation.passed_over == (PassedOver(1, 1, STOP_LISTED), PassedOver(2, 2, STOP_LISTED))


def test_r14_blocked_keep_their_position_but_are_passed_over() -> None:
    candidates = [cand(1, G, blocked=HAS_OPEN_OFFER), cand(2, G), cand(3, G)]
    assert positions(candidates) == {1: 1, 2: 2, 3: 3}
    allocation = select_offers(candidates, 1)
    assert allocation.offers == (2,)
    assert allocation.passed_over == (PassedOver(1, 1, HAS_OPEN_OFFER),)


def test_r10_first_priority_turn_goes_to_the_next_eligible_first_priority() -> None:
    candidates = [
        cand(1, F, blocked="GROUP_LANGUAGE_MISMATCH"),
        cand(2, F),
        *(cand(i, G) for i in (10, 11, 12)),
    ]
    assert ids(queue_order(candidates)) == [1, 10, 11, 12, 2]
    allocation = select_offers(candidates, 1)
    assert allocation.offers == (2,)
    # everyone ranked ahead of child 2 learns why
    assert allocation.passed_over == (
        PassedOver(1, 1, "GROUP_LANGUAGE_MISMATCH"),
        PassedOver(10, 2, PRIORITY_SHARE_TURN),
        PassedOver(11, 3, PRIORITY_SHARE_TURN),
        PassedOver(12, 4, PRIORITY_SHARE_TURN),
    )
    assert allocation.state == InterleaveState(turn=1)


def test_r10_only_blocked_first_priority_general_takes_the_turn() -> None:
    candidates = [cand(1, F, blocked=STOP_LISTED), cand(10, G), cand(11, G)]
    allocation = select_offers(candidates, 1)
    assert allocation.offers == (10,)
    assert allocation.passed_over == (PassedOver(1, 1, STOP_LISTED),)
    assert allocation.state == InterleaveState(turn=1)


def test_r16_no_places_no_offers() -> None:
    allocation = select_offers([cand(1), cand(2)], 0, InterleaveState(3))
    assert allocation.offers == ()
    assert allocation.passed_over == ()
    assert allocation.state == InterleaveState(3)


def test_r16_everyone_blocked_lists_everyone() -> None:
    candidates = [cand(1, E, blocked=STOP_LISTED), cand(2, G, blocked=HAS_OPEN_OFFER)]
    allocation = select_offers(candidates, 5)
    assert allocation.offers == ()
    assert allocation.passed_over == (
        PassedOver(1, 1, STOP_LISTED),
        PassedOver(2, 2, HAS_OPEN_OFFER),
    )


def test_r14_invalid_inputs_are_refused() -> None:
    with pytest.raises(ValueError):
        queue_order([cand(1), cand(1)])
    with pytest.raises(ValueError):
        select_offers([cand(1)], -1)
    with pytest.raises(ValueError):
        InterleaveState(-1)
    with pytest.raises(ValueError):
        cand(1, blocked="")


def test_r10_state_after_an_offer_made_elsewhere() -> None:
    state = InterleaveState(3)
    assert state.after(F) == InterleaveState(0)
    assert state.after(G, places=2) == InterleaveState(1)
    assert state.after(E) == state


# --- batches from births ----------------------------------------------------------------


def test_r12_batches_from_births() -> None:
    children = [
        (1, "900101300001", date(2022, 5, 1)),  # twins
        (2, "900101300001", date(2022, 5, 1)),
        (3, "900101300001", date(2024, 1, 1)),  # a younger sibling: no batch
        (4, "850202400002", date(2022, 1, 1)),  # 31 days apart: a batch
        (5, "850202400002", date(2022, 2, 1)),
        (6, "770303400003", date(2022, 1, 1)),  # 32 days apart: none
        (7, "770303400003", date(2022, 2, 2)),
        (8, "660404300004", date(2022, 3, 1)),  # a chain 1 -> 20 -> 40 days: one batch
        (9, "660404300004", date(2022, 3, 21)),
        (10, "660404300004", date(2022, 4, 10)),
        (11, "550505300005", date(2022, 5, 1)),  # same date, other parent: none
    ]
    batches = batches_from_births(children, DEFAULT_POLICY)
    assert batches == {
        1: "batch-1",
        2: "batch-1",
        4: "batch-4",
        5: "batch-4",
        8: "batch-8",
        9: "batch-8",
        10: "batch-8",
    }
    assert all("9001" not in b for b in batches.values())  # no IIN in the id
    assert batches_from_births(children, Policy(batch_max_birth_gap_days=0)) == {
        1: "batch-1",
        2: "batch-1",
    }


# --- catalogue --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        priority.STOP_LISTED,
        priority.HAS_OPEN_OFFER,
        priority.HAS_REFERRAL,
        priority.DESIRED_START_LATER,
        priority.BATCH_NEEDS_PLACES,
        priority.PRIORITY_SHARE_TURN,
    ],
)
def test_r14_every_passed_over_reason_is_explained_in_three_languages(code: str) -> None:
    assert set(CATALOGUE[code]) == {"en", "ru", "kk"}
    assert all(text and "{" not in text for text in CATALOGUE[code].values())
