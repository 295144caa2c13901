"""Benefits and the priority category they give (DOMAIN.md R8, R13).

Which benefit puts a child in which category is configuration, revised yearly (R8), so it
lives in a :class:`BenefitRules` value rather than in ``if`` statements: a region loads the
year's table with :meth:`BenefitRules.from_mapping` and the queue code never changes.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from types import MappingProxyType
from typing import Any

from domain.errors import DomainError


class Category(IntEnum):
    """Priority category (R8); a lower value is served earlier, so categories sort."""

    EXTRAORDINARY = 0
    FIRST_PRIORITY = 1
    GENERAL = 2


class Benefit(StrEnum):
    """A ground for priority a family can claim; the value is the stable storage key."""

    # extraordinary (R8)
    MILITARY = "military"  # children of military personnel, conscripts included
    SPECIAL_STATE_BODY = "special_state_body"  # children of staff of special state bodies
    FALLEN_IN_SERVICE = "fallen_in_service"  # the parent died or went missing in service
    # first priority (R8)
    DISABLED_PARENT = "disabled_parent"  # a legal representative with a disability
    NO_PARENTAL_CARE = "no_parental_care"  # children left without parental care
    ORPHAN = "orphan"
    LARGE_FAMILY = "large_family"
    SPECIAL_NEEDS = "special_needs"  # special educational needs


_CATEGORY_NAMES: dict[str, Category] = {
    "extraordinary": Category.EXTRAORDINARY,
    "first_priority": Category.FIRST_PRIORITY,
    "general": Category.GENERAL,
}


@dataclass(frozen=True)
class BenefitRules:
    """The year's table of benefits.

    ``categories`` maps each benefit that gives priority this year to its category; a
    benefit missing from it gives none. ``needs_document`` holds the benefits that only a
    document (a workplace certificate) proves: they start as pending confirmation by the
    department (R13); all others are confirmed automatically from state registries.
    """

    categories: Mapping[Benefit, Category]
    needs_document: frozenset[Benefit]

    def __post_init__(self) -> None:
        # A read-only copy, so that nobody can change the shared DEFAULT_BENEFIT_RULES (or
        # a year's table) in place behind the queue's back.
        object.__setattr__(self, "categories", MappingProxyType(dict(self.categories)))

    def __hash__(self) -> int:
        return hash((frozenset(self.categories.items()), self.needs_document))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> BenefitRules:
        """Build the year's rules from a parsed TOML table such as::

            [military]
            category = "extraordinary"
            document = true
            [large_family]
            category = "first_priority"

        The table is the complete list for the year (R8): benefits it omits give no
        priority. ``document`` defaults to true for extraordinary benefits and false for the
        others, as R13 describes. An unknown benefit or category raises
        ``DomainError("BENEFIT_UNKNOWN", benefit=...)``; a malformed entry raises
        ``BENEFIT_RULES_INVALID`` — a typo must not silently drop a family's priority.
        """
        categories: dict[Benefit, Category] = {}
        documents: set[Benefit] = set()
        for name, entry in data.items():
            try:
                benefit = Benefit(name)
            except ValueError:
                raise DomainError("BENEFIT_UNKNOWN", benefit=name) from None
            if not isinstance(entry, Mapping) or set(entry) - {"category", "document"}:
                raise DomainError("BENEFIT_RULES_INVALID", benefit=name)
            category_name = entry.get("category")
            if not isinstance(category_name, str):
                raise DomainError("BENEFIT_RULES_INVALID", benefit=name)
            category = _CATEGORY_NAMES.get(category_name)
            if category is None:
                raise DomainError(
                    "BENEFIT_UNKNOWN", benefit=f"{name}: {category_name}", category=category_name
                )
            document = entry.get("document", category is Category.EXTRAORDINARY)
            if not isinstance(document, bool):
                raise DomainError("BENEFIT_RULES_INVALID", benefit=name)
            categories[benefit] = category
            if document:
                documents.add(benefit)
        return cls(categories=categories, needs_document=frozenset(documents))

    def category_of(self, benefit: Benefit) -> Category:
        """The category one benefit gives this year (GENERAL when it gives none)."""
        return self.categories.get(benefit, Category.GENERAL)


DEFAULT_BENEFIT_RULES = BenefitRules(
    categories={
        Benefit.MILITARY: Category.EXTRAORDINARY,
        Benefit.SPECIAL_STATE_BODY: Category.EXTRAORDINARY,
        Benefit.FALLEN_IN_SERVICE: Category.EXTRAORDINARY,
        Benefit.DISABLED_PARENT: Category.FIRST_PRIORITY,
        Benefit.NO_PARENTAL_CARE: Category.FIRST_PRIORITY,
        Benefit.ORPHAN: Category.FIRST_PRIORITY,
        Benefit.LARGE_FAMILY: Category.FIRST_PRIORITY,
        Benefit.SPECIAL_NEEDS: Category.FIRST_PRIORITY,
    },
    needs_document=frozenset(
        {Benefit.MILITARY, Benefit.SPECIAL_STATE_BODY, Benefit.FALLEN_IN_SERVICE}
    ),
)
"""R8/R13 as DOMAIN.md states them; a region's yearly table replaces it."""


def category_for(
    confirmed_benefits: Collection[Benefit], rules: BenefitRules = DEFAULT_BENEFIT_RULES
) -> Category:
    """The best category the given benefits give; GENERAL when none gives any.

    Pass the benefits that count right now; this function does not judge evidence. Note
    R13: a documentary benefit still pending confirmation may already earn an offer (only
    the referral waits for the department), so the server may include pending documentary
    benefits when ranking; once the department rejects one it is dropped from the set and
    the application falls back to the category of what remains, keeping its original
    timestamp (R9). A benefit absent from this year's ``rules`` gives nothing.
    """
    return min(
        (rules.category_of(benefit) for benefit in confirmed_benefits),
        default=Category.GENERAL,
    )


__all__ = ["DEFAULT_BENEFIT_RULES", "Benefit", "BenefitRules", "Category", "category_for"]
