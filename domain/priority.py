"""The order of the queue: the ONE definition of who gets the next place (R8-R12, R14).

The server uses :func:`queue_order` / :func:`positions` to show every parent their number
and :func:`select_offers` to hand out published places. Both walk the same units in the
same way, so with nobody blocked the offers go exactly in the order of the numbers shown
(R14), and when someone is passed over, :class:`PassedOver` says why, in a reason code the
catalogue turns into a sentence for the parent.

All candidates given to one call belong to one kindergarten and one age group: the 1:3
share (R10) and the sibling advantage (R11) are per kindergarten.

The order, for a list of candidates and an :class:`InterleaveState`:

1. Candidates sharing a ``batch_id`` (twins and other same-family children born at most a
   month apart, R12) form one unit, ranked like its best member, with its members
   consecutive in application-id order. Everyone else is a unit of one.
2. Inside a category units are sorted by: a sibling already at this kindergarten first
   (R11), then the server's queue timestamp, then application id (R9).
3. All extraordinary units come first (R8).
4. First-priority and general units then alternate by the cycle of R10: with the default
   shares 1 and 3 the turns go FP, G, G, G, FP, G, ... A unit takes as many turns as it has
   members. When the side whose turn it is has nobody, the other side takes the place, and
   the turn still advances.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from domain.benefits import Category
from domain.policy import DEFAULT_POLICY, Policy

# Reason codes a candidate can be passed over with. The server sets ``Candidate.blocked``
# to the first four or to a code of domain.ages (R6, R7); the last two come from here.
STOP_LISTED = "STOP_LISTED"  # R19: lapsed referral, 10 days on the stop list
HAS_OPEN_OFFER = "HAS_OPEN_OFFER"  # R17: one open offer at a time
HAS_REFERRAL = "HAS_REFERRAL"  # R18: already holds a referral
DESIRED_START_LATER = "DESIRED_START_LATER"  # the family wants a later start
BATCH_NEEDS_PLACES = "BATCH_NEEDS_PLACES"  # R12: not enough places for the whole batch
PRIORITY_SHARE_TURN = "PRIORITY_SHARE_TURN"  # R10: the place fell to the other side's turn


@dataclass(frozen=True)
class Candidate:
    """One application as the queue sees it at one kindergarten and age group.

    ``queued_at`` is the server's time of receipt (R9); all candidates of one call must be
    all timezone-aware or all naive so that they compare. ``sibling_here`` is true when a
    sibling (same parent IIN) attends this kindergarten (R11). ``blocked`` is the reason
    code why the candidate cannot take an offer now: a blocked candidate keeps its
    position (R14) but allocation passes over it.
    """

    application_id: int
    category: Category
    queued_at: datetime
    sibling_here: bool = False
    batch_id: str | None = None
    blocked: str | None = None

    def __post_init__(self) -> None:
        if self.blocked == "":
            raise ValueError("blocked must be a reason code or None, not an empty string")


@dataclass(frozen=True)
class InterleaveState:
    """Where the first-priority : general cycle stands, per kindergarten and age group.

    ``turn`` counts the non-extraordinary offers made in the current cycle (cycle length
    ``first_priority_share + general_share``). Turns below ``first_priority_share`` belong
    to first priority, the rest to general. The server stores it with the group so the
    1:3 share holds across publications, not just within one.
    """

    turn: int = 0

    def __post_init__(self) -> None:
        if self.turn < 0:
            raise ValueError("turn must be >= 0")

    def after(
        self, category: Category, places: int = 1, policy: Policy = DEFAULT_POLICY
    ) -> InterleaveState:
        """The state after an offer of ``places`` places to a ``category`` candidate made
        outside :func:`select_offers` (extraordinary offers leave the cycle unchanged)."""
        if category is Category.EXTRAORDINARY:
            return self
        return InterleaveState(_advance(self.turn, places, policy))


@dataclass(frozen=True)
class QueueEntry:
    """A candidate and its 1-based position: the number shown to the parent (R14)."""

    position: int
    candidate: Candidate


@dataclass(frozen=True)
class PassedOver:
    """A candidate ranked ahead of a child who got an offer, and the reason code why not."""

    application_id: int
    position: int
    reason: str


@dataclass(frozen=True)
class Allocation:
    """The result of :func:`select_offers`.

    ``offers`` are application ids in the order the offers are made; ``state`` is the
    interleave state to store for the next publication.
    """

    offers: tuple[int, ...]
    passed_over: tuple[PassedOver, ...]
    state: InterleaveState


# --------------------------------------------------------------------------------------
# Units and the interleave
# --------------------------------------------------------------------------------------

_SortKey = tuple[bool, datetime, int]


def _key(candidate: Candidate) -> _SortKey:
    # R11 sibling first (False sorts before True), then R9 timestamp, then id.
    return (not candidate.sibling_here, candidate.queued_at, candidate.application_id)


@dataclass(frozen=True)
class _Unit:
    """A single candidate or a whole batch: what is placed and offered as one."""

    members: tuple[Candidate, ...]  # application-id order
    category: Category
    key: _SortKey

    @property
    def size(self) -> int:
        return len(self.members)

    def blocked(self) -> str | None:
        """The first blocked member's code: one blocked twin holds back the batch."""
        return next((m.blocked for m in self.members if m.blocked is not None), None)

    def reason_for(self, member: Candidate) -> str | None:
        """Why ``member`` cannot take an offer: its own block, else its batch's."""
        return member.blocked if member.blocked is not None else self.blocked()


def _units(candidates: Iterable[Candidate]) -> list[_Unit]:
    groups: dict[object, list[Candidate]] = {}
    seen: set[int] = set()
    for candidate in candidates:
        if candidate.application_id in seen:
            raise ValueError(f"application {candidate.application_id} given twice")
        seen.add(candidate.application_id)
        group = (
            ("single", candidate.application_id)
            if candidate.batch_id is None
            else ("batch", candidate.batch_id)
        )
        groups.setdefault(group, []).append(candidate)
    units = []
    for members in groups.values():
        best = min(members, key=lambda c: (c.category, _key(c)))
        ordered = tuple(sorted(members, key=lambda c: c.application_id))
        units.append(_Unit(ordered, best.category, _key(best)))
    return sorted(units, key=lambda u: (u.category, u.key))


def _split(units: Sequence[_Unit]) -> tuple[deque[_Unit], deque[_Unit], deque[_Unit]]:
    extraordinary, first, general = deque[_Unit](), deque[_Unit](), deque[_Unit]()
    side = {
        Category.EXTRAORDINARY: extraordinary,
        Category.FIRST_PRIORITY: first,
        Category.GENERAL: general,
    }
    for unit in units:  # already sorted, so each deque is in key order
        side[unit.category].append(unit)
    return extraordinary, first, general


def _cycle(policy: Policy) -> int:
    return policy.first_priority_share + policy.general_share


def _advance(turn: int, places: int, policy: Policy) -> int:
    cycle = _cycle(policy)
    return 0 if cycle == 0 else (turn + places) % cycle


def _side(turn: int, policy: Policy) -> Category:
    """Whose turn it is. With both shares 0 (a degenerate policy) first priority simply
    precedes general."""
    cycle = _cycle(policy)
    if cycle == 0:
        return Category.FIRST_PRIORITY
    if turn % cycle < policy.first_priority_share:
        return Category.FIRST_PRIORITY
    return Category.GENERAL


def _ordered_units(units: Sequence[_Unit], state: InterleaveState, policy: Policy) -> list[_Unit]:
    """The units in the order of :func:`queue_order` (blocked ones included)."""
    extraordinary, first, general = _split(units)
    order = list(extraordinary)
    turn = _advance(state.turn, 0, policy)
    while first or general:
        if _side(turn, policy) is Category.FIRST_PRIORITY:
            queue = first or general
        else:
            queue = general or first
        unit = queue.popleft()
        order.append(unit)
        turn = _advance(turn, unit.size, policy)
    return order


# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------


def queue_order(
    candidates: Iterable[Candidate],
    state: InterleaveState = InterleaveState(),
    policy: Policy = DEFAULT_POLICY,
) -> list[QueueEntry]:
    """Every candidate with the position at which it would be offered a place if nothing
    changed (R14): extraordinary first, then the R10 interleave simulated from ``state``.

    Blocked candidates are included and keep their positions: a stop-listed child is still
    in the queue, just not offered anything for now.
    """
    entries: list[QueueEntry] = []
    for unit in _ordered_units(_units(candidates), state, policy):
        for member in unit.members:
            entries.append(QueueEntry(len(entries) + 1, member))
    return entries


def positions(
    candidates: Iterable[Candidate],
    state: InterleaveState = InterleaveState(),
    policy: Policy = DEFAULT_POLICY,
) -> dict[int, int]:
    """application_id -> 1-based queue position, as :func:`queue_order` defines it."""
    return {e.candidate.application_id: e.position for e in queue_order(candidates, state, policy)}


def select_offers(
    candidates: Iterable[Candidate],
    free_places: int,
    state: InterleaveState = InterleaveState(),
    policy: Policy = DEFAULT_POLICY,
) -> Allocation:
    """Who gets the ``free_places`` places of one kindergarten age group (R8-R12, R16).

    Walks the queue like :func:`queue_order`, except that the 1:3 interleave counts only
    candidates who can take a place now: a blocked unit, or a batch larger than the places
    left (R12), is passed over, and when one side has nobody eligible the other side takes
    the turn. Stops when the places are used up or nobody is left.

    ``passed_over`` answers "why not me?" for every candidate ranked (by position) ahead of
    a child who got an offer: its block code, ``BATCH_NEEDS_PLACES``, or
    ``PRIORITY_SHARE_TURN`` when the place went to the other side's turn. When places
    remain unused it lists every candidate not offered. Deterministic: same input, same
    result.
    """
    if free_places < 0:
        raise ValueError("free_places must be >= 0")
    units = _units(candidates)
    ordered = _ordered_units(units, state, policy)
    position: dict[int, int] = {}
    unit_of: dict[int, _Unit] = {}
    for unit in ordered:
        for member in unit.members:
            position[member.application_id] = len(position) + 1
            unit_of[member.application_id] = unit

    extraordinary, first, general = _split(units)
    places = free_places
    turn = _advance(state.turn, 0, policy)
    offers: list[int] = []
    reasons: dict[int, str] = {}  # inspected and found unable to take a place

    def next_eligible(queue: deque[_Unit]) -> _Unit | None:
        # Units found ineligible are dropped for good: a block does not lift during one
        # allocation and the places left only shrink, so a batch too big stays too big.
        while queue:
            unit = queue.popleft()
            block = unit.blocked()
            if block is None and unit.size <= places:
                return unit
            for member in unit.members:
                reasons[member.application_id] = unit.reason_for(member) or BATCH_NEEDS_PLACES
        return None

    while places > 0:
        chosen = next_eligible(extraordinary)  # extraordinary: no turn consumed (R10)
        if chosen is None:
            if _side(turn, policy) is Category.FIRST_PRIORITY:
                chosen = next_eligible(first) or next_eligible(general)
            else:
                chosen = next_eligible(general) or next_eligible(first)
            if chosen is None:
                break
            turn = _advance(turn, chosen.size, policy)
        offers.extend(m.application_id for m in chosen.members)
        places -= chosen.size

    offered = set(offers)
    if places > 0:
        # Everyone was inspected: list every candidate not offered, with the reason.
        passed = [(position[a], a, r) for a, r in reasons.items()]
    else:
        last = max((position[a] for a in offers), default=0)
        passed = []
        for app_id, pos in position.items():
            if pos >= last or app_id in offered:
                continue
            member_unit = unit_of[app_id]
            member = next(m for m in member_unit.members if m.application_id == app_id)
            reason = reasons.get(app_id) or member_unit.reason_for(member) or PRIORITY_SHARE_TURN
            passed.append((pos, app_id, reason))
    return Allocation(
        offers=tuple(offers),
        passed_over=tuple(PassedOver(a, p, r) for p, a, r in sorted(passed)),
        state=InterleaveState(turn),
    )


def batches_from_births(
    children: Iterable[tuple[int, str, date]], policy: Policy = DEFAULT_POLICY
) -> dict[int, str]:
    """Group same-family children into batches (R12): application_id -> batch id.

    ``children`` are (application_id, parent_iin, birth_date). Children of one parent whose
    birth dates are at most ``policy.batch_max_birth_gap_days`` apart are chained together
    transitively (born on days 1, 20 and 40 form one batch with a 31-day gap). Only groups
    of two or more get an id. The id is ``"batch-<smallest application id>"``: stable while
    the group stands, and free of personal data (no IIN, no birth date) because batch ids
    travel into logs and API payloads (R28, R30).
    """
    by_parent: dict[str, list[tuple[date, int]]] = {}
    for application_id, parent_iin, birth_date in children:
        by_parent.setdefault(parent_iin, []).append((birth_date, application_id))
    result: dict[int, str] = {}
    for births in by_parent.values():
        births.sort()
        groups: list[list[int]] = []
        previous: date | None = None
        for birth_date, application_id in births:
            gap = None if previous is None else (birth_date - previous).days
            if gap is None or gap > policy.batch_max_birth_gap_days:
                groups.append([])
            groups[-1].append(application_id)
            previous = birth_date
        for group in groups:
            if len(group) >= 2:
                batch_id = f"batch-{min(group)}"
                for application_id in group:
                    result[application_id] = batch_id
    return result


__all__ = [
    "BATCH_NEEDS_PLACES",
    "DESIRED_START_LATER",
    "HAS_OPEN_OFFER",
    "HAS_REFERRAL",
    "PRIORITY_SHARE_TURN",
    "STOP_LISTED",
    "Allocation",
    "Candidate",
    "InterleaveState",
    "PassedOver",
    "QueueEntry",
    "batches_from_births",
    "positions",
    "queue_order",
    "select_offers",
]
