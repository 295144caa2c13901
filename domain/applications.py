"""What an application must say before it joins the queue (R1-R4, R6, R7, R8, R13).

A parent files online and a desk registers a walk-in offline, and the server files the
walk-in again when the desk's op arrives: three entries, one set of rules. Each validator
returns the normalised value the queue stores, or raises a :class:`DomainError` with the
reason code, so a desk refuses offline exactly what the server would refuse at the sync.

They are separate functions rather than one, because the server interleaves checks only
it can make (a phone proven by an SMS code, a kindergarten that exists) between them, and
the order decides which reason a family with two mistakes hears first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from domain.ages import GroupType, Language, is_aged_out, school_year_of
from domain.benefits import Benefit
from domain.errors import DomainError
from domain.iin import birth_date_agrees, parse_iin, require_distinct
from domain.phones import normalize_phone
from domain.policy import DEFAULT_POLICY, Policy

# R2: a warning code; the application is filed all the same.
BIRTH_DATE_WARNING = "IIN_BIRTH_DATE_MISMATCH"
# R7: the languages of instruction a family may accept, in the order they are stored.
ACCEPTED_LANGUAGES: tuple[str, ...] = tuple(language.value for language in Language)
# The languages the queue's SMS are written in.
SMS_LANGUAGES: tuple[str, ...] = ("kk", "ru")


@dataclass(frozen=True)
class Applicant:
    """The child and parent of an application, normalised, with R2's warnings."""

    child_iin: str
    parent_iin: str
    child_name: str
    warnings: tuple[str, ...]


def check_applicant(
    *,
    child_iin: str,
    parent_iin: str,
    child_name: str,
    birth_date: date,
    desired_start: date | None,
    today: date,
    policy: Policy = DEFAULT_POLICY,
) -> Applicant:
    """R1-R3, R6: valid and distinct IINs, a name, a birth date in the past, a desired
    start not in the past, and a child young enough to ever get an offer.

    The age that decides R6 is taken for the school year of the desired start (never of
    a day before today): filing a child who could never be offered a place would keep a
    family waiting for nothing. A birth date that disagrees with the IIN is only a warning
    (R2): since 2013 the IIN does not prove it.
    """
    parent = parse_iin(parent_iin).iin
    child = parse_iin(child_iin).iin
    require_distinct(child, parent)  # R3
    name = " ".join(child_name.split())
    if not name:
        raise DomainError("CHILD_NAME_REQUIRED")
    if birth_date > today:
        raise DomainError("BIRTH_DATE_IN_FUTURE")
    warnings: list[str] = []
    if not birth_date_agrees(child, birth_date):
        warnings.append(BIRTH_DATE_WARNING)
    if desired_start is not None and desired_start < today:
        raise DomainError("DESIRED_START_PAST")
    school_year = school_year_of(max(desired_start or today, today), policy)
    if is_aged_out(birth_date, school_year, policy):
        raise DomainError("AGE_AGED_OUT")
    return Applicant(child_iin=child, parent_iin=parent, child_name=name, warnings=tuple(warnings))


def normalize_phones(phones: Iterable[str], policy: Policy = DEFAULT_POLICY) -> tuple[str, ...]:
    """R4: canonical, without repeats (two spellings are one number), 1..max_phones."""
    result: list[str] = []
    for text in phones:
        phone = normalize_phone(text)
        if phone not in result:
            result.append(phone)
    if not 1 <= len(result) <= policy.max_phones:
        raise DomainError("PHONES_COUNT", max=policy.max_phones)
    return tuple(result)


def check_choices(ids: Sequence[int], policy: Policy = DEFAULT_POLICY) -> tuple[int, ...]:
    """1..max_choices distinct kindergartens, in the family's order of preference.

    Whether each exists and is active is the register's to say (the server's); a repeat
    is refused rather than dropped, since the rank the family meant is unknown.
    """
    if not 1 <= len(ids) <= policy.max_choices:
        raise DomainError("CHOICES_COUNT", max=policy.max_choices)
    if len(set(ids)) != len(ids):
        raise DomainError("CHOICE_DUPLICATE")
    return tuple(ids)


def normalize_accepted_languages(values: Iterable[str]) -> tuple[Language, ...]:
    """R7: the languages of instruction the family accepts, at least one, in a fixed
    order, so equal choices are stored alike."""
    chosen = {v.strip().lower() for v in values}
    if not chosen or not chosen <= set(ACCEPTED_LANGUAGES):
        raise DomainError("ACCEPTED_LANGUAGES_INVALID")
    return tuple(Language(x) for x in ACCEPTED_LANGUAGES if x in chosen)


def parse_need(value: str) -> GroupType:
    """R7: the type of group the child needs (general, correctional, sanatorium)."""
    try:
        return GroupType(value)
    except ValueError:
        raise DomainError("NEED_INVALID") from None


def require_sms_language(value: str) -> str:
    """The language the family's SMS are written in."""
    if value not in SMS_LANGUAGES:
        raise DomainError("SMS_LANGUAGE_INVALID")
    return value


def parse_benefit(value: str | None) -> Benefit | None:
    """R8, R13: the benefit claimed, if any (blank is none); whether it is confirmed and
    which category it gives this year is decided later, by the year's rules."""
    if value is None or value == "":
        return None
    try:
        return Benefit(value)
    except ValueError:
        raise DomainError("BENEFIT_UNKNOWN", benefit=value) from None
