"""What the desk's pages read: lists with search, sort and paging done in SQL (so 50,000
referrals stay smooth in a Qt model that fetches a page at a time), details, and the
sync/audit views.

Every read that shows a child's personal data (a list page, a referral, a child) writes
an audit record in the same transaction (R30), listing the ids shown, never the search
text: staff search by IIN or name, and the audit log must not hold either.

Search (:func:`search_kind`): digits are an IIN prefix (child's or parent's), ``N-…`` /
``Q-…`` a referral or application number prefix, anything else words of the child's name,
each matching the start of a word (case-folded in Python, since SQLite folds only ASCII).
Each form is a range scan on an index; none reads the whole table.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any, Literal, NamedTuple
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    and_,
    bindparam,
    exists,
    func,
    or_,
    select,
    tuple_,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression

from desktop.models import mirror
from desktop.models.common import (
    current_actor,
    document_state,
    get_referral,
    group_counts,
    latest_checks,
    sync_state_row,
    write_audit,
)
from desktop.models.results import (
    AuditEntry,
    ChildDetail,
    ChildItem,
    ChildPage,
    ConflictView,
    DeskStatus,
    GroupSummary,
    IinMatches,
    KindergartenChoice,
    KindergartenDirectory,
    PageKey,
    PendingOpView,
    PlaceView,
    ReferralDetail,
    ReferralItem,
    ReferralPage,
    SyncRunView,
    WalkInView,
)
from desktop.models.store import LocalStore
from desktop.models.tables import (
    Application,
    Audit,
    Conflict,
    DeskAccount,
    DirectoryKindergarten,
    DocumentCheck,
    Enrollment,
    Group,
    Kindergarten,
    KindergartenColumns,
    NameKey,
    NameToken,
    Outbox,
    Pending,
    Place,
    Referral,
    SyncRun,
)
from domain.calendar import WorkingCalendar
from domain.documents import DOCUMENT_KINDS
from domain.errors import DomainError
from domain.referrals import LIVE_REFERRAL_STATUSES, RECENTLY_CLOSED_DAYS, working_days_left

MAX_PAGE = 500
# A search with at least this many matches walks the list in its order (an index) and
# stops after the page; fewer matches are read through the search indexes and sorted.
# Reading and sorting costs per match, walking per row passed, so the walk wins once the
# matches are dense: at 50,000 rows "2" (every child's IIN) sorts 50,000 rows in ~90 ms
# and walks to its first page in under 1 ms.
DENSE_ROWS = 1000
# Deeper in such a list the walk passes (offset + limit) × rows ÷ matches rows where the
# sort reads every match once, about this many times dearer per row
WALK_FACTOR = 4


def _walk(total: int, offset: int, limit: int, rows: Callable[[], int]) -> bool:
    """Whether a page of ``total`` matches is found faster by walking the list's order
    than by reading and sorting every match (``rows``: the list's size without the
    search, counted only when the page is not the first)."""
    if total < DENSE_ROWS:
        return False
    return offset == 0 or (offset + limit) * rows() <= WALK_FACTOR * total * total


ReferralSort = Literal["expires_at", "issued_at", "number", "child_name", "status"]
SearchKind = Literal["iin", "number", "name"]
_NUMBER = re.compile(r"^[A-Za-z]-?[0-9-]*$")
# ranking words by frequency stops counting here: beyond it a word is "common" anyway
_RANK_CAP = 2000


@functools.cache
def _calendar() -> WorkingCalendar:
    return WorkingCalendar.default()


def _prefix_end(prefix: str) -> str:
    """The smallest string above every string that starts with ``prefix`` (code-point
    order, which SQLite's BINARY comparison of UTF-8 keeps)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _value(column: Any) -> Any:
    """``column`` read as a plain value: SQLite's unary ``+`` keeps a term from choosing an
    index (sqlite.org/optoverview.html, "unary +"), so the planner walks the list's ORDER
    BY index instead and stops after the page."""
    return UnaryExpression(column, operator=operators.custom_op("+"), type_=column.type)


def _prefix(column: Any, prefix: str, *, indexed: bool = True) -> ColumnElement[bool]:
    """``column`` starts with ``prefix`` as an index range (LIKE would not use the index
    without case-sensitive LIKE); ``indexed=False``: the same test, never an index's."""
    target = column if indexed else _value(column)
    return and_(target >= prefix, target < _prefix_end(prefix))


class Search(NamedTuple):
    """A typed search as two equal conditions: ``indexed`` finds the matches through the
    search indexes (few matches: read them, sort them); ``walking`` is the same test on
    plain values, for many matches, where walking the list's order and stopping after the
    page beats reading and sorting every match."""

    indexed: ColumnElement[bool]
    walking: ColumnElement[bool]


def search_kind(query: str | None) -> SearchKind | None:
    """How a typed query is read: an IIN prefix, a number prefix, or name words."""
    text = (query or "").strip()
    if not text:
        return None
    compact = text.replace(" ", "")
    if compact.isascii() and compact.isdigit():
        return "iin"
    if _NUMBER.match(text) and any(ch.isdigit() for ch in text):
        return "number"
    return "name"


def _word_frequency(session: Session, entity: str, word: str) -> int:
    """How many name words start with ``word`` (counted up to a cap: enough to rank)."""
    hits = (
        select(NameToken.entity_id)
        .where(NameToken.entity == entity, _prefix(NameToken.token, word))
        .limit(_RANK_CAP)
        .subquery()
    )
    return int(session.scalar(select(func.count()).select_from(hits)) or 0)


def _name_match(session: Session, entity: str, id_column: Any, query: str) -> Search:
    """Every typed word starts some word of the child's name.

    The rarest word picks the candidates through the token index; each other word is
    then checked per candidate through the owner index, so a common word ("Нұрлан")
    never builds a list of every row that has it.
    """
    words = sorted(mirror.name_tokens(query))
    if len(words) > 1:
        words.sort(key=lambda w: _word_frequency(session, entity, w))
    first, rest = words[0], words[1:]
    candidates = select(NameToken.entity_id).where(
        NameToken.entity == entity, _prefix(NameToken.token, first)
    )
    others: list[ColumnElement[bool]] = []
    for word in rest:
        token = aliased(NameToken)
        others.append(
            exists().where(
                token.entity == entity,
                token.entity_id == id_column,
                _prefix(token.token, word),
            )
        )
    return Search(
        and_(id_column.in_(candidates), *others),
        and_(_value(id_column).in_(candidates), *others),
    )


def _either_prefix(first: Any, second: Any, prefix: str) -> Search:
    return Search(
        or_(_prefix(first, prefix), _prefix(second, prefix)),
        or_(_prefix(first, prefix, indexed=False), _prefix(second, prefix, indexed=False)),
    )


def _referral_search(session: Session, query: str) -> Search:
    kind = search_kind(query)
    text = query.strip()
    if kind == "iin":
        return _either_prefix(Referral.child_iin, Referral.parent_iin, text.replace(" ", ""))
    if kind == "number":
        return _either_prefix(Referral.number, Referral.application_number, text.upper())
    return _name_match(session, "referral", Referral.id, text)


def _child_search(session: Session, query: str) -> Search:
    text = query.strip()
    if search_kind(query) == "iin":
        return _either_prefix(Enrollment.child_iin, Enrollment.parent_iin, text.replace(" ", ""))
    return _name_match(session, "enrollment", Enrollment.id, text)


def _referral_pending() -> ColumnElement[bool]:
    """The referral, or one of its document checks, carries unsent desk work."""
    return or_(
        exists().where(Pending.entity == "referral", Pending.entity_id == Referral.id),
        exists().where(DocumentCheck.referral_id == Referral.id, DocumentCheck.id < 0),
    )


def _pending_view(op: Outbox) -> PendingOpView:
    return PendingOpView(
        op_id=UUID(op.op_id),
        seq=op.seq,
        kind=op.kind,
        created_at=op.created_at,
        attempts=op.attempts,
        last_error=op.last_error,
        touches=[(str(e), int(i)) for e, i in op.touches],
    )


def _count(session: Session, table: Any, conditions: list[ColumnElement[bool]]) -> int:
    return int(session.scalar(select(func.count()).select_from(table).where(*conditions)) or 0)


def _page_bounds(offset: int, limit: int) -> tuple[int, int]:
    return max(0, offset), max(1, min(limit, MAX_PAGE))


def _after(keys: Sequence[Any], values: PageKey, *, descending: bool) -> ColumnElement[bool]:
    """The rows past ``values`` in the order of ``keys`` (the last one unique: an id).

    Keyset paging: with OFFSET, SQLite reads (and for the Children list sorts) every row
    above the page and throws it away, so a page near the end of 50,000 children took
    130 ms; from a key, the sort's index is entered at the key. The lead key's own bound
    is what lets SQLite start its index walk there (a row value over two tables alone
    would not)."""
    bound = [bindparam(None, v, type_=k.type) for k, v in zip(keys, values, strict=True)]
    row, start = tuple_(*keys), tuple_(*bound)
    if descending:
        return and_(keys[0] <= bound[0], row < start)
    return and_(keys[0] >= bound[0], row > start)


def _next_key(rows: Sequence[Any], keys: Sequence[Any], limit: int) -> PageKey | None:
    """The sort values of a full page's last row (selected after the row's own columns)."""
    if len(rows) < limit:
        return None
    return tuple(rows[-1][-len(keys) :])


def _display_name(full_name: str | None, login: str | None) -> str | None:
    """How the audit names an account: its full name, else its login (None: unknown)."""
    for name in (full_name, login):
        if name and name.strip():
            return name.strip()
    return None


class DeskQueries:
    """The reads of the desk's pages over one open store."""

    def __init__(self, store: LocalStore) -> None:
        self.store = store

    def _audit_view(
        self,
        session: Session,
        action: str,
        entity: str,
        entity_id: int | None,
        data: dict[str, Any],
    ) -> None:
        actor = current_actor(session)
        write_audit(
            session,
            at=self.store.now(),
            actor=actor.account_id,
            action=action,
            entity=entity,
            entity_id=entity_id,
            data=data,
        )

    # --- referrals --------------------------------------------------------------------------

    def referrals(
        self,
        query: str | None = None,
        *,
        status: str | None = None,
        sort: ReferralSort = "expires_at",
        descending: bool = False,
        offset: int = 0,
        limit: int = 100,
        after: PageKey | None = None,
    ) -> ReferralPage:
        """A page of referrals: the live ones and those closed in the last 30 days, or
        those of one ``status``; ``query`` as in :func:`search_kind`. Audited (R30).

        ``after``: the previous page's ``next_key``; the page is read from there instead
        of by ``offset`` (which then only numbers its rows)."""
        offset, limit = _page_bounds(offset, limit)
        with self.store.write() as session:
            conditions: list[ColumnElement[bool]] = []
            if status is not None:
                conditions.append(Referral.status == status)
            else:
                since = self.store.now() - timedelta(days=RECENTLY_CLOSED_DAYS)
                conditions.append(
                    or_(Referral.status.in_(LIVE_REFERRAL_STATUSES), Referral.closed_at >= since)
                )
            search = _referral_search(session, query) if query and query.strip() else None
            found = [*conditions, search.indexed] if search is not None else conditions
            total = _count(session, Referral, found)
            # many matches: walk the sort's index (every sort key has one) and stop after
            # the page; few: read them through the search indexes and sort them
            walk = _walk(
                total,
                0 if after is not None else offset,
                limit,
                lambda: total if search is None else _count(session, Referral, conditions),
            )
            if walk and search is not None:
                found = [*conditions, search.walking]
            stmt = select(Referral, Group.name, _referral_pending().label("pending"))
            if sort == "child_name" and walk:
                # the name order is name_key's own index: walked from there (every mirrored
                # referral has its name key, written with it in one transaction)
                stmt = stmt.select_from(NameKey).join(
                    Referral, and_(NameKey.entity == "referral", NameKey.entity_id == Referral.id)
                )
                keys: tuple[Any, Any] = (NameKey.sort_key, NameKey.entity_id)
            elif sort == "child_name":
                stmt = stmt.outerjoin(
                    NameKey, and_(NameKey.entity == "referral", NameKey.entity_id == Referral.id)
                )
                # never NULL: a row without a key would fall out of a keyset comparison
                keys = (func.coalesce(NameKey.sort_key, ""), Referral.id)
            else:
                column: Any = {
                    "expires_at": Referral.expires_at,
                    "issued_at": Referral.issued_at,
                    "number": Referral.number,
                    "status": Referral.status,
                }[sort]
                keys = (column, Referral.id)
            order = [key.desc() for key in keys] if descending else list(keys)
            if after is not None:
                found = [*found, _after(keys, after, descending=descending)]
            rows = session.execute(
                stmt.add_columns(*keys)
                .outerjoin(Group, Group.id == Referral.group_id)
                .where(*found)
                .order_by(*order)
                .offset(0 if after is not None else offset)
                .limit(limit)
            ).all()
            items = [
                ReferralItem(
                    id=r.id,
                    number=r.number,
                    status=r.status,
                    application_number=r.application_number,
                    child_name=r.child_name,
                    child_iin=r.child_iin,
                    birth_date=r.birth_date,
                    parent_iin=r.parent_iin,
                    group_id=r.group_id,
                    group_name=group_name or "",
                    issued_at=r.issued_at,
                    expires_at=r.expires_at,
                    closed_at=r.closed_at,
                    pending=bool(pending),
                )
                for r, group_name, pending, *_key in rows
            ]
            if items:
                self._audit_view(
                    session,
                    "view_referral_list",
                    "kindergarten",
                    current_actor(session).kindergarten_id,
                    {"referral_ids": [i.id for i in items], "search": search_kind(query)},
                )
            return ReferralPage(
                total=total, offset=offset, items=items, next_key=_next_key(rows, keys, limit)
            )

    def referral(self, referral_id: int) -> ReferralDetail:
        """One referral with the family's data and the latest check of each document,
        the desk's unsent ones included (marked pending). Audited (R30)."""
        with self.store.write() as session:
            referral = get_referral(session, referral_id)
            group = session.get(Group, referral.group_id)
            checks = latest_checks(session, referral.id)
            documents = [document_state(kind, checks.get(kind.value)) for kind in DOCUMENT_KINDS]
            days_left = working_days_left(_calendar(), self.store.now(), referral.expires_at)
            ops = self._ops_for_referral(session, referral.id)
            self._audit_view(session, "view_referral", "referral", referral.id, {})
            return ReferralDetail(
                id=referral.id,
                number=referral.number,
                status=referral.status,
                application_id=referral.application_id,
                application_number=referral.application_number,
                child_name=referral.child_name,
                child_iin=referral.child_iin,
                birth_date=referral.birth_date,
                parent_iin=referral.parent_iin,
                phones=list(referral.phones),
                group_id=referral.group_id,
                group_name=group.name if group else "",
                age_group=group.age_group if group else None,
                place_id=referral.place_id,
                issued_at=referral.issued_at,
                expires_at=referral.expires_at,
                days_left=days_left,
                postponed_until=referral.postponed_until,
                staff_relative=referral.staff_relative,
                closed_at=referral.closed_at,
                documents=documents,
                all_passed=all(d.status == "passed" for d in documents),
                pending_ops=ops,
            )

    @staticmethod
    def _ops_for_referral(session: Session, referral_id: int) -> list[PendingOpView]:
        temp_checks = select(DocumentCheck.id).where(
            DocumentCheck.referral_id == referral_id, DocumentCheck.id < 0
        )
        temp_enrollments = select(Enrollment.id).where(
            Enrollment.referral_id == referral_id, Enrollment.id < 0
        )
        op_ids = select(Pending.op_id).where(
            or_(
                and_(Pending.entity == "referral", Pending.entity_id == referral_id),
                and_(Pending.entity == "document_check", Pending.entity_id.in_(temp_checks)),
                and_(Pending.entity == "enrollment", Pending.entity_id.in_(temp_enrollments)),
            )
        )
        ops = session.scalars(select(Outbox).where(Outbox.op_id.in_(op_ids)).order_by(Outbox.seq))
        return [_pending_view(op) for op in ops]

    def lookup_iin(self, iin: str) -> IinMatches:
        """Where an exact IIN occurs, for "type or scan an IIN anywhere" (ids only: the UI
        then opens the view, which is audited)."""
        text = iin.strip()
        with self.store.read() as session:
            referrals = session.scalars(
                select(Referral.id)
                .where(or_(Referral.child_iin == text, Referral.parent_iin == text))
                .order_by(Referral.expires_at.desc())
            ).all()
            enrollments = session.scalars(
                select(Enrollment.id)
                .where(or_(Enrollment.child_iin == text, Enrollment.parent_iin == text))
                .order_by(Enrollment.enrolled_at.desc())
            ).all()
            applications = session.scalars(
                select(Application.id).where(Application.child_iin == text)
            ).all()
            return IinMatches(list(referrals), list(enrollments), list(applications))

    # --- groups and places ----------------------------------------------------------------

    def groups(self, *, include_inactive: bool = False) -> list[GroupSummary]:
        """Groups with capacity, enrolled, places by status and the seats still
        publishable (R15), the desk's pending work included."""
        with self.store.read() as session:
            query = select(Group).order_by(Group.age_group, Group.name, Group.id)
            if not include_inactive:
                query = query.where(Group.active.is_(True))
            groups = session.scalars(query).all()
            counts = group_counts(session, [g.id for g in groups])
            pending_groups = {
                int(summary["group_id"])
                for summary in session.scalars(select(Pending.summary))
                if summary.get("group_id") is not None
            }
            result = []
            for g in groups:
                c = counts[g.id]
                result.append(
                    GroupSummary(
                        id=g.id,
                        name=g.name,
                        age_group=g.age_group,
                        language=g.language,
                        type=g.type,
                        capacity=g.capacity,
                        active=g.active,
                        enrolled=c.enrolled,
                        unvaccinated=c.unvaccinated,
                        free=c.free,
                        offered=c.offered,
                        reserved=c.reserved,
                        published=c.published,
                        available=c.available(g.capacity),
                        pending=g.id in pending_groups,
                    )
                )
            return result

    def places(self, *, group_id: int | None = None, status: str | None = None) -> list[PlaceView]:
        with self.store.read() as session:
            touched = exists().where(Pending.entity == "place", Pending.entity_id == Place.id)
            query = select(Place, touched.label("pending")).order_by(Place.group_id, Place.id)
            if group_id is not None:
                query = query.where(Place.group_id == group_id)
            if status is not None:
                query = query.where(Place.status == status)
            return [
                PlaceView(
                    id=p.id,
                    group_id=p.group_id,
                    status=p.status,
                    free_from=p.free_from,
                    published_at=p.published_at,
                    pending=bool(pending),
                )
                for p, pending in session.execute(query).all()
            ]

    # --- children -------------------------------------------------------------------------

    def children(
        self,
        query: str | None = None,
        *,
        group_id: int | None = None,
        include_left: bool = False,
        offset: int = 0,
        limit: int = 100,
        after: PageKey | None = None,
    ) -> ChildPage:
        """The children attending (or all, ``include_left``); audited with the ids shown.
        ``after``: as in :meth:`referrals`."""
        offset, limit = _page_bounds(offset, limit)
        with self.store.write() as session:
            conditions: list[ColumnElement[bool]] = []
            if not include_left:
                conditions.append(Enrollment.left_at.is_(None))
            if group_id is not None:
                conditions.append(Enrollment.group_id == group_id)
            search = _child_search(session, query) if query and query.strip() else None
            found = [*conditions, search.indexed] if search is not None else conditions
            total = _count(session, Enrollment, found)
            if search is not None and _walk(
                total,
                0 if after is not None else offset,
                limit,
                lambda: _count(session, Enrollment, conditions),
            ):
                # many matches: walk ix_enrollment_list (the list's order, with the searched
                # columns in it) and stop after the page instead of sorting every match
                found = [*conditions, search.walking]
            touched = exists().where(
                Pending.entity == "enrollment", Pending.entity_id == Enrollment.id
            )
            # never NULL: a row without a name key would fall out of a keyset comparison
            keys = (Enrollment.group_id, func.coalesce(NameKey.sort_key, ""), Enrollment.id)
            if after is not None:
                found = [*found, _after(keys, after, descending=False)]
            rows = session.execute(
                select(Enrollment, Group.name, touched.label("pending"), *keys)
                .outerjoin(Group, Group.id == Enrollment.group_id)
                .outerjoin(
                    NameKey,
                    and_(NameKey.entity == "enrollment", NameKey.entity_id == Enrollment.id),
                )
                .where(*found)
                .order_by(*keys)
                .offset(0 if after is not None else offset)
                .limit(limit)
            ).all()
            items = [
                ChildItem(
                    id=e.id,
                    group_id=e.group_id,
                    group_name=group_name or "",
                    child_name=e.child_name,
                    child_iin=e.child_iin,
                    birth_date=e.birth_date,
                    vaccination=e.vaccination,
                    enrolled_at=e.enrolled_at,
                    left_at=e.left_at,
                    pending=bool(pending),
                )
                for e, group_name, pending, *_key in rows
            ]
            if items:
                self._audit_view(
                    session,
                    "view_children",
                    "kindergarten",
                    current_actor(session).kindergarten_id,
                    {"enrollment_ids": [i.id for i in items], "search": search_kind(query)},
                )
            return ChildPage(
                total=total, offset=offset, items=items, next_key=_next_key(rows, keys, limit)
            )

    def child(self, enrollment_id: int) -> ChildDetail:
        """One child's record; audited (R30)."""
        with self.store.write() as session:
            row = session.get(Enrollment, enrollment_id)
            if row is None:
                raise DomainError("NOT_FOUND")
            group = session.get(Group, row.group_id)
            pending = session.scalar(
                select(exists().where(Pending.entity == "enrollment", Pending.entity_id == row.id))
            )
            self._audit_view(session, "view_child", "enrollment", row.id, {})
            return ChildDetail(
                id=row.id,
                group_id=row.group_id,
                group_name=group.name if group else "",
                child_name=row.child_name,
                child_iin=row.child_iin,
                birth_date=row.birth_date,
                parent_iin=row.parent_iin,
                vaccination=row.vaccination,
                head_decision=row.head_decision,
                enrolled_at=row.enrolled_at,
                referral_id=row.referral_id,
                left_at=row.left_at,
                leave_reason=row.leave_reason,
                pending=bool(pending),
            )

    def walk_ins(self) -> list[WalkInView]:
        """Walk-in applications registered here: drafts first, then by number. Audited."""
        with self.store.write() as session:
            touched = exists().where(
                Pending.entity == "application", Pending.entity_id == Application.id
            )
            rows = session.execute(
                select(Application, touched.label("pending")).order_by(
                    Application.id >= 0, Application.number.desc(), Application.id
                )
            ).all()
            views = [
                WalkInView(
                    id=a.id,
                    number=a.number,
                    client_ref=UUID(a.client_ref) if a.client_ref else None,
                    status=a.status,
                    queued_at=a.queued_at,
                    child_name=a.child_name,
                    child_iin=a.child_iin,
                    pending=bool(pending),
                )
                for a, pending in rows
            ]
            if views:
                self._audit_view(
                    session,
                    "view_walk_ins",
                    "kindergarten",
                    current_actor(session).kindergarten_id,
                    {"application_ids": [v.id for v in views]},
                )
            return views

    def kindergarten_directory(self) -> KindergartenDirectory:
        """The district's kindergartens for the walk-in choosers, by id; the desk's own
        from its mirror while the directory was never downloaded (or lacks it). Public
        data only, so not audited."""
        with self.store.read() as session:
            state = sync_state_row(session)
            stored = state.directory_version is not None
            choices = [
                _choice(k)
                for k in session.scalars(
                    select(DirectoryKindergarten).order_by(DirectoryKindergarten.id)
                )
            ]
            own_id = state.kindergarten_id
            own = session.get(Kindergarten, own_id) if own_id is not None else None
            if own is not None and own.id not in {c.id for c in choices}:
                choices.insert(0, _choice(own))
            return KindergartenDirectory(stored=stored, choices=choices)

    # --- sync, conflicts, audit -----------------------------------------------------------

    def pending_count(self) -> int:
        with self.store.read() as session:
            return int(session.scalar(select(func.count()).select_from(Outbox)) or 0)

    def pending_changes(self) -> list[PendingOpView]:
        """The unsent ops, oldest first, for the Sync page."""
        with self.store.read() as session:
            return [
                _pending_view(op) for op in session.scalars(select(Outbox).order_by(Outbox.seq))
            ]

    def conflicts(self, *, include_resolved: bool = False) -> list[ConflictView]:
        with self.store.read() as session:
            query = select(Conflict).order_by(Conflict.created_at.desc(), Conflict.id.desc())
            if not include_resolved:
                query = query.where(Conflict.resolved_at.is_(None))
            return [
                ConflictView(
                    id=c.id,
                    op_id=UUID(c.op_id),
                    kind=c.kind,
                    code=c.code,
                    message=c.message,
                    language=c.language,
                    payload=dict(c.payload),
                    server_rows=list(c.server_rows),
                    created_at=c.created_at,
                    resolved_at=c.resolved_at,
                    resolved_by=c.resolved_by,
                    resolution=c.resolution,
                )
                for c in session.scalars(query)
            ]

    def audit_log(
        self,
        *,
        entity: str | None = None,
        entity_id: int | None = None,
        offset: int = 0,
        limit: int = 100,
    ) -> list[AuditEntry]:
        """The audit log, newest first; each record's actor named (full name, else login)
        when the account signed in on this desk (``desk_account``)."""
        offset, limit = _page_bounds(offset, limit)
        with self.store.read() as session:
            query = (
                select(Audit, DeskAccount.full_name, DeskAccount.login)
                .outerjoin(DeskAccount, DeskAccount.id == Audit.actor)
                .order_by(Audit.id.desc())
                .offset(offset)
                .limit(limit)
            )
            if entity is not None:
                query = query.where(Audit.entity == entity)
            if entity_id is not None:
                query = query.where(Audit.entity_id == entity_id)
            return [
                AuditEntry(
                    id=a.id,
                    at=a.at,
                    actor=a.actor,
                    action=a.action,
                    entity=a.entity,
                    entity_id=a.entity_id,
                    data=dict(a.data),
                    actor_name=_display_name(full_name, login),
                )
                for a, full_name, login in session.execute(query)
            ]

    def sync_history(self, limit: int = 50) -> list[SyncRunView]:
        with self.store.read() as session:
            runs = session.scalars(select(SyncRun).order_by(SyncRun.id.desc()).limit(limit))
            return [
                SyncRunView(
                    id=r.id,
                    started_at=r.started_at,
                    finished_at=r.finished_at,
                    pushed=r.pushed,
                    applied=r.applied,
                    duplicates=r.duplicates,
                    rejected=r.rejected,
                    pulled=r.pulled,
                    conflicts=r.conflicts,
                    snapshot=r.snapshot,
                    outcome=r.outcome,
                    error_code=r.error_code,
                )
                for r in runs
            ]

    def status(self) -> DeskStatus:
        """The status bar in one read."""
        with self.store.read() as session:
            state = sync_state_row(session)
            pending = session.scalar(select(func.count()).select_from(Outbox)) or 0
            open_conflicts = (
                session.scalar(
                    select(func.count()).select_from(Conflict).where(Conflict.resolved_at.is_(None))
                )
                or 0
            )
            return DeskStatus(
                registered=state.kindergarten_id is not None and state.account_id is not None,
                kindergarten_id=state.kindergarten_id,
                account_id=state.account_id,
                role=state.account_role,
                pending=int(pending),
                open_conflicts=int(open_conflicts),
                last_sync_at=state.last_sync_at,
                last_error_code=state.last_error_code,
                clock_skew_seconds=state.clock_skew_seconds,
            )


def _choice(kindergarten: KindergartenColumns) -> KindergartenChoice:
    return KindergartenChoice(
        id=kindergarten.id,
        name_kk=kindergarten.name_kk,
        name_ru=kindergarten.name_ru,
        address=kindergarten.address,
        languages=tuple(kindergarten.languages),
    )
