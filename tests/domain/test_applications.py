"""What an application must say before it joins the queue: the validators the server's
filing and the desk's walk-in registration share (R1-R4, R6, R7, R8, R13)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from domain.ages import GroupType, Language
from domain.applications import (
    ACCEPTED_LANGUAGES,
    BIRTH_DATE_WARNING,
    Applicant,
    check_applicant,
    check_choices,
    normalize_accepted_languages,
    normalize_phones,
    parse_benefit,
    parse_need,
    require_sms_language,
)
from domain.benefits import Benefit
from domain.errors import DomainError
from domain.iin import make_iin
from domain.policy import DEFAULT_POLICY, Policy

TODAY = date(2026, 3, 12)
BIRTH = date(2023, 4, 9)
CHILD_IIN = make_iin(BIRTH, "M", 12)
PARENT_IIN = make_iin(date(1994, 6, 2), "F", 311)


def _code(call: Callable[[], object]) -> str:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value.code


def _applicant(**changes: object) -> Applicant:
    args: dict[str, object] = {
        "child_iin": CHILD_IIN,
        "parent_iin": PARENT_IIN,
        "child_name": "Әлиев Нұрлан",
        "birth_date": BIRTH,
        "desired_start": None,
        "today": TODAY,
        "policy": DEFAULT_POLICY,
    }
    args.update(changes)
    return check_applicant(**args)  # type: ignore[arg-type]


# ------------------------------------------------------------------- child and parent


def test_r1_r3_a_valid_applicant_is_normalised() -> None:
    got = _applicant(child_iin=f" {CHILD_IIN} ", child_name="  Әлиев   Нұрлан ")
    assert got == Applicant(CHILD_IIN, PARENT_IIN, "Әлиев Нұрлан", ())


def test_r1_an_invalid_iin_is_refused() -> None:
    broken = CHILD_IIN[:-1] + str((int(CHILD_IIN[-1]) + 1) % 10)
    assert _code(lambda: _applicant(child_iin=broken)).startswith("IIN_")
    assert _code(lambda: _applicant(parent_iin="12345")) == "IIN_FORMAT"


def test_r3_the_child_is_not_the_parent() -> None:
    assert _code(lambda: _applicant(parent_iin=CHILD_IIN)) == "IIN_SAME_AS_PARENT"


def test_r2_a_birth_date_that_disagrees_with_the_iin_is_only_a_warning() -> None:
    got = _applicant(birth_date=date(2023, 4, 10))
    assert got.warnings == (BIRTH_DATE_WARNING,)


def test_a_name_and_a_past_birth_date_are_required() -> None:
    assert _code(lambda: _applicant(child_name="  ")) == "CHILD_NAME_REQUIRED"
    assert _code(lambda: _applicant(birth_date=date(2026, 3, 13))) == "BIRTH_DATE_IN_FUTURE"


def test_a_desired_start_is_not_in_the_past() -> None:
    assert _applicant(desired_start=TODAY).child_iin == CHILD_IIN
    assert _code(lambda: _applicant(desired_start=date(2026, 3, 11))) == "DESIRED_START_PAST"


def test_r6_a_child_of_school_age_is_not_filed() -> None:
    born = date(2020, 9, 1)  # exactly 6 on 1 September 2026
    iin = make_iin(born, "M", 5)
    # this school year (2025) the child is 5 on the counting date: it may still be filed
    assert _applicant(child_iin=iin, birth_date=born).child_iin == iin
    # asking for a start from September 2026 would never give an offer
    start = date(2026, 9, 1)
    assert _code(lambda: _applicant(child_iin=iin, birth_date=born, desired_start=start)) == (
        "AGE_AGED_OUT"
    )


# ------------------------------------------------------------------------------ phones


def test_r4_phones_are_normalised_and_repeats_dropped() -> None:
    got = normalize_phones(["8 701 234 56 78", "+7 (701) 234-56-78", "87771234567"])
    assert got == ("+77012345678", "+77771234567")


@pytest.mark.parametrize("phones", [[], ["+77012345678", "+77011111111", "+77022222222"]])
def test_r4_one_or_two_numbers_per_application(phones: list[str]) -> None:
    with pytest.raises(DomainError) as caught:
        normalize_phones(phones)
    assert caught.value.code == "PHONES_COUNT"
    assert caught.value.params == {"max": 2}


def test_r4_a_landline_is_refused() -> None:
    assert _code(lambda: normalize_phones(["+77172123456"])) == "PHONE_NOT_MOBILE"


def test_r4_the_phone_limit_is_a_policy_parameter() -> None:
    assert normalize_phones(["+77012345678"], Policy(max_phones=1)) == ("+77012345678",)
    with pytest.raises(DomainError):
        normalize_phones(["+77012345678", "+77011111111"], Policy(max_phones=1))


# ----------------------------------------------------------------------------- choices


def test_choices_are_one_to_four_distinct_kindergartens_in_order() -> None:
    assert check_choices([3, 1, 2]) == (3, 1, 2)
    assert _code(lambda: check_choices([])) == "CHOICES_COUNT"
    assert _code(lambda: check_choices([1, 2, 3, 4, 5])) == "CHOICES_COUNT"
    assert _code(lambda: check_choices([1, 2, 1])) == "CHOICE_DUPLICATE"


# --------------------------------------------------------------- languages, need, benefit


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        (["ru"], (Language.RU,)),
        (["RU ", "kk"], (Language.KK, Language.RU)),
        (["kk", "kk"], (Language.KK,)),
    ],
)
def test_r7_accepted_languages_in_a_fixed_order(
    given: list[str], stored: tuple[Language, ...]
) -> None:
    assert normalize_accepted_languages(given) == stored
    assert ACCEPTED_LANGUAGES == ("kk", "ru")


@pytest.mark.parametrize("given", [[], ["en"], ["kk", "en"]])
def test_r7_accepted_languages_are_kazakh_or_russian(given: list[str]) -> None:
    assert _code(lambda: normalize_accepted_languages(given)) == "ACCEPTED_LANGUAGES_INVALID"


def test_r7_the_need_is_a_group_type() -> None:
    assert parse_need("correctional") is GroupType.CORRECTIONAL
    assert _code(lambda: parse_need("special")) == "NEED_INVALID"


def test_sms_are_in_kazakh_or_russian() -> None:
    assert require_sms_language("kk") == "kk"
    assert _code(lambda: require_sms_language("en")) == "SMS_LANGUAGE_INVALID"


def test_r8_r13_a_benefit_is_a_known_one_or_none() -> None:
    assert parse_benefit(None) is None
    assert parse_benefit("") is None
    assert parse_benefit("large_family") is Benefit.LARGE_FAMILY
    with pytest.raises(DomainError) as caught:
        parse_benefit("vip")
    assert (caught.value.code, caught.value.params) == ("BENEFIT_UNKNOWN", {"benefit": "vip"})
