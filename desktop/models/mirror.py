"""Writing the server's rows into the mirror tables, and overlaying the desk's own work.

The rules, in one place because both the use cases and the sync engine depend on them:

* A use case that changes an existing mirror row first saves the server's version of it
  in ``shadow`` (:func:`begin_change`); a row it creates gets a negative temporary id and
  a tombstone shadow (the server has no such row yet). Its outbox op lists the keys in
  ``touches``.
* A server row for a key some pending op touches does not overwrite the desk's work: it
  replaces the shadow instead (:func:`apply_server_row`).
* When the last op touching a key is answered, the key is *lifted*: the mirror row becomes
  the shadow, i.e. the server's latest known version (:func:`lift`); the op's result rows
  are applied right after, so the server's answer wins.

Rows are validated through the protocol's row types before they are written, so a mirror
only ever holds what the contract allows.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from pydantic import ValidationError
from sqlalchemy import Table, delete, func, insert, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from desktop.models.tables import (
    MIRRORS,
    Application,
    Base,
    NameKey,
    NameToken,
    Outbox,
    Shadow,
)
from domain.errors import DomainError
from sync import protocol

Key = tuple[str, int]
# Mirrors whose rows carry a child's name, indexed word by word for the desk's search.
NAMED = frozenset({"referral", "enrollment", "application"})


def table(model: type[Base]) -> Table:
    """The Core table of a mapped class (typed as a Table, which it always is here)."""
    found = model.__table__
    assert isinstance(found, Table)
    return found


# ----------------------------------------------------------------------------- conversion


def _aware(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)  # the server writes UTC; be lenient on the offset
    return value


def to_values(entity: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """A protocol row (JSON or Python values) -> column values of its mirror table.

    An invalid row is SYNC_DATA_INVALID: the page is refused whole and the cursor stays.
    """
    row_type = protocol.ROW_TYPES.get(entity)
    if row_type is None:
        raise DomainError("SYNC_DATA_INVALID")
    try:
        model = row_type.model_validate(dict(row))
    except ValidationError as exc:
        raise DomainError("SYNC_DATA_INVALID") from exc
    return model_values(model)


def model_values(model: protocol._Wire) -> dict[str, Any]:
    """An already validated protocol row -> column values (a snapshot's rows)."""
    values = {name: _aware(value) for name, value in model.model_dump().items()}
    if isinstance(values.get("client_ref"), UUID):
        values["client_ref"] = str(values["client_ref"])
    return values


def to_row(entity: str, obj: Base) -> dict[str, Any]:
    """A mirror object -> its protocol row as JSON, for a shadow."""
    return protocol.ROW_TYPES[entity].model_validate(obj).model_dump(mode="json")


# ---------------------------------------------------------------------------- name index


def fold(text: str) -> str:
    """The search form of a name or a typed word: NFC, case-folded, ё read as е (people
    type either), so "ӘЛИЕВА", "Әлиева" and "әлиева" are one word."""
    return unicodedata.normalize("NFC", text).casefold().replace("ё", "е")


# The Kazakh Cyrillic alphabet in its order; Russian's is the same with nine letters fewer.
KAZAKH_ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
_ALPHABET_KEY = {ch: chr(0xE000 + i) for i, ch in enumerate(KAZAKH_ALPHABET)}


def sort_key(name: str) -> str:
    """A key whose code-point order is alphabetical order: each Cyrillic letter becomes a
    private-use character numbered by its place in the alphabet (SQLite compares bytes)."""
    folded = unicodedata.normalize("NFC", name).casefold()
    return "".join(_ALPHABET_KEY.get(ch, ch) for ch in folded)[:300]


def name_tokens(name: str) -> set[str]:
    """The words of a name; a hyphenated part is also its own word."""
    words = fold(name).split()
    tokens = set(words)
    for word in words:
        tokens.update(part for part in word.split("-") if part)
    return {token[:300] for token in tokens}


def _index_names(session: Session, entity: str, rows: Sequence[Mapping[str, Any]]) -> None:
    if entity not in NAMED or not rows:
        return
    keys = [
        {"entity": entity, "entity_id": row["id"], "sort_key": sort_key(str(row["child_name"]))}
        for row in rows
    ]
    session.execute(sqlite_insert(table(NameKey)).on_conflict_do_nothing(), keys)
    tokens = [
        {"entity": entity, "token": token, "entity_id": row["id"]}
        for row in rows
        for token in name_tokens(str(row["child_name"]))
    ]
    if tokens:
        # the Table, not the mapped class: a plain executemany, no ORM bulk bookkeeping
        session.execute(sqlite_insert(table(NameToken)).on_conflict_do_nothing(), tokens)


def _unindex(session: Session, entity: str, entity_id: int) -> None:
    if entity in NAMED:
        for index in (NameToken, NameKey):
            session.execute(
                delete(index).where(index.entity == entity, index.entity_id == entity_id)
            )


# ------------------------------------------------------------------------------- writing


def upsert(session: Session, entity: str, values: Mapping[str, Any]) -> None:
    """Insert or replace one mirror row (values already converted by :func:`to_values`)."""
    mirror_table = table(MIRRORS[entity])
    stmt = sqlite_insert(mirror_table).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=[mirror_table.c.id],
        set_={name: stmt.excluded[name] for name in values if name != "id"},
    )
    session.execute(stmt)
    _unindex(session, entity, int(values["id"]))
    _index_names(session, entity, [values])
    if entity == "application" and values["id"] > 0 and values.get("client_ref"):
        drop_walk_in_drafts(session, str(values["client_ref"]))


def drop_walk_in_drafts(session: Session, client_ref: str) -> None:
    """The server's row for a walk-in replaces the desk's draft of it at once, even while
    the op's own answer is still to come (it was lost): never show the family twice."""
    drafts = session.scalars(
        select(Application.id).where(Application.client_ref == client_ref, Application.id < 0)
    ).all()
    for draft in drafts:
        remove(session, "application", draft)


def remove(session: Session, entity: str, entity_id: int) -> None:
    model = MIRRORS[entity]
    session.execute(delete(model).where(table(model).c.id == entity_id))
    _unindex(session, entity, entity_id)


def write_row(session: Session, entity: str, entity_id: int, row: Mapping[str, Any] | None) -> None:
    """Make the mirror say ``row`` (None: the row is gone from this desk's view)."""
    if row is None:
        remove(session, entity, entity_id)
        return
    values = to_values(entity, row)
    if values["id"] != entity_id:
        raise DomainError("SYNC_DATA_INVALID")
    upsert(session, entity, values)


def bulk_insert(session: Session, entity: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert many already converted rows at once (a snapshot of 50,000 referrals)."""
    if not rows:
        return
    session.execute(insert(table(MIRRORS[entity])), list(rows))
    _index_names(session, entity, rows)


def clear(session: Session, entity: str, keep_ids: Iterable[int] = ()) -> None:
    """Delete every mirror row of ``entity`` except ``keep_ids`` (overlaid rows)."""
    model = MIRRORS[entity]
    keep = list(keep_ids)
    column = table(model).c.id
    condition = column.not_in(keep) if keep else column.is_not(None)
    session.execute(delete(model).where(condition))
    if entity in NAMED:
        for index in (NameToken, NameKey):
            kept = index.entity_id.not_in(keep) if keep else index.entity_id.is_not(None)
            session.execute(delete(index).where(index.entity == entity, kept))


# ------------------------------------------------------------------------------- overlays


class Touches:
    """The mirror keys that ops still in the outbox changed locally, with how many ops
    touch each, kept current while a push's answers settle ops one by one.

    Read once per transaction: reading the outbox again for every settled op made a
    push of n ops cost O(n²) on the desk (10,000 pending ops took minutes to settle).
    """

    def __init__(self, session: Session) -> None:
        self._counts: Counter[Key] = Counter()
        for touches in session.scalars(select(Outbox.touches)):
            self._counts.update((str(entity), int(entity_id)) for entity, entity_id in touches)

    def __contains__(self, key: object) -> bool:
        return self._counts.get(key, 0) > 0  # type: ignore[call-overload]

    def __iter__(self) -> Iterator[Key]:
        return (key for key, n in self._counts.items() if n > 0)

    def release(self, keys: Iterable[Key]) -> None:
        """An op that touched ``keys`` left the outbox."""
        for key in keys:
            self._counts[key] -= 1
            if self._counts[key] <= 0:
                del self._counts[key]


def begin_change(session: Session, entity: str, entity_id: int) -> None:
    """Before the desk changes a mirror row, keep the server's version (once: the first
    local change keeps the server's row, later ones must not save the desk's own)."""
    if session.get(Shadow, (entity, entity_id)) is not None:
        return
    row: dict[str, Any] | None = None
    if entity_id > 0:
        obj = session.get(MIRRORS[entity], entity_id)
        row = to_row(entity, obj) if obj is not None else None
    session.add(Shadow(entity=entity, entity_id=entity_id, row=row))
    session.flush()


def apply_server_row(
    session: Session,
    entity: str,
    entity_id: int,
    row: Mapping[str, Any] | None,
    touched: Touches,
) -> bool:
    """Apply one server row; a key under local work only updates its shadow. Returns
    whether the mirror itself changed."""
    if (entity, entity_id) in touched:
        if row is not None:
            to_values(entity, row)  # validate now: a bad row must fail the page, not the lift
        shadow = session.get(Shadow, (entity, entity_id))
        if shadow is None:
            session.add(Shadow(entity=entity, entity_id=entity_id, row=dict(row) if row else None))
        else:
            shadow.row = dict(row) if row is not None else None
        session.flush()
        return False
    write_row(session, entity, entity_id, row)
    return True


def lift(session: Session, keys: Iterable[Key], touched: Touches) -> None:
    """Keys no pending op touches any more get the server's version back."""
    for entity, entity_id in keys:
        if (entity, entity_id) in touched:
            continue
        shadow = session.get(Shadow, (entity, entity_id))
        if shadow is None:
            continue
        write_row(session, entity, entity_id, shadow.row)
        session.delete(shadow)
    session.flush()


def count(session: Session, entity: str) -> int:
    model = MIRRORS[entity]
    return int(session.scalar(select(func.count()).select_from(model)) or 0)
