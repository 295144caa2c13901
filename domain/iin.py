"""The individual identification number (IIN) of Kazakhstan: DOMAIN.md R1-R3.

The check digit (R1) is the only part of an IIN we may *reject* on: since 2013 the date and
century/sex digits are hints only (R2), so a child whose birth date disagrees with its IIN
is still a valid applicant and merely earns a warning.

Note on R1's strength: in the first pass digit 11 has weight 11 = 0 (mod 11), so a typo in
digit 11 usually goes unnoticed, and a typo elsewhere that flips the number between the
first and the second pass can occasionally go unnoticed too. The algorithm is the state's,
not ours; what matters is that every number we call valid is one the state could issue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from domain.errors import DomainError

Sex = Literal["M", "F"]

_FIRST_WEIGHTS: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_SECOND_WEIGHTS: tuple[int, ...] = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)

# R2: digit 7 -> century; odd digits are male, even female.
_CENTURY_BY_DIGIT: dict[int, int] = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


def _is_ascii_digits(text: str, length: int) -> bool:
    # str.isdigit() also accepts Arabic-Indic and superscript digits, which no IIN contains.
    return len(text) == length and text.isascii() and text.isdigit()


def iin_check_digit(first11: str) -> int | None:
    """The R1 check digit for the first 11 digits, or None for a number never issued.

    Raises ValueError for anything but 11 ASCII digits: that is a caller's bug, not a
    user's typo (users' text goes through :func:`parse_iin`).
    """
    if not _is_ascii_digits(first11, 11):
        raise ValueError("iin_check_digit needs exactly 11 ASCII digits")
    digits = [int(ch) for ch in first11]
    check = sum(w * d for w, d in zip(_FIRST_WEIGHTS, digits, strict=True)) % 11
    if check == 10:
        check = sum(w * d for w, d in zip(_SECOND_WEIGHTS, digits, strict=True)) % 11
        if check == 10:
            return None
    return check


def is_valid_iin(text: str) -> bool:
    """True for exactly 12 ASCII digits with a matching check digit; never raises.

    No whitespace is stripped: this is the predicate for stored, already clean values.
    """
    if not isinstance(text, str) or not _is_ascii_digits(text, 12):
        return False
    check = iin_check_digit(text[:11])
    return check is not None and check == int(text[11])


@dataclass(frozen=True)
class IinInfo:
    """A valid IIN with the hints its digits carry (R2); every hint may be None."""

    iin: str
    birth_date: date | None
    sex: Sex | None
    century: int | None


def _hints(iin: str) -> IinInfo:
    """Read the R2 hints of 12 digits without judging them: hints never raise."""
    century = _CENTURY_BY_DIGIT.get(int(iin[6]))
    sex: Sex | None = None
    birth_date: date | None = None
    if century is not None:
        sex = "M" if int(iin[6]) % 2 == 1 else "F"
        try:
            birth_date = date(century + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))
        except ValueError:
            birth_date = None  # digits that are no calendar date are simply no hint
    return IinInfo(iin=iin, birth_date=birth_date, sex=sex, century=century)


def parse_iin(text: str) -> IinInfo:
    """Validate a typed IIN (R1) and read its hints (R2).

    Surrounding whitespace is forgiven because it comes from copy-paste, not from a wrong
    number; anything else that is not 12 digits is refused.
    """
    iin = text.strip()
    if not _is_ascii_digits(iin, 12):
        raise DomainError("IIN_FORMAT")
    check = iin_check_digit(iin[:11])
    if check is None:
        raise DomainError("IIN_NEVER_ISSUED")
    if check != int(iin[11]):
        raise DomainError("IIN_CHECKSUM")
    return _hints(iin)


def birth_date_agrees(iin: str, birth_date: date) -> bool:
    """Whether ``birth_date`` agrees with the date hinted by the IIN (R2).

    A False answer is only a reason for the ``IIN_BIRTH_DATE_MISMATCH`` warning. An IIN
    whose digit 7 carries no century (0, 7-9) hints no date at all, so there is nothing to
    contradict and the answer is True; a century digit with impossible date digits hints
    a date that no child has, so the answer is False. Malformed text also gives False: it
    fails :func:`parse_iin` anyway, and a warning must never raise.
    """
    text = iin.strip()
    if not _is_ascii_digits(text, 12):
        return False
    info = _hints(text)
    if info.century is None:
        return True
    return info.birth_date == birth_date


def require_distinct(child_iin: str, parent_iin: str) -> None:
    """R3: an application in which the child is its own parent is a data-entry error."""
    if child_iin.strip() == parent_iin.strip():
        raise DomainError("IIN_SAME_AS_PARENT")


def make_iin(birth_date: date, sex: Sex, serial: int) -> str:
    """A valid IIN for demo data and tests, with R2 hints that agree with the arguments.

    Some digit combinations have no possible check digit (R1); rather than fail, the
    next serial (mod 10000) is tried, so every call returns a number.
    """
    if not 1800 <= birth_date.year <= 2099:
        raise ValueError("an IIN encodes births from 1800 to 2099 only")
    if sex not in ("M", "F"):
        raise ValueError("sex must be 'M' or 'F'")
    century_digit = 1 + 2 * ((birth_date.year - 1800) // 100) + (0 if sex == "M" else 1)
    yymmdd = f"{birth_date.year % 100:02d}{birth_date.month:02d}{birth_date.day:02d}"
    prefix = f"{yymmdd}{century_digit}"
    for step in range(10000):
        first11 = f"{prefix}{(serial + step) % 10000:04d}"
        check = iin_check_digit(first11)
        if check is not None:
            return f"{first11}{check}"
    raise AssertionError("unreachable: the second R1 pass always has a solution")
