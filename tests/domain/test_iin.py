"""IIN rules R1-R3."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from domain.errors import DomainError
from domain.iin import (
    IinInfo,
    birth_date_agrees,
    iin_check_digit,
    is_valid_iin,
    make_iin,
    parse_iin,
    require_distinct,
)

births = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))
sexes = st.sampled_from(["M", "F"])
serials = st.integers(min_value=0, max_value=10**6)


def _first_pass(first11: str) -> int:
    return sum((i + 1) * int(d) for i, d in enumerate(first11)) % 11


# --- R1: the DOMAIN.md examples ---


def test_r1_domain_example_valid_needs_second_pass() -> None:
    assert _first_pass("06121160001") == 10
    assert iin_check_digit("06121160001") == 2
    assert is_valid_iin("061211600012")


def test_r1_domain_example_wrong_check_digit() -> None:
    assert not is_valid_iin("061211600013")
    with pytest.raises(DomainError) as exc:
        parse_iin("061211600013")
    assert exc.value.code == "IIN_CHECKSUM"


def test_r1_never_issued_when_both_passes_give_10() -> None:
    # Search the space for a prefix with no possible check digit: such numbers exist.
    prefix = next(
        f"0001015{n:04d}" for n in range(10000) if iin_check_digit(f"0001015{n:04d}") is None
    )
    assert iin_check_digit(prefix) is None
    for last in "0123456789":
        assert not is_valid_iin(prefix + last)
    with pytest.raises(DomainError) as exc:
        parse_iin(prefix + "0")
    assert exc.value.code == "IIN_NEVER_ISSUED"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "06121160001",
        "0612116000123",
        "06121160001a",
        " 061211600012",
        "０６１２１１６０００１２",
    ],
)
def test_r1_is_valid_iin_needs_exactly_12_ascii_digits(text: str) -> None:
    assert not is_valid_iin(text)


@pytest.mark.parametrize("text", ["", "123", "0612116000123", "0612-1160-0012", "abcdefghijkl"])
def test_r1_parse_iin_format_error(text: str) -> None:
    with pytest.raises(DomainError) as exc:
        parse_iin(text)
    assert exc.value.code == "IIN_FORMAT"


def test_r1_parse_iin_strips_surrounding_whitespace() -> None:
    assert parse_iin("  061211600012\n").iin == "061211600012"


def test_r1_iin_check_digit_refuses_non_digit_input() -> None:
    with pytest.raises(ValueError):
        iin_check_digit("0612116000")


@given(st.text(max_size=20).filter(lambda s: not (len(s) == 12 and s.isascii() and s.isdigit())))
def test_r1_strings_not_of_12_digits_are_invalid(text: str) -> None:
    assert not is_valid_iin(text)


@given(births, sexes, serials)
def test_r1_r2_make_iin_round_trip(birth: date, sex: str, serial: int) -> None:
    iin = make_iin(birth, sex, serial)  # type: ignore[arg-type]
    assert is_valid_iin(iin)
    info = parse_iin(iin)
    assert info.birth_date == birth
    assert info.sex == sex
    assert info.century == birth.year // 100 * 100
    assert birth_date_agrees(iin, birth)


@given(births, sexes, serials, st.integers(min_value=0, max_value=11), st.integers(1, 9))
def test_r1_single_digit_change_is_caught(
    birth: date, sex: str, serial: int, position: int, delta: int
) -> None:
    """R1 catches a one-digit typo in the check digit always, and in digits 1-10 whenever
    neither number needs the second pass (weight i*delta is never 0 mod 11 there)."""
    iin = make_iin(birth, sex, serial)  # type: ignore[arg-type]
    changed = iin[:position] + str((int(iin[position]) + delta) % 10) + iin[position + 1 :]
    if position == 11:
        assert not is_valid_iin(changed)
        return
    assume(position != 10)  # digit 11 has first-pass weight 11 = 0: see the test below
    assume(_first_pass(iin[:11]) != 10 and _first_pass(changed[:11]) != 10)
    assert not is_valid_iin(changed)


def test_r1_known_blind_spots_of_the_state_algorithm() -> None:
    """R1 itself misses some typos; documented so nobody 'fixes' the validator to be
    stricter than the state (which would refuse real IINs)."""
    # Digit 11 has weight 11 = 0 (mod 11) in the first pass.
    assert is_valid_iin("000101500011")
    assert is_valid_iin("000101500021")
    # A typo that moves the number into the second pass can land on the same check digit.
    base = "000101500001"
    assert is_valid_iin(base)
    found = False
    for pos in range(10):
        for digit in "0123456789":
            typo = base[:pos] + digit + base[pos + 1 :]
            if typo != base and is_valid_iin(typo):
                found = True
    assert found


# --- R2: hints only ---


def test_r2_hints_from_the_domain_example() -> None:
    assert parse_iin("061211600012") == IinInfo(
        iin="061211600012", birth_date=date(2006, 12, 11), sex="F", century=2000
    )


@pytest.mark.parametrize(
    ("digit7", "sex", "century"),
    [
        ("1", "M", 1800),
        ("2", "F", 1800),
        ("3", "M", 1900),
        ("4", "F", 1900),
        ("5", "M", 2000),
        ("6", "F", 2000),
        ("0", None, None),
        ("7", None, None),
        ("8", None, None),
        ("9", None, None),
    ],
)
def test_r2_century_and_sex_digit(digit7: str, sex: str | None, century: int | None) -> None:
    iin = _valid_with("150304" + digit7)
    info = parse_iin(iin)
    assert info.sex == sex
    assert info.century == century
    assert info.birth_date == (date(century + 15, 3, 4) if century else None)


def test_r2_impossible_date_digits_are_no_hint_and_no_error() -> None:
    iin = _valid_with("991332" + "5")  # month 13, day 32
    info = parse_iin(iin)
    assert info.birth_date is None
    assert info.sex == "M"
    assert not birth_date_agrees(iin, date(2099, 1, 1))


def test_r2_birth_date_disagreement_is_only_a_warning() -> None:
    iin = make_iin(date(2021, 5, 17), "F", 42)
    assert is_valid_iin(iin)
    assert birth_date_agrees(iin, date(2021, 5, 17))
    assert not birth_date_agrees(iin, date(2021, 5, 18))
    assert not birth_date_agrees(iin, date(1921, 5, 17))  # the century digit matters


def test_r2_no_century_digit_means_nothing_to_disagree_with() -> None:
    assert birth_date_agrees(_valid_with("210517" + "0"), date(2020, 1, 1))


def test_r2_birth_date_agrees_on_malformed_text_is_false_not_an_error() -> None:
    assert not birth_date_agrees("12345", date(2020, 1, 1))


def test_r2_make_iin_skips_a_serial_without_check_digit() -> None:
    prefix = next(
        f"2005015{n:04d}" for n in range(10000) if iin_check_digit(f"2005015{n:04d}") is None
    )
    serial = int(prefix[7:])
    expected = next(
        n for n in range(serial + 1, serial + 100) if iin_check_digit(f"2005015{n:04d}") is not None
    )
    iin = make_iin(date(2020, 5, 1), "M", serial)
    assert is_valid_iin(iin)
    assert iin[7:11] == f"{expected:04d}"


def test_r2_make_iin_serial_wraps_modulo_10000() -> None:
    assert make_iin(date(2020, 5, 1), "M", 10003)[7:11] in {f"{n:04d}" for n in range(3, 10)}


def test_r2_make_iin_refuses_unencodable_years() -> None:
    with pytest.raises(ValueError):
        make_iin(date(2100, 1, 1), "M", 1)


# --- R3 ---


def test_r3_child_iin_must_differ_from_parent() -> None:
    parent = make_iin(date(1990, 1, 1), "F", 7)
    child = make_iin(date(2022, 1, 1), "M", 7)
    require_distinct(child, parent)
    with pytest.raises(DomainError) as exc:
        require_distinct(parent, f" {parent} ")
    assert exc.value.code == "IIN_SAME_AS_PARENT"


def _valid_with(first7: str) -> str:
    for serial in range(10000):
        first11 = f"{first7}{serial:04d}"
        check = iin_check_digit(first11)
        if check is not None:
            return f"{first11}{check}"
    raise AssertionError
