"""Document checks R20 and the vaccination share R21."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.ages import GroupType
from domain.documents import (
    DOCUMENT_KINDS,
    VACCINATION_DECISION_REQUIRED,
    BirthCertificate,
    CheckResult,
    DocumentKind,
    DocumentSet,
    EpidCertificate,
    HealthPassport,
    ParentIdDocument,
    Vaccination,
    check_birth_certificate,
    check_details,
    check_documents,
    check_epid_certificate,
    check_health_passport,
    check_parent_id,
    enrollment_blocker,
    epid_certificate_ok,
    recorded_vaccination,
    require_enrollment_documents,
    require_head_decision,
    require_visit_date,
    vaccination_needs_decision,
)
from domain.errors import DomainError
from domain.iin import make_iin
from domain.messages import message
from domain.policy import DEFAULT_POLICY

VISIT = date(2026, 3, 12)
PARENT_IIN = make_iin(date(1994, 6, 2), "F", 311)
CHILD_IIN = make_iin(date(2023, 4, 9), "M", 12)
CHILD_BIRTH = date(2023, 4, 9)


def good_set() -> DocumentSet:
    return DocumentSet(
        parent_id=ParentIdDocument("N0123456", PARENT_IIN, date(2030, 1, 1)),
        birth_certificate=BirthCertificate("I-АЛ 0456789", CHILD_IIN, CHILD_BIRTH),
        epid_certificate=EpidCertificate("E-77", VISIT - timedelta(days=1)),
        health_passport=HealthPassport("HP-1", Vaccination.COMPLETE),
    )


# --- R20: epidemiological certificate ---


@pytest.mark.parametrize(
    ("days_before", "ok"),
    [(0, True), (1, True), (3, True), (4, False), (-1, False), (30, False)],
)
def test_r20_epid_certificate_window(days_before: int, ok: bool) -> None:
    assert epid_certificate_ok(VISIT - timedelta(days=days_before), VISIT) is ok
    doc = EpidCertificate("E-1", VISIT - timedelta(days=days_before))
    assert check_epid_certificate(doc, VISIT).ok is ok


def test_r20_epid_certificate_too_old_names_the_dates() -> None:
    result = check_epid_certificate(EpidCertificate("E-1", date(2026, 3, 8)), VISIT)
    assert result == CheckResult(
        DocumentKind.EPID_CERTIFICATE,
        ok=False,
        code="EPID_CERT_TOO_OLD",
        params={"issued": "2026-03-08", "valid_until": "2026-03-11"},
    )
    assert "2026-03-11" in message(result.code or "", "ru", **result.params)


def test_r20_epid_certificate_from_the_future() -> None:
    result = check_epid_certificate(EpidCertificate("E-1", date(2026, 3, 13)), VISIT)
    assert (result.code, dict(result.params)) == ("EPID_CERT_FUTURE_DATE", {"issued": "2026-03-13"})


def test_r20_epid_certificate_window_follows_policy() -> None:
    policy = dataclasses.replace(DEFAULT_POLICY, epid_certificate_max_age_days=5)
    assert check_epid_certificate(EpidCertificate("E", VISIT - timedelta(days=5)), VISIT, policy).ok
    old = check_epid_certificate(EpidCertificate("E", VISIT - timedelta(days=6)), VISIT, policy)
    assert old.code == "EPID_CERT_TOO_OLD"
    assert old.params["valid_until"] == (VISIT - timedelta(days=1)).isoformat()


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
    st.integers(-10, 10),
    st.integers(0, 7),
)
def test_r20_epid_window_property(visit: date, offset: int, max_age: int) -> None:
    issue = visit - timedelta(days=offset)
    assert epid_certificate_ok(issue, visit, max_age) is (0 <= offset <= max_age)


# --- R20: parent ID ---


def test_r20_parent_id_valid_on_its_expiry_day() -> None:
    assert check_parent_id(ParentIdDocument("N1", PARENT_IIN, VISIT), PARENT_IIN, VISIT).ok


def test_r20_parent_id_expired_the_day_before() -> None:
    doc = ParentIdDocument("N1", PARENT_IIN, VISIT - timedelta(days=1))
    result = check_parent_id(doc, PARENT_IIN, VISIT)
    assert result.code == "PARENT_ID_EXPIRED"
    assert dict(result.params) == {"valid_until": "2026-03-11"}


def test_r20_parent_id_without_expiry_is_valid() -> None:
    assert check_parent_id(ParentIdDocument("N1", PARENT_IIN, None), PARENT_IIN, VISIT).ok


def test_r20_parent_id_iin_mismatch() -> None:
    other = make_iin(date(1994, 6, 2), "F", 312)
    result = check_parent_id(ParentIdDocument("N1", other, None), PARENT_IIN, VISIT)
    assert result.code == "PARENT_ID_IIN_MISMATCH"
    assert not result.params  # never personal data in params


def test_r20_parent_id_iin_compared_without_surrounding_spaces() -> None:
    doc = ParentIdDocument("N1", f" {PARENT_IIN} ", None)
    assert check_parent_id(doc, PARENT_IIN, VISIT).ok


# --- R20: birth certificate and health passport ---


def test_r20_birth_certificate_ok() -> None:
    doc = BirthCertificate("I-1", CHILD_IIN, CHILD_BIRTH)
    assert check_birth_certificate(doc, CHILD_IIN, CHILD_BIRTH).ok


def test_r20_birth_certificate_iin_mismatch() -> None:
    doc = BirthCertificate("I-1", make_iin(CHILD_BIRTH, "M", 13), CHILD_BIRTH)
    assert check_birth_certificate(doc, CHILD_IIN, CHILD_BIRTH).code == "BIRTH_CERT_IIN_MISMATCH"


def test_r20_birth_certificate_date_mismatch() -> None:
    doc = BirthCertificate("I-1", CHILD_IIN, CHILD_BIRTH + timedelta(days=1))
    result = check_birth_certificate(doc, CHILD_IIN, CHILD_BIRTH)
    assert result.code == "BIRTH_CERT_DATE_MISMATCH"
    assert not result.params


def test_r20_health_passport_any_status_is_present() -> None:
    for status in Vaccination:
        assert check_health_passport(HealthPassport("HP", status)).ok


@pytest.mark.parametrize("number", ["", " ", "\t\n"])
def test_r20_blank_number_is_missing(number: str) -> None:
    results = [
        check_parent_id(ParentIdDocument(number, PARENT_IIN, None), PARENT_IIN, VISIT),
        check_birth_certificate(
            BirthCertificate(number, CHILD_IIN, CHILD_BIRTH), CHILD_IIN, CHILD_BIRTH
        ),
        check_epid_certificate(EpidCertificate(number, VISIT), VISIT),
        check_health_passport(HealthPassport(number, Vaccination.COMPLETE)),
    ]
    assert [r.code for r in results] == ["DOC_NUMBER_MISSING"] * 4


def test_r20_missing_documents() -> None:
    results = [
        check_parent_id(None, PARENT_IIN, VISIT),
        check_birth_certificate(None, CHILD_IIN, CHILD_BIRTH),
        check_epid_certificate(None, VISIT),
        check_health_passport(None),
    ]
    assert [(r.document, r.code) for r in results] == [
        (DocumentKind.PARENT_ID, "DOC_MISSING"),
        (DocumentKind.BIRTH_CERTIFICATE, "DOC_MISSING"),
        (DocumentKind.EPID_CERTIFICATE, "DOC_MISSING"),
        (DocumentKind.HEALTH_PASSPORT, "DOC_MISSING"),
    ]


# --- R20: the whole visit ---


def _check(docs: DocumentSet) -> tuple[bool, list[tuple[DocumentKind, str | None]]]:
    verdict = check_documents(
        docs,
        parent_iin=PARENT_IIN,
        child_iin=CHILD_IIN,
        birth_date=CHILD_BIRTH,
        visit_date=VISIT,
    )
    return verdict.all_ok, [(r.document, r.code) for r in verdict.failures]


def test_r20_all_documents_in_order() -> None:
    assert _check(good_set()) == (True, [])
    verdict = check_documents(
        good_set(),
        parent_iin=PARENT_IIN,
        child_iin=CHILD_IIN,
        birth_date=CHILD_BIRTH,
        visit_date=VISIT,
    )
    assert [r.document for r in verdict.results] == list(DocumentKind)


def test_r20_every_failure_is_reported_at_once() -> None:
    docs = dataclasses.replace(
        good_set(),
        parent_id=None,
        epid_certificate=EpidCertificate("E", VISIT - timedelta(days=4)),
    )
    assert _check(docs) == (
        False,
        [
            (DocumentKind.PARENT_ID, "DOC_MISSING"),
            (DocumentKind.EPID_CERTIFICATE, "EPID_CERT_TOO_OLD"),
        ],
    )
    assert _check(DocumentSet())[1] == [(kind, "DOC_MISSING") for kind in DocumentKind]


def test_r20_check_result_is_consistent_and_immutable() -> None:
    with pytest.raises(ValueError):
        CheckResult(DocumentKind.PARENT_ID, ok=True, code="DOC_MISSING")
    with pytest.raises(ValueError):
        CheckResult(DocumentKind.PARENT_ID, ok=False)
    params = {"issued": "2026-03-01"}
    result = CheckResult(DocumentKind.EPID_CERTIFICATE, ok=False, code="X", params=params)
    params["issued"] = "changed"
    assert result.params["issued"] == "2026-03-01"
    with pytest.raises(TypeError):
        result.params["issued"] = "x"  # type: ignore[index]
    assert hash(result) == hash(CheckResult(DocumentKind.EPID_CERTIFICATE, False, "X", {}))


# --- R21 ---


@pytest.mark.parametrize(
    ("enrolled", "unvaccinated", "needs"),
    [
        (19, 1, False),  # 2 of 20 = exactly 10 %: allowed
        (9, 0, False),  # 1 of 10 = exactly 10 %
        (18, 1, True),  # 2 of 19 > 10 %
        (8, 0, True),  # 1 of 9
        (0, 0, True),  # the first child of a group, unvaccinated: 100 %
        (29, 2, False),  # 3 of 30
        (28, 2, True),  # 3 of 29
    ],
)
def test_r21_ten_percent_boundary(enrolled: int, unvaccinated: int, needs: bool) -> None:
    assert (
        vaccination_needs_decision(
            GroupType.GENERAL, enrolled, unvaccinated, Vaccination.INCOMPLETE
        )
        is needs
    )


@given(st.integers(0, 60), st.integers(0, 60))
def test_r21_correctional_exempt_and_vaccinated_never_need_a_decision(
    enrolled: int, unvaccinated: int
) -> None:
    unvaccinated = min(unvaccinated, enrolled)
    assert not vaccination_needs_decision(
        GroupType.CORRECTIONAL, enrolled, unvaccinated, Vaccination.INCOMPLETE
    )
    for group in (GroupType.GENERAL, GroupType.SANATORIUM):
        assert not vaccination_needs_decision(group, enrolled, unvaccinated, Vaccination.EXEMPT)
        assert not vaccination_needs_decision(group, enrolled, unvaccinated, Vaccination.COMPLETE)


@given(st.integers(0, 200), st.integers(0, 200))
def test_r21_matches_integer_arithmetic(enrolled: int, unvaccinated: int) -> None:
    unvaccinated = min(unvaccinated, enrolled)
    expected = (unvaccinated + 1) * 10 > (enrolled + 1)
    assert (
        vaccination_needs_decision(
            GroupType.SANATORIUM, enrolled, unvaccinated, Vaccination.INCOMPLETE
        )
        is expected
    )


def test_r21_share_follows_policy() -> None:
    policy = dataclasses.replace(DEFAULT_POLICY, unvaccinated_max_share=0.15)
    assert not vaccination_needs_decision(GroupType.GENERAL, 19, 2, Vaccination.INCOMPLETE, policy)
    assert vaccination_needs_decision(GroupType.GENERAL, 18, 2, Vaccination.INCOMPLETE, policy)


def test_r21_inconsistent_counts_are_a_bug() -> None:
    with pytest.raises(ValueError):
        vaccination_needs_decision(GroupType.GENERAL, 3, 4, Vaccination.INCOMPLETE)
    with pytest.raises(ValueError):
        vaccination_needs_decision(GroupType.GENERAL, -1, 0, Vaccination.INCOMPLETE)


def test_r21_head_decision_is_trimmed_and_required_only_when_the_share_is_exceeded() -> None:
    args: dict[str, Any] = {
        "group_type": GroupType.GENERAL,
        "enrolled": 10,
        "unvaccinated": 1,
        "child": Vaccination.INCOMPLETE,
    }
    with pytest.raises(DomainError) as caught:
        require_head_decision("   ", **args)
    assert caught.value.code == VACCINATION_DECISION_REQUIRED
    assert require_head_decision("  the head agrees ", **args) == "the head agrees"
    assert require_head_decision(None, **{**args, "child": Vaccination.COMPLETE}) is None


def test_r21_the_recorded_vaccination_defaults_to_incomplete() -> None:
    assert recorded_vaccination({"vaccination": "exempt"}) is Vaccination.EXEMPT
    assert recorded_vaccination({}) is Vaccination.INCOMPLETE


# --- R20, R30: what a recorded check keeps ---


def test_r20_r30_check_details_keep_numbers_and_dates_never_an_iin_or_a_birth_date() -> None:
    docs = good_set()
    verdict = check_documents(
        docs, parent_iin=PARENT_IIN, child_iin=CHILD_IIN, birth_date=CHILD_BIRTH, visit_date=VISIT
    )
    kept = {r.document: check_details(r.document, docs, r) for r in verdict.results}
    assert kept == {
        DocumentKind.PARENT_ID: {"params": {}, "number": "N0123456", "expiry_date": "2030-01-01"},
        DocumentKind.BIRTH_CERTIFICATE: {"params": {}, "number": "I-АЛ 0456789"},
        DocumentKind.EPID_CERTIFICATE: {"params": {}, "number": "E-77", "issue_date": "2026-03-11"},
        DocumentKind.HEALTH_PASSPORT: {"params": {}, "number": "HP-1", "vaccination": "complete"},
    }
    text = repr(kept)
    assert PARENT_IIN not in text and CHILD_IIN not in text and "2023-04-09" not in text


def test_r20_check_details_of_a_failure_keep_its_message_params() -> None:
    docs = DocumentSet(epid_certificate=EpidCertificate(" E-1 ", date(2026, 3, 8)))
    result = check_epid_certificate(docs.epid_certificate, VISIT)
    assert check_details(DocumentKind.EPID_CERTIFICATE, docs, result) == {
        "params": {"issued": "2026-03-08", "valid_until": "2026-03-11"},
        "number": "E-1",
        "issue_date": "2026-03-08",
    }
    missing = check_parent_id(None, PARENT_IIN, VISIT)
    assert check_details(DocumentKind.PARENT_ID, docs, missing) == {"params": {}}


# --- R20: the visit date and what enrolling needs of the recorded checks ---

ISSUED = date(2026, 3, 9)


@dataclasses.dataclass(frozen=True)
class Recorded:
    ok: bool
    visit_date: date
    details: Mapping[str, Any] = dataclasses.field(default_factory=dict)


def _all_passed(visit: date = VISIT, epid_issued: date = VISIT) -> dict[str, Recorded]:
    latest = {kind.value: Recorded(True, visit) for kind in DOCUMENT_KINDS}
    latest["epid_certificate"] = Recorded(
        True, visit, {"number": "E-1", "issue_date": epid_issued.isoformat()}
    )
    return latest


def _blocker(latest: Mapping[str, Recorded], today: date = VISIT) -> tuple[str, dict[str, Any]]:
    found = enrollment_blocker(latest, issued_on=ISSUED, today=today)
    assert found is not None
    return found.code, found.params


def test_r20_a_visit_within_the_referral_and_not_in_the_future() -> None:
    require_visit_date(ISSUED, today=VISIT, issued_on=ISSUED)
    require_visit_date(VISIT, today=VISIT, issued_on=ISSUED)
    for visit in (ISSUED - timedelta(days=1), VISIT + timedelta(days=1)):
        with pytest.raises(DomainError) as caught:
            require_visit_date(visit, today=VISIT, issued_on=ISSUED)
        assert (caught.value.code, caught.value.params) == (
            "VISIT_DATE_INVALID",
            {"visit": visit.isoformat()},
        )


def test_r20_all_latest_checks_passed_within_the_referral_allows_enrolling() -> None:
    assert enrollment_blocker(_all_passed(), issued_on=ISSUED, today=VISIT) is None
    require_enrollment_documents(_all_passed(), issued_on=ISSUED, today=VISIT)


def test_r20_a_document_never_checked_blocks_enrolling() -> None:
    latest = _all_passed()
    del latest["health_passport"], latest["parent_id"]
    assert _blocker(latest) == (
        "DOCUMENTS_NOT_CHECKED",
        {"documents": "parent_id, health_passport"},
    )


def test_r20_a_check_from_before_the_referral_does_not_count() -> None:
    latest = _all_passed()
    latest["birth_certificate"] = Recorded(True, ISSUED - timedelta(days=1))
    assert _blocker(latest) == ("DOCUMENTS_NOT_CHECKED", {"documents": "birth_certificate"})


def test_r20_a_failed_latest_check_blocks_enrolling() -> None:
    latest = _all_passed()
    latest["parent_id"] = Recorded(False, VISIT)
    assert _blocker(latest) == ("DOCUMENTS_FAILED", {"documents": "parent_id"})
    with pytest.raises(DomainError) as caught:
        require_enrollment_documents(latest, issued_on=ISSUED, today=VISIT)
    assert caught.value.code == "DOCUMENTS_FAILED"


def test_r20_the_epid_certificate_is_judged_again_on_the_enrollment_day() -> None:
    latest = _all_passed(visit=ISSUED, epid_issued=ISSUED)
    assert enrollment_blocker(latest, issued_on=ISSUED, today=ISSUED + timedelta(days=3)) is None
    assert _blocker(latest, today=ISSUED + timedelta(days=4)) == (
        "EPID_CERT_TOO_OLD",
        {"issued": "2026-03-09", "valid_until": "2026-03-12"},
    )
