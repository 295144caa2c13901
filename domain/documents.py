"""The document check at the kindergarten desk (R20) and the vaccination share (R21).

Every check returns a :class:`CheckResult` instead of raising: a failed check does not end
the referral (R20), and the desk must record every check, passed or failed, with its
reason code, then let the family come back with a corrected document.

What a recorded check keeps (:func:`check_details`) and what enrolling then requires of the
recorded checks (:func:`enrollment_blocker`) live here too: the server and the offline desk
both record checks and both refuse an enrollment, and a desk that judged differently would
promise a family an enrollment the server then refuses.

Reason-code params are never personal data (they may be logged, R30): dates of document
validity appear, ISO formatted so server and desk serialise them alike; IINs and birth
dates never do.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Protocol

from domain.ages import GroupType
from domain.errors import DomainError
from domain.policy import DEFAULT_POLICY, Policy

# R21: the reason code the server/desk raise when :func:`vaccination_needs_decision` is True
# and no decision of the head is recorded; kept here so the rule and its code stay together.
VACCINATION_DECISION_REQUIRED = "VACCINATION_DECISION_REQUIRED"


class DocumentKind(StrEnum):
    """The four documents of R20."""

    PARENT_ID = "parent_id"
    BIRTH_CERTIFICATE = "birth_certificate"
    EPID_CERTIFICATE = "epid_certificate"
    HEALTH_PASSPORT = "health_passport"


class Vaccination(StrEnum):
    """The vaccination status in the health passport (R20), which R21 counts."""

    COMPLETE = "complete"
    INCOMPLETE = "incomplete"
    EXEMPT = "exempt"  # a medical exemption: not counted as unvaccinated (R21)


@dataclass(frozen=True)
class ParentIdDocument:
    """The parent's identity document; ``expiry_date`` None for one that never expires."""

    number: str
    iin: str
    expiry_date: date | None


@dataclass(frozen=True)
class BirthCertificate:
    number: str
    child_iin: str
    birth_date: date


@dataclass(frozen=True)
class EpidCertificate:
    """Справка об эпидокружении: proves no recent contagious contact, hence its short life."""

    number: str
    issue_date: date


@dataclass(frozen=True)
class HealthPassport:
    number: str
    vaccination: Vaccination


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one R20 check: ok, or the reason code with its message params."""

    document: DocumentKind
    ok: bool
    code: str | None = None
    # Excluded from the hash (a mapping is unhashable); equality still compares it.
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        if self.ok != (self.code is None):
            raise ValueError("a CheckResult has a code exactly when it failed")
        # A read-only copy, so a frozen result cannot change through a shared dict.
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))


def _passed(kind: DocumentKind) -> CheckResult:
    return CheckResult(document=kind, ok=True)


def _failed(kind: DocumentKind, code: str, **params: Any) -> CheckResult:
    return CheckResult(document=kind, ok=False, code=code, params=params)


def _missing_number(number: str) -> bool:
    return not number.strip()


def check_parent_id(doc: ParentIdDocument | None, parent_iin: str, visit_date: date) -> CheckResult:
    """R20: present, numbered, valid on the visit date (its expiry day included), and the
    parent of the application."""
    kind = DocumentKind.PARENT_ID
    if doc is None:
        return _failed(kind, "DOC_MISSING")
    if _missing_number(doc.number):
        return _failed(kind, "DOC_NUMBER_MISSING")
    if doc.expiry_date is not None and doc.expiry_date < visit_date:
        return _failed(kind, "PARENT_ID_EXPIRED", valid_until=doc.expiry_date.isoformat())
    if doc.iin.strip() != parent_iin.strip():
        return _failed(kind, "PARENT_ID_IIN_MISMATCH")
    return _passed(kind)


def check_birth_certificate(
    doc: BirthCertificate | None, child_iin: str, birth_date: date
) -> CheckResult:
    """R20: the certificate belongs to the child of the application.

    The birth date is compared too, because since 2013 the IIN alone does not prove it
    (R2) and the age decides the group (R5).
    """
    kind = DocumentKind.BIRTH_CERTIFICATE
    if doc is None:
        return _failed(kind, "DOC_MISSING")
    if _missing_number(doc.number):
        return _failed(kind, "DOC_NUMBER_MISSING")
    if doc.child_iin.strip() != child_iin.strip():
        return _failed(kind, "BIRTH_CERT_IIN_MISMATCH")
    if doc.birth_date != birth_date:
        return _failed(kind, "BIRTH_CERT_DATE_MISMATCH")
    return _passed(kind)


def epid_certificate_ok(issue_date: date, visit_date: date, max_age_days: int = 3) -> bool:
    """R20: visit - max_age_days <= issue <= visit, in calendar days (not working days)."""
    return visit_date - timedelta(days=max_age_days) <= issue_date <= visit_date


def check_epid_certificate(
    doc: EpidCertificate | None, visit_date: date, policy: Policy = DEFAULT_POLICY
) -> CheckResult:
    """R20: the certificate is fresh on the visit date.

    A too-old certificate names the day it stopped being valid, so the desk can tell the
    family exactly why a new one is needed; a future date is a typo or a forgery, so it
    gets its own reason.
    """
    kind = DocumentKind.EPID_CERTIFICATE
    if doc is None:
        return _failed(kind, "DOC_MISSING")
    if _missing_number(doc.number):
        return _failed(kind, "DOC_NUMBER_MISSING")
    max_age = policy.epid_certificate_max_age_days
    if doc.issue_date > visit_date:
        return _failed(kind, "EPID_CERT_FUTURE_DATE", issued=doc.issue_date.isoformat())
    if not epid_certificate_ok(doc.issue_date, visit_date, max_age):
        valid_until = doc.issue_date + timedelta(days=max_age)
        return _failed(
            kind,
            "EPID_CERT_TOO_OLD",
            issued=doc.issue_date.isoformat(),
            valid_until=valid_until.isoformat(),
        )
    return _passed(kind)


def check_health_passport(doc: HealthPassport | None) -> CheckResult:
    """R20: present and numbered; its vaccination status then feeds R21."""
    kind = DocumentKind.HEALTH_PASSPORT
    if doc is None:
        return _failed(kind, "DOC_MISSING")
    if _missing_number(doc.number):
        return _failed(kind, "DOC_NUMBER_MISSING")
    return _passed(kind)


@dataclass(frozen=True)
class DocumentSet:
    """What the family brought to the desk; None for a document not brought."""

    parent_id: ParentIdDocument | None = None
    birth_certificate: BirthCertificate | None = None
    epid_certificate: EpidCertificate | None = None
    health_passport: HealthPassport | None = None


@dataclass(frozen=True)
class Verdict:
    """All four R20 results, in a fixed order, so the desk can record every one."""

    results: tuple[CheckResult, ...]

    @property
    def all_ok(self) -> bool:
        return all(result.ok for result in self.results)

    @property
    def failures(self) -> tuple[CheckResult, ...]:
        return tuple(result for result in self.results if not result.ok)


def check_documents(
    docs: DocumentSet,
    *,
    parent_iin: str,
    child_iin: str,
    birth_date: date,
    visit_date: date,
    policy: Policy = DEFAULT_POLICY,
) -> Verdict:
    """R20: run every check, never stopping at the first failure, so the family learns on
    one visit everything it must bring back."""
    return Verdict(
        results=(
            check_parent_id(docs.parent_id, parent_iin, visit_date),
            check_birth_certificate(docs.birth_certificate, child_iin, birth_date),
            check_epid_certificate(docs.epid_certificate, visit_date, policy),
            check_health_passport(docs.health_passport),
        )
    )


def vaccination_needs_decision(
    group_type: GroupType,
    enrolled: int,
    unvaccinated: int,
    child: Vaccination,
    policy: Policy = DEFAULT_POLICY,
) -> bool:
    """R21: whether enrolling ``child`` needs the head's recorded decision.

    ``enrolled`` and ``unvaccinated`` count the group before this child; exempt children
    are not unvaccinated. The share is compared exactly (as a fraction of the policy's
    decimal value) so that exactly 10 % is allowed and no float rounding decides a child's
    place.
    """
    if enrolled < 0 or not 0 <= unvaccinated <= enrolled:
        raise ValueError("need 0 <= unvaccinated <= enrolled")
    if group_type == GroupType.CORRECTIONAL or child != Vaccination.INCOMPLETE:
        return False
    share = Fraction(unvaccinated + 1, enrolled + 1)
    return share > Fraction(str(policy.unvaccinated_max_share))


def require_head_decision(
    head_decision: str | None,
    *,
    group_type: GroupType,
    enrolled: int,
    unvaccinated: int,
    child: Vaccination,
    policy: Policy = DEFAULT_POLICY,
) -> str | None:
    """R21: the head's recorded decision, trimmed (None when none was given), or
    VACCINATION_DECISION_REQUIRED when the enrollment needs one and none was given.

    Blank text is no decision: a decision must say something to be a recorded one.
    """
    decision = (head_decision or "").strip() or None
    if decision is None and vaccination_needs_decision(
        group_type, enrolled, unvaccinated, child, policy
    ):
        raise DomainError(VACCINATION_DECISION_REQUIRED)
    return decision


# --------------------------------------------------------------------------------------
# Recorded checks: what is kept of a check, and what enrolling needs of them (R20)
# --------------------------------------------------------------------------------------

DOCUMENT_KINDS: tuple[DocumentKind, ...] = tuple(DocumentKind)


def check_details(kind: DocumentKind, docs: DocumentSet, result: CheckResult) -> dict[str, Any]:
    """What a recorded check keeps: document numbers and validity dates, never an IIN or
    a birth date (the application already holds those, R30), plus the failure's message
    params, so the reason can be shown again in any language later.

    The epidemiological certificate's issue date is kept because enrolling judges it again
    (:func:`enrollment_blocker`); the health passport's vaccination status because R21
    counts it.
    """
    details: dict[str, Any] = {"params": dict(result.params)}
    if kind is DocumentKind.PARENT_ID and docs.parent_id is not None:
        details["number"] = docs.parent_id.number.strip()
        expiry = docs.parent_id.expiry_date
        details["expiry_date"] = expiry.isoformat() if expiry else None
    elif kind is DocumentKind.BIRTH_CERTIFICATE and docs.birth_certificate is not None:
        details["number"] = docs.birth_certificate.number.strip()
    elif kind is DocumentKind.EPID_CERTIFICATE and docs.epid_certificate is not None:
        details["number"] = docs.epid_certificate.number.strip()
        details["issue_date"] = docs.epid_certificate.issue_date.isoformat()
    elif kind is DocumentKind.HEALTH_PASSPORT and docs.health_passport is not None:
        details["number"] = docs.health_passport.number.strip()
        details["vaccination"] = docs.health_passport.vaccination.value
    return details


def results_to_record(
    verdict: Verdict, docs: DocumentSet, checked_before: Collection[str]
) -> tuple[CheckResult, ...]:
    """R20 on a visit: the results recorded now, in the verdict's order.

    Every document brought is recorded, passed or failed, and so is every kind never
    checked before, as missing, so the desk and the audit trail say what the family still
    has to bring. A document not brought on a return visit leaves its earlier check
    standing: a family that comes back with only a fresh epidemiological certificate need
    not show the other three again. ``checked_before`` holds the kinds (values) with a
    recorded check.
    """
    return tuple(
        result
        for result in verdict.results
        if getattr(docs, result.document.value) is not None
        or result.document.value not in checked_before
    )


def recorded_vaccination(passport_details: Mapping[str, Any]) -> Vaccination:
    """R21: the vaccination status a passed health-passport check recorded.

    A record without one (written before the status was kept) counts as incomplete: the
    cautious reading, which at worst asks the head for a decision.
    """
    return Vaccination(str(passport_details.get("vaccination", Vaccination.INCOMPLETE.value)))


class RecordedCheck(Protocol):
    """A stored R20 check as both the server's and the desk's tables hold it."""

    @property
    def ok(self) -> bool: ...

    @property
    def visit_date(self) -> date: ...

    @property
    def details(self) -> Mapping[str, Any]: ...


def require_visit_date(visit: date, *, today: date, issued_on: date) -> None:
    """R20: a check is recorded for a visit within the referral, never a future one.

    A visit before the referral was issued would let an old check count for it; a future
    one would make a document look fresh that is not yet.
    """
    if visit > today or visit < issued_on:
        raise DomainError("VISIT_DATE_INVALID", visit=visit.isoformat())


def enrollment_blocker(
    latest: Mapping[str, RecordedCheck],
    *,
    issued_on: date,
    today: date,
    policy: Policy = DEFAULT_POLICY,
) -> DomainError | None:
    """R20 before enrolling: why the documents do not allow it yet, or None.

    ``latest`` maps each document kind to its latest recorded check. Every kind's latest
    check must be from a visit within the referral (``issued_on`` .. ``today``) and must
    have passed. The epidemiological certificate is judged again on the enrollment day:
    it proves the absence of a *recent* contact, so one that was fresh at an earlier visit
    may have gone stale by the time the contract is signed.

    The refusal is returned rather than raised, so a screen can say why enrolling is not
    possible yet without trying it; :func:`require_enrollment_documents` raises it.
    """
    current = {kind: row for kind, row in latest.items() if issued_on <= row.visit_date <= today}
    missing = [k.value for k in DOCUMENT_KINDS if k.value not in current]
    if missing:
        return DomainError("DOCUMENTS_NOT_CHECKED", documents=", ".join(missing))
    failed = [k.value for k in DOCUMENT_KINDS if not current[k.value].ok]
    if failed:
        return DomainError("DOCUMENTS_FAILED", documents=", ".join(failed))
    epid = current[DocumentKind.EPID_CERTIFICATE.value].details
    again = check_epid_certificate(
        EpidCertificate(
            number=str(epid.get("number", "")),
            issue_date=date.fromisoformat(str(epid["issue_date"])),
        ),
        today,
        policy,
    )
    if not again.ok:
        assert again.code is not None
        return DomainError(again.code, **dict(again.params))
    return None


def require_enrollment_documents(
    latest: Mapping[str, RecordedCheck],
    *,
    issued_on: date,
    today: date,
    policy: Policy = DEFAULT_POLICY,
) -> None:
    """R20: raise :func:`enrollment_blocker`'s refusal, if there is one."""
    blocker = enrollment_blocker(latest, issued_on=issued_on, today=today, policy=policy)
    if blocker is not None:
        raise blocker
