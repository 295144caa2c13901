"""The document check at the kindergarten desk (R20) and the vaccination share (R21).

Every check returns a :class:`CheckResult` instead of raising: a failed check does not end
the referral (R20), and the desk must record every check, passed or failed, with its
reason code, then let the family come back with a corrected document.

Reason-code params are never personal data (they may be logged, R30): dates of document
validity appear, ISO formatted so server and desk serialise them alike; IINs and birth
dates never do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from domain.ages import GroupType
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
