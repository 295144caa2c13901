"""The desk's use cases, all of which work with no network.

Each one is ONE transaction of the local store that (1) validates against the local
mirror with the same :mod:`domain` functions the server calls (``server_stub/services/
desk.py`` and ``applications.py``), (2) writes its change to the mirror optimistically,
(3) puts its intent op in the outbox with a new ``op_id`` and (4) writes an audit record;
then it returns a plain result. A failure anywhere leaves nothing of it behind. The
server validates the op again when it arrives: if its state moved on meanwhile (the
referral lapsed, the place went elsewhere), the op comes back rejected and becomes a
conflict, never lost.

Times come from the store's injected clock; they are the desk's, for display and audit
only (DESIGN.md, "Sync"): the server decides by its own time.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import mirror
from desktop.models.common import (
    Touch,
    build_op,
    change,
    current_actor,
    document_state,
    enqueue,
    get_group,
    get_referral,
    group_counts,
    latest_checks,
    next_temp_id,
    write_audit,
)
from desktop.models.results import (
    CheckOutcome,
    EnrollmentResult,
    LeaveResult,
    PlaceView,
    PublishResult,
    WalkInResult,
    WithdrawResult,
)
from desktop.models.store import LocalStore
from desktop.models.tables import (
    Application,
    Conflict,
    DocumentCheck,
    Enrollment,
    Place,
)
from domain import applications as intake
from domain.ages import GroupType
from domain.documents import (
    DOCUMENT_KINDS,
    DocumentKind,
    check_details,
    check_documents,
    recorded_vaccination,
    require_enrollment_documents,
    require_head_decision,
    require_visit_date,
    results_to_record,
)
from domain.enrollment import check_leave, left_at
from domain.errors import DomainError
from domain.kztime import local_date
from domain.places import in_august_freeze, require_publishable, require_withdrawable
from domain.policy import DEFAULT_POLICY, Policy
from domain.referrals import require_open
from domain.roles import DeskAction
from sync import protocol

# Statuses in which a walk-in still holds its place in the queue (R3: one per child).
ACTIVE_WALK_IN = ("pending", "queued", "offered", "referred", "stop_listed", "suspended")


def _place_view(place: Place) -> PlaceView:
    return PlaceView(
        id=place.id,
        group_id=place.group_id,
        status=place.status,
        free_from=place.free_from,
        published_at=place.published_at,
        pending=True,
    )


class Desk:
    """The desk's commands over one open store.

    ``policy`` is the region's (R-numbers' parameters); the server uses its own copy, so
    both must be configured alike, as they are by default.
    """

    def __init__(self, store: LocalStore, *, policy: Policy = DEFAULT_POLICY) -> None:
        self.store = store
        self.policy = policy

    # --- places (R15, R25) ---------------------------------------------------------------

    def publish_places(self, group_id: int, count: int, free_from: date) -> PublishResult:
        """R15: publish ``count`` free places, within the group's capacity as the desk
        knows it (enrolled children and places already published count against it).

        R25 (August freeze) is judged by the desk's date; the server re-checks both.
        """
        with self.store.write() as session:
            actor = current_actor(session)
            actor.require(DeskAction.PUBLISH_PLACES)
            now = self.store.now()
            if in_august_freeze(local_date(now), self.policy):
                raise DomainError("AUGUST_FREEZE")
            group = get_group(session, group_id)
            if not group.active:
                raise DomainError("GROUP_INACTIVE")
            counts = group_counts(session, [group.id])[group.id]
            require_publishable(
                count,
                capacity=group.capacity,
                enrolled=counts.enrolled,
                published=counts.published,
            )
            op = build_op(
                protocol.PublishPlaces, group_id=group.id, count=count, free_from=free_from
            )
            places = []
            for _ in range(count):
                place = Place(
                    id=next_temp_id(session),
                    group_id=group.id,
                    status="free",
                    free_from=free_from,
                    published_at=now,
                )
                session.add(place)
                places.append(place)
            session.flush()
            for place in places:
                change(session, "place", place.id)
            op_id = enqueue(
                session,
                op,
                created_at=now,
                touches=[Touch("place", p.id, "create", {"group_id": group.id}) for p in places],
            )
            write_audit(
                session,
                at=now,
                actor=actor.account_id,
                action="places_published",
                entity="group",
                entity_id=group.id,
                data={"count": count, "free_from": free_from.isoformat(), "op_id": str(op_id)},
            )
            return PublishResult(
                op_id=op_id, group_id=group.id, places=[_place_view(p) for p in places]
            )

    def withdraw_place(self, place_id: int) -> WithdrawResult:
        """Take back a published place nobody has been offered yet (an offered or reserved
        place has a family acting on it, R16-R18)."""
        with self.store.write() as session:
            actor = current_actor(session)
            actor.require(DeskAction.WITHDRAW_PLACE)
            now = self.store.now()
            place = session.get(Place, place_id)
            if place is None:
                raise DomainError("NOT_FOUND")
            if place.id < 0:
                raise DomainError("PENDING_SYNC")
            require_withdrawable(place.status)
            op = build_op(protocol.WithdrawPlace, place_id=place.id)
            change(session, "place", place.id)
            place.status = "withdrawn"
            op_id = enqueue(
                session,
                op,
                created_at=now,
                touches=[Touch("place", place.id, "update", {"group_id": place.group_id})],
            )
            write_audit(
                session,
                at=now,
                actor=actor.account_id,
                action="place_withdrawn",
                entity="place",
                entity_id=place.id,
                data={"op_id": str(op_id)},
            )
            session.flush()
            return WithdrawResult(op_id=op_id, place=_place_view(place))

    # --- documents (R20) -----------------------------------------------------------------

    def record_document_check(
        self,
        referral_id: int,
        documents: protocol.DocumentsIn,
        visit_date: date | None = None,
    ) -> CheckOutcome:
        """R20: check what the family brought and record every result at once, passed or
        failed, with its reason code; a failed check leaves the referral open.

        Which results are recorded is :func:`domain.documents.results_to_record`'s (a
        document not brought on a return visit keeps its earlier check; a kind never
        checked is recorded as missing), as on the server. ``visit_date`` (default: today
        at the desk) goes into the op, so the server judges the same visit, not the day of
        the sync.
        """
        with self.store.write() as session:
            actor = current_actor(session)
            actor.require(DeskAction.CHECK_DOCUMENTS)
            now = self.store.now()
            today = local_date(now)
            referral = get_referral(session, referral_id)
            require_open(referral.status, referral.expires_at, now)
            visit = visit_date or documents.visit_date or today
            require_visit_date(visit, today=today, issued_on=local_date(referral.issued_at))
            docs = documents.to_domain()
            verdict = check_documents(
                docs,
                parent_iin=referral.parent_iin,
                child_iin=referral.child_iin,
                birth_date=referral.birth_date,
                visit_date=visit,
                policy=self.policy,
            )
            sent = documents.model_copy(update={"visit_date": visit})
            op = build_op(protocol.RecordDocumentCheck, referral_id=referral.id, documents=sent)
            before = latest_checks(session, referral.id)
            rows: dict[str, DocumentCheck] = {}
            for result in results_to_record(verdict, docs, before):
                rows[result.document.value] = DocumentCheck(
                    id=next_temp_id(session),
                    referral_id=referral.id,
                    kind=result.document.value,
                    ok=result.ok,
                    code=result.code,
                    details=check_details(result.document, docs, result),
                    visit_date=visit,
                    checked_by=actor.account_id,
                    checked_at=now,
                )
            created = list(rows.values())
            session.add_all(created)
            session.flush()
            for row in created:
                change(session, "document_check", row.id)
            recorded = {kind: row.code or "OK" for kind, row in rows.items()}
            latest = {**before, **rows}
            states = [
                document_state(kind, latest[kind.value], this_visit=kind in rows)
                for kind in DOCUMENT_KINDS
            ]
            op_id = enqueue(
                session,
                op,
                created_at=now,
                touches=[
                    Touch("document_check", row.id, "create", {"referral_id": referral.id})
                    for row in created
                ],
            )
            write_audit(
                session,
                at=now,
                actor=actor.account_id,
                action="documents_checked",
                entity="referral",
                entity_id=referral.id,
                data={"visit_date": visit.isoformat(), "results": recorded, "op_id": str(op_id)},
            )
            return CheckOutcome(
                op_id=op_id,
                referral_id=referral.id,
                visit_date=visit,
                all_passed=all(s.status == "passed" for s in states),
                documents=states,
            )

    # --- enrollment (R20-R22) ------------------------------------------------------------

    def enroll(self, referral_id: int, head_decision: str | None = None) -> EnrollmentResult:
        """R21/R22: sign the child in on a live referral whose four documents passed.

        Refused with the first unmet rule's code: REFERRAL_NOT_ACTIVE / REFERRAL_LAPSED
        (by the desk's clock), DOCUMENTS_NOT_CHECKED / DOCUMENTS_FAILED /
        EPID_CERT_TOO_OLD (R20), VACCINATION_DECISION_REQUIRED (R21, counted over the
        group as the desk sees it, its own pending enrollments included).
        """
        with self.store.write() as session:
            actor = current_actor(session)
            actor.require(DeskAction.ENROLL)
            now = self.store.now()
            today = local_date(now)
            referral = get_referral(session, referral_id)
            require_open(referral.status, referral.expires_at, now)
            checks = latest_checks(session, referral.id)
            require_enrollment_documents(
                checks, issued_on=local_date(referral.issued_at), today=today, policy=self.policy
            )
            group = get_group(session, referral.group_id)
            vaccination = recorded_vaccination(checks[DocumentKind.HEALTH_PASSPORT.value].details)
            counts = group_counts(session, [group.id])[group.id]
            decision = require_head_decision(
                head_decision,
                group_type=GroupType(group.type),
                enrolled=counts.enrolled,
                unvaccinated=counts.unvaccinated,
                child=vaccination,
                policy=self.policy,
            )
            op = build_op(protocol.Enroll, referral_id=referral.id, head_decision=decision)
            enrollment_id = next_temp_id(session)
            mirror.upsert(
                session,
                "enrollment",
                {
                    "id": enrollment_id,
                    "referral_id": referral.id,
                    "group_id": group.id,
                    "child_name": referral.child_name,
                    "child_iin": referral.child_iin,
                    "birth_date": referral.birth_date,
                    "parent_iin": referral.parent_iin,
                    "vaccination": vaccination.value,
                    "head_decision": decision,
                    "enrolled_at": now,
                    "left_at": None,
                    "leave_reason": None,
                },
            )
            change(session, "enrollment", enrollment_id)
            change(session, "referral", referral.id)
            referral.status = "enrolled"
            referral.closed_at = now
            touches = [
                Touch("enrollment", enrollment_id, "create", {"referral_id": referral.id}),
                Touch("referral", referral.id, "update", {}),
            ]
            place = session.get(Place, referral.place_id)
            if place is not None:
                change(session, "place", place.id)
                place.status = "filled"
                touches.append(Touch("place", place.id, "update", {"group_id": group.id}))
            op_id = enqueue(session, op, created_at=now, touches=touches)
            write_audit(
                session,
                at=now,
                actor=actor.account_id,
                action="child_enrolled",
                entity="referral",
                entity_id=referral.id,
                data={
                    "enrollment_id": enrollment_id,
                    "group_id": group.id,
                    "place_id": referral.place_id,
                    "head_decision": decision is not None,
                    "op_id": str(op_id),
                },
            )
            session.flush()
            return EnrollmentResult(
                op_id=op_id,
                enrollment_id=enrollment_id,
                referral_id=referral.id,
                application_id=referral.application_id,
                application_number=referral.application_number,
                group_id=group.id,
                place_id=referral.place_id,
                vaccination=vaccination.value,
                head_decision_recorded=decision is not None,
                enrolled_at=now,
            )

    def record_leave(self, enrollment_id: int, day: date | None, reason: str) -> LeaveResult:
        """R23: the child leaves; the seat becomes capacity the head may publish, nothing
        is published by itself. On or after the enrollment day, never in the future."""
        with self.store.write() as session:
            actor = current_actor(session)
            actor.require(DeskAction.RECORD_LEAVE)
            now = self.store.now()
            today = local_date(now)
            row = session.get(Enrollment, enrollment_id)
            if row is None:
                raise DomainError("NOT_FOUND")
            if row.id < 0:
                raise DomainError("PENDING_SYNC")
            leave = check_leave(
                left_at=row.left_at,
                day=day,
                today=today,
                enrolled_on=local_date(row.enrolled_at),
                reason=reason,
            )
            op = build_op(
                protocol.RecordLeave, enrollment_id=row.id, date=leave.day, reason=leave.reason
            )
            change(session, "enrollment", row.id)
            row.left_at = left_at(leave.day, today=today, now=now)
            row.leave_reason = leave.reason
            op_id = enqueue(
                session,
                op,
                created_at=now,
                touches=[Touch("enrollment", row.id, "update", {"group_id": row.group_id})],
            )
            write_audit(
                session,
                at=now,
                actor=actor.account_id,
                action="child_left",
                entity="enrollment",
                entity_id=row.id,
                data={"group_id": row.group_id, "op_id": str(op_id)},
            )
            session.flush()
            return LeaveResult(
                op_id=op_id,
                enrollment_id=row.id,
                group_id=row.group_id,
                left_at=row.left_at,
                reason=leave.reason,
            )

    # --- walk-in applications (R1-R4, R6, R9) --------------------------------------------

    def register_walk_in(
        self,
        *,
        child_iin: str,
        child_name: str,
        birth_date: date,
        parent_iin: str,
        phones: Sequence[str],
        kindergarten_ids: Sequence[int],
        accepted_languages: Sequence[str] = intake.ACCEPTED_LANGUAGES,
        need: str = "general",
        benefit: str | None = None,
        language: str = "ru",
        desired_start: date | None = None,
    ) -> WalkInResult:
        """Register an application for a family at the desk, offline (R9: its queue time
        is the server's time of the sync that delivers it).

        Everything the desk can know is checked now, as the server's filing does: IINs
        (R1, R3), phones (R4), choices, languages, need, benefit, age (R6); a duplicate
        the desk knows of (R3) too. The birth-date hint of R2 is a warning.
        """
        with self.store.write() as session:
            actor = current_actor(session)
            actor.require(DeskAction.REGISTER_WALK_IN)
            now = self.store.now()
            applicant = intake.check_applicant(
                child_iin=child_iin,
                parent_iin=parent_iin,
                child_name=child_name,
                birth_date=birth_date,
                desired_start=desired_start,
                today=local_date(now),
                policy=self.policy,
            )
            child, parent, name = applicant.child_iin, applicant.parent_iin, applicant.child_name
            warnings = list(applicant.warnings)
            numbers = intake.normalize_phones(phones, self.policy)
            choices = intake.check_choices(kindergarten_ids, self.policy)
            accepted = intake.normalize_accepted_languages(accepted_languages)
            chosen_need = intake.parse_need(need)
            intake.require_sms_language(language)
            chosen_benefit = intake.parse_benefit(benefit)
            if _known_active_walk_in(session, child):
                raise DomainError("APPLICATION_DUPLICATE")
            client_ref = uuid.uuid4()
            op = build_op(
                protocol.RegisterWalkIn,
                client_ref=client_ref,
                child_iin=child,
                child_name=name,
                birth_date=birth_date,
                parent_iin=parent,
                phones=list(numbers),
                kindergarten_ids=list(choices),
                accepted_languages=[x.value for x in accepted],
                need=chosen_need.value,
                benefit=chosen_benefit.value if chosen_benefit is not None else None,
                language=language,
                desired_start=desired_start,
            )
            draft_id = next_temp_id(session)
            mirror.upsert(
                session,
                "application",
                {
                    "id": draft_id,
                    "number": None,
                    "client_ref": str(client_ref),
                    "status": "pending",
                    "queued_at": None,
                    "child_name": name,
                    "child_iin": child,
                },
            )
            change(session, "application", draft_id)
            op_id = enqueue(
                session,
                op,
                created_at=now,
                touches=[Touch("application", draft_id, "create", {"client_ref": str(client_ref)})],
            )
            write_audit(
                session,
                at=now,
                actor=actor.account_id,
                action="walk_in_registered",
                entity="application",
                entity_id=draft_id,
                data={
                    "client_ref": str(client_ref),
                    "kindergarten_ids": list(choices),
                    "warnings": warnings,
                    "op_id": str(op_id),
                },
            )
            return WalkInResult(
                op_id=op_id,
                application_id=draft_id,
                client_ref=client_ref,
                warnings=tuple(warnings),
            )

    # --- conflicts -------------------------------------------------------------------------

    def resolve_conflict(self, conflict_id: int, resolution: str) -> None:
        """Close a conflict with what the staff did about it (called the family, published
        again, …); the conflict and its payload stay for the record."""
        with self.store.write() as session:
            actor = current_actor(session)
            conflict = session.get(Conflict, conflict_id)
            if conflict is None:
                raise DomainError("NOT_FOUND")
            if conflict.resolved_at is not None:
                raise DomainError("CONFLICT_ALREADY_RESOLVED")
            text = resolution.strip()
            if not text:
                raise DomainError("INVALID_REQUEST", fields="resolution")
            now = self.store.now()
            conflict.resolved_at = now
            conflict.resolved_by = actor.account_id
            conflict.resolution = text[:2000]
            write_audit(
                session,
                at=now,
                actor=actor.account_id,
                action="conflict_resolved",
                entity="conflict",
                entity_id=conflict.id,
                data={"op_id": conflict.op_id, "code": conflict.code},
            )


# ------------------------------------------------------------------------ walk-in helpers


def _known_active_walk_in(session: Session, child_iin: str) -> bool:
    """R3 as far as the desk can know: a walk-in of this child it already registered."""
    found = session.scalar(
        select(Application.id).where(
            Application.child_iin == child_iin, Application.status.in_(ACTIVE_WALK_IN)
        )
    )
    return found is not None
