"""Plain-language answers to "why did this child get the place, and why not mine?".

The allocation engine stores, with each decision, what it saw (``Allocation.inputs``: the
chosen application, the ones ranked ahead of it and why each was passed over, the 1:3
turn). This module only turns that record into sentences in Kazakh, Russian or English
from the message catalogue, so the explanation is of the decision actually taken, not a
re-computation that could disagree with it.

Explanations name applications by their public number only (R28, R30): never a name, an
IIN or a phone, because other families read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from domain.ages import age_group, school_year_of
from domain.errors import DomainError
from domain.messages import message
from domain.policy import DEFAULT_POLICY, Policy
from server_stub.clock import KZ_TZ, local_date
from server_stub.models import ACTIVE_APPLICATION_STATUSES, Allocation, Application, Choice

# An application waits in the queue for at most ~6 school years (R6); allocations older
# than that could not have concerned it.
_MAX_QUEUE_YEARS = 7


@dataclass(frozen=True)
class Explanation:
    """``summary`` says what was decided, ``lines`` why; ``viewer_line`` answers the
    viewer's own "why not me" (None when no viewer was given)."""

    allocation_id: int
    summary: str
    lines: list[str]
    viewer_line: str | None
    kindergarten_id: int | None = None
    decided_at: datetime | None = None


def _category(value: Any, language: str) -> str:
    return message(f"EXPLAIN_CATEGORY_{int(value)}", language)


def _format_time(text: str | None) -> str:
    if not text:
        return "-"
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        return moment.strftime("%d.%m.%Y %H:%M:%S")
    return moment.astimezone(KZ_TZ).strftime("%d.%m.%Y %H:%M:%S")


def _reason(code: str | None, language: str) -> str:
    return message(code or "PRIORITY_SHARE_TURN", language)


def explain_allocation(
    session: Session,
    allocation_id: int,
    language: str,
    *,
    viewer_application_id: int | None = None,
    policy: Policy = DEFAULT_POLICY,
) -> Explanation:
    """The decision ``allocation_id`` in sentences; NOT_FOUND when there is none."""
    record = session.get(Allocation, allocation_id)
    if record is None:
        raise DomainError("NOT_FOUND")
    viewer_number: str | None = None
    if viewer_application_id is not None:
        viewer_number = session.scalar(
            select(Application.number).where(Application.id == viewer_application_id)
        )
    return _explain(record, language, policy, viewer_application_id, viewer_number)


def _explain(
    record: Allocation,
    language: str,
    policy: Policy,
    viewer_id: int | None,
    viewer_number: str | None,
) -> Explanation:
    inputs: dict[str, Any] = dict(record.inputs or {})
    chosen: dict[str, Any] = dict(inputs.get("chosen") or {})
    passed: list[dict[str, Any]] = list(inputs.get("passed_over") or [])
    number = str(chosen.get("number", "-"))
    position = chosen.get("position")
    group_age = int(inputs.get("age_group", record.age_group))
    group_language = str(inputs.get("language", "ru"))
    summary = message(
        "EXPLAIN_SUMMARY",
        language,
        date=local_date(record.decided_at).strftime("%d.%m.%Y"),
        group=inputs.get("group_name", "-"),
        age_group=message(f"EXPLAIN_AGE_GROUP_{group_age}", language),
        language=message(f"EXPLAIN_LANGUAGE_{group_language.upper()}", language),
        number=number,
        candidates=inputs.get("candidates", "-"),
    )
    lines: list[str] = []
    if position is not None:
        lines.append(message("EXPLAIN_CHOSEN", language, number=number, position=position))
    category = int(chosen.get("category", 2))
    lines.append(
        message(
            "EXPLAIN_CHOSEN_CATEGORY",
            language,
            number=number,
            category=_category(category, language),
        )
    )
    if category == 0:
        lines.append(message("EXPLAIN_RULE_EXTRAORDINARY", language))
    else:
        lines.append(
            message(
                "EXPLAIN_RULE_SHARE",
                language,
                first=policy.first_priority_share,
                general=policy.general_share,
            )
        )
    if chosen.get("sibling_here"):
        lines.append(message("EXPLAIN_SIBLING", language))
    lines.append(
        message("EXPLAIN_QUEUED_AT", language, queued_at=_format_time(chosen.get("queued_at")))
    )
    if chosen.get("batch"):
        lines.append(message("EXPLAIN_BATCH", language))
    if passed:
        for entry in passed:
            lines.append(
                message(
                    "EXPLAIN_PASSED_OVER",
                    language,
                    number=entry.get("number", "-"),
                    position=entry.get("position", "-"),
                    reason=_reason(entry.get("reason"), language),
                )
            )
    else:
        lines.append(message("EXPLAIN_NOBODY_PASSED", language))

    viewer_line: str | None = None
    if viewer_id is not None and viewer_number is not None:
        mine = next((p for p in passed if p.get("application_id") == viewer_id), None)
        if chosen.get("application_id") == viewer_id:
            viewer_line = message("EXPLAIN_VIEWER_CHOSEN", language, number=viewer_number)
        elif mine is not None:
            viewer_line = message(
                "EXPLAIN_VIEWER_PASSED_OVER",
                language,
                number=viewer_number,
                position=mine.get("position", "-"),
                reason=_reason(mine.get("reason"), language),
            )
        else:
            viewer_line = message(
                "EXPLAIN_BEHIND",
                language,
                number=viewer_number,
                chosen=number,
                position=position if position is not None else "-",
            )
    return Explanation(
        allocation_id=record.id,
        summary=summary,
        lines=lines,
        viewer_line=viewer_line,
        kindergarten_id=record.kindergarten_id,
        decided_at=record.decided_at,
    )


def _age_groups_while_queued(app: Application, policy: Policy) -> set[int]:
    first = school_year_of(local_date(app.queued_at), policy)
    groups = (
        age_group(app.birth_date, year, policy) for year in range(first, first + _MAX_QUEUE_YEARS)
    )
    return {int(g) for g in groups if g is not None}


def explanations_for_application(
    session: Session,
    app: Application,
    language: str,
    *,
    policy: Policy = DEFAULT_POLICY,
    limit: int = 20,
) -> list[Explanation]:
    """Offers at the application's kindergartens, in its age group, made to another child
    while it was in the queue: the ones it was passed over for or ranked behind.

    Newest first. An allocation is taken to concern the application when the age group
    the application had in that allocation's school year is the allocation's group.
    """
    kids = list(
        session.scalars(select(Choice.kindergarten_id).where(Choice.application_id == app.id))
    )
    groups = _age_groups_while_queued(app, policy)
    if not kids or not groups:
        return []
    conditions = [
        Allocation.kindergarten_id.in_(kids),
        Allocation.age_group.in_(sorted(groups)),
        Allocation.decided_at >= app.queued_at,
        or_(Allocation.application_id.is_(None), Allocation.application_id != app.id),
    ]
    if app.status not in ACTIVE_APPLICATION_STATUSES:
        # once out of the queue, later offers are none of its business
        conditions.append(Allocation.decided_at <= app.status_changed_at)
    # a few rows more than asked for: some may be of another school year's age group
    stmt = (
        select(Allocation)
        .where(*conditions)
        .order_by(Allocation.decided_at.desc(), Allocation.id.desc())
        .limit(limit * 5)
    )
    result: list[Explanation] = []
    for record in session.scalars(stmt):
        year = (record.inputs or {}).get("school_year")
        if isinstance(year, int) and _group_in(app.birth_date, year, policy) != record.age_group:
            continue
        result.append(_explain(record, language, policy, app.id, app.number))
        if len(result) >= limit:
            break
    return result


def _group_in(birth: date, school_year: int, policy: Policy) -> int | None:
    group = age_group(birth, school_year, policy)
    return int(group) if group is not None else None
