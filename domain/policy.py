"""Every number of DOMAIN.md as one value, so a region changes rules by configuration.

A region's TOML file overrides any subset of the defaults::

    min_age_months = 18
    [yearly]
    confirmation_deadline = "10-01"

Unknown keys are refused (a typo must not silently leave a default in force).
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from domain.errors import DomainError


@dataclass(frozen=True)
class MonthDay:
    """A day of the year without the year (1 October, 1 August)."""

    month: int
    day: int

    @classmethod
    def parse(cls, text: str) -> MonthDay:
        month, _, day = text.partition("-")
        try:
            value = cls(int(month), int(day))
        except ValueError as exc:
            raise DomainError("POLICY_INVALID", key=text) from exc
        if not (1 <= value.month <= 12 and 1 <= value.day <= 31):
            raise DomainError("POLICY_INVALID", key=text)
        return value

    def __str__(self) -> str:
        return f"{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class Policy:
    """Policy parameters with the defaults of DOMAIN.md; the rule id is in each comment."""

    # R4: phones per application
    max_phones: int = 2
    # application: kindergartens a family may choose
    max_choices: int = 4
    # R5: the day on which the age that counts is taken
    school_year_start: MonthDay = MonthDay(9, 1)
    # R6: allocation starts at this age in months (a region may set 18) ...
    min_age_months: int = 24
    # ... and a child this old (years) on 1 September gets no new offer
    aged_out_years: int = 6
    # R10: first-priority : general share of places
    first_priority_share: int = 1
    general_share: int = 3
    # R12: same-family children born at most this many days apart form a batch
    batch_max_birth_gap_days: int = 31
    # R13: department confirms a documentary benefit within (working days)
    benefit_confirmation_working_days: int = 5
    # R13: workplace certificates are valid this many months from issue
    workplace_certificate_valid_months: int = 1
    # R16/R17: window to answer an offer (working days)
    offer_window_working_days: int = 3
    # R18: a referral is valid (working days)
    referral_validity_working_days: int = 5
    # R18: one postponement of up to 30 calendar days
    postponements_allowed: int = 1
    postponement_max_days: int = 30
    # R19: stop list after a lapsed referral (calendar days)
    stop_list_days: int = 10
    # R20: epidemiological certificate issued at most this many days before the visit
    epid_certificate_max_age_days: int = 3
    # R21: share of unvaccinated children (no exemption) in a non-correctional group
    unvaccinated_max_share: float = 0.10
    # R24: yearly confirmation
    confirmation_deadline: MonthDay = MonthDay(10, 1)
    confirmation_reminders_from: MonthDay = MonthDay(8, 1)
    suspension_grace_days: int = 90
    # R25: group transfers, no publication, offers or referrals
    freeze_start: MonthDay = MonthDay(8, 1)
    freeze_end: MonthDay = MonthDay(8, 31)
    # R26: categories and age groups recomputed by
    recompute_by: MonthDay = MonthDay(6, 30)
    # reminders before an offer or referral deadline (working days before)
    reminder_working_days_before: int = 1

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> Policy:
        """Build a Policy from a (possibly nested) mapping such as a parsed TOML file."""
        flat: dict[str, Any] = {}
        for key, value in data.items():
            if isinstance(value, dict):
                flat.update(value)  # sections only group keys for readability
            else:
                flat[key] = value
        known = {f.name for f in fields(cls)}
        kwargs: dict[str, Any] = {}
        for key, value in flat.items():
            if key not in known:
                raise DomainError("POLICY_UNKNOWN_KEY", key=key)
            default = getattr(cls(), key)
            kwargs[key] = _coerce(key, value, default)
        return dataclasses.replace(cls(), **kwargs)

    @classmethod
    def from_toml(cls, path: str | Path) -> Policy:
        with open(path, "rb") as fh:
            return cls.from_mapping(tomllib.load(fh))


def _coerce(key: str, value: Any, default: Any) -> Any:
    if isinstance(default, MonthDay):
        if not isinstance(value, str):
            raise DomainError("POLICY_INVALID", key=key)
        return MonthDay.parse(value)
    if isinstance(default, bool) or not isinstance(default, int | float):
        raise DomainError("POLICY_INVALID", key=key)
    if isinstance(default, int) and not isinstance(default, bool):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise DomainError("POLICY_INVALID", key=key)
        return value
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise DomainError("POLICY_INVALID", key=key)
    return float(value)


DEFAULT_POLICY = Policy()
