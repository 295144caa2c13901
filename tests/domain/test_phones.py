"""Phone rules R4."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import DomainError
from domain.phones import MOBILE_CODES, format_phone, mask_phone, normalize_phone

mobile_numbers = st.builds(
    lambda code, rest: f"+7{code}{rest}",
    st.sampled_from(sorted(MOBILE_CODES)),
    st.text(alphabet="0123456789", min_size=7, max_size=7),
)


def _spellings(normalized: str) -> list[str]:
    """Every way R4 says a parent may type ``normalized``."""
    code, a, b, c = normalized[2:5], normalized[5:8], normalized[8:10], normalized[10:12]
    national = normalized[2:]
    return [
        normalized,
        f"8 {code} {a} {b} {c}",
        f"8{national}",
        f"8 ({code}) {a}-{b}-{c}",
        f"+7 ({code}) {a}-{b}-{c}",
        f"+7 {code} {a} {b} {c}",
        f"+7-{code}-{a}-{b}-{c}",
        f"7 {code} {a} {b} {c}",
        f"7{national}",
        national,
        f"{code}.{a}.{b}.{c}",
        f"  +7 ({code}) {a} {b} {c}\t",
    ]


@given(mobile_numbers)
def test_r4_every_accepted_spelling_normalizes_back(normalized: str) -> None:
    for spelling in _spellings(normalized):
        assert normalize_phone(spelling) == normalized, spelling


@given(mobile_numbers)
def test_r4_normalize_is_idempotent_and_display_forms_round_trip(normalized: str) -> None:
    assert normalize_phone(normalize_phone(normalized)) == normalized
    assert normalize_phone(format_phone(normalized)) == normalized


def test_r4_mobile_codes_are_exactly_the_twelve_of_domain_md() -> None:
    assert {
        "700",
        "701",
        "702",
        "705",
        "707",
        "708",
        "747",
        "771",
        "775",
        "776",
        "777",
        "778",
    } == MOBILE_CODES


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("+7 (727) 123-45-67", "727"),  # Almaty landline
        ("8 7172 12 34 56", "717"),  # Astana landline
        ("87031234567", "703"),
        ("7 706 123 45 67", "706"),
    ],
)
def test_r4_kz_number_with_non_mobile_code(text: str, code: str) -> None:
    with pytest.raises(DomainError) as exc:
        normalize_phone(text)
    assert exc.value.code == "PHONE_NOT_MOBILE"
    assert exc.value.params == {"code": code}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "hello",
        "+7 777 123 45 6",  # too short
        "+7 777 123 45 678",  # too long
        "8 777 123 45 6",
        "+8 777 123 45 67",
        "+1 777 123 45 67",
        "+7 916 123 45 67",  # Russian mobile, +7 is shared
        "8 916 123 45 67",
        "9161234567",
        "77771234567x",
        "+7 777 123 45 67 ext 1",
        "++77771234567",
        "7777+1234567",
        "+7 ７７７ 123 45 67",  # full-width digits
        "0077771234567",
    ],
)
def test_r4_garbage_is_a_format_error(text: str) -> None:
    with pytest.raises(DomainError) as exc:
        normalize_phone(text)
    assert exc.value.code == "PHONE_FORMAT"


@given(st.text(max_size=30))
def test_r4_normalize_never_fails_with_anything_but_a_domain_error(text: str) -> None:
    try:
        result = normalize_phone(text)
    except DomainError as exc:
        assert exc.code in {"PHONE_FORMAT", "PHONE_NOT_MOBILE"}
    else:
        assert len(result) == 12 and result.startswith("+7") and result[2:5] in MOBILE_CODES


def test_r4_format_and_mask() -> None:
    assert format_phone("+77771234567") == "+7 777 123 45 67"
    assert mask_phone("+77771234567") == "+7 777 *** ** 67"
    assert mask_phone("8 (701) 555-00-12") == "+7 701 *** ** 12"


def test_r4_format_refuses_what_the_queue_would_refuse() -> None:
    with pytest.raises(DomainError):
        format_phone("+77271234567")
