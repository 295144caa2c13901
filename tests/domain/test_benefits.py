"""Benefits and their categories (R8) and which need a document (R13)."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from domain.benefits import (
    DEFAULT_BENEFIT_RULES,
    Benefit,
    BenefitRules,
    Category,
    category_for,
)
from domain.errors import DomainError
from domain.messages import CATALOGUE

EXTRAORDINARY = {Benefit.MILITARY, Benefit.SPECIAL_STATE_BODY, Benefit.FALLEN_IN_SERVICE}
FIRST = {
    Benefit.DISABLED_PARENT,
    Benefit.NO_PARENTAL_CARE,
    Benefit.ORPHAN,
    Benefit.LARGE_FAMILY,
    Benefit.SPECIAL_NEEDS,
}


def test_r8_categories_sort_extraordinary_first() -> None:
    assert sorted([Category.GENERAL, Category.EXTRAORDINARY, Category.FIRST_PRIORITY]) == [
        Category.EXTRAORDINARY,
        Category.FIRST_PRIORITY,
        Category.GENERAL,
    ]


@pytest.mark.parametrize("benefit", sorted(EXTRAORDINARY))
def test_r8_default_extraordinary_benefits(benefit: Benefit) -> None:
    assert DEFAULT_BENEFIT_RULES.categories[benefit] is Category.EXTRAORDINARY
    assert category_for({benefit}) is Category.EXTRAORDINARY


@pytest.mark.parametrize("benefit", sorted(FIRST))
def test_r8_default_first_priority_benefits(benefit: Benefit) -> None:
    assert DEFAULT_BENEFIT_RULES.categories[benefit] is Category.FIRST_PRIORITY
    assert category_for([benefit]) is Category.FIRST_PRIORITY


def test_r8_every_benefit_has_a_default_category() -> None:
    assert set(DEFAULT_BENEFIT_RULES.categories) == set(Benefit) == EXTRAORDINARY | FIRST


def test_r13_only_the_extraordinary_benefits_need_a_document() -> None:
    assert DEFAULT_BENEFIT_RULES.needs_document == EXTRAORDINARY


def test_r8_best_category_wins_and_none_is_general() -> None:
    assert category_for([]) is Category.GENERAL
    assert category_for({Benefit.LARGE_FAMILY, Benefit.MILITARY}) is Category.EXTRAORDINARY
    assert category_for({Benefit.ORPHAN, Benefit.SPECIAL_NEEDS}) is Category.FIRST_PRIORITY


def test_r13_rejected_document_falls_back_to_remaining_benefits() -> None:
    claimed = {Benefit.MILITARY, Benefit.LARGE_FAMILY}
    confirmed = claimed - DEFAULT_BENEFIT_RULES.needs_document
    assert category_for(confirmed) is Category.FIRST_PRIORITY


def test_r8_default_rules_cannot_be_mutated() -> None:
    with pytest.raises(TypeError):
        DEFAULT_BENEFIT_RULES.categories[Benefit.ORPHAN] = Category.GENERAL  # type: ignore[index]
    assert hash(DEFAULT_BENEFIT_RULES) == hash(BenefitRules.from_mapping(_default_table()))


def _default_table() -> dict[str, Any]:
    return {
        "military": {"category": "extraordinary", "document": True},
        "special_state_body": {"category": "extraordinary"},
        "fallen_in_service": {"category": "extraordinary"},
        "disabled_parent": {"category": "first_priority"},
        "no_parental_care": {"category": "first_priority", "document": False},
        "orphan": {"category": "first_priority"},
        "large_family": {"category": "first_priority"},
        "special_needs": {"category": "first_priority"},
    }


def test_r8_from_mapping_reproduces_the_defaults() -> None:
    assert BenefitRules.from_mapping(_default_table()) == DEFAULT_BENEFIT_RULES


def test_r8_yearly_toml_changes_categories_without_code() -> None:
    rules = BenefitRules.from_mapping(
        tomllib.loads(
            """
[military]
category = "extraordinary"

[large_family]
category = "extraordinary"
document = true

[orphan]
category = "first_priority"
"""
        )
    )
    assert rules.categories == {
        Benefit.MILITARY: Category.EXTRAORDINARY,
        Benefit.LARGE_FAMILY: Category.EXTRAORDINARY,
        Benefit.ORPHAN: Category.FIRST_PRIORITY,
    }
    assert rules.needs_document == {Benefit.MILITARY, Benefit.LARGE_FAMILY}
    assert category_for({Benefit.LARGE_FAMILY}, rules) is Category.EXTRAORDINARY
    # a benefit dropped from this year's list gives no priority
    assert category_for({Benefit.SPECIAL_NEEDS}, rules) is Category.GENERAL


def test_r8_unknown_benefit_is_refused() -> None:
    with pytest.raises(DomainError) as caught:
        BenefitRules.from_mapping({"millitary": {"category": "extraordinary"}})
    assert caught.value.code == "BENEFIT_UNKNOWN"
    assert caught.value.params["benefit"] == "millitary"


def test_r8_unknown_category_is_refused() -> None:
    with pytest.raises(DomainError) as caught:
        BenefitRules.from_mapping({"orphan": {"category": "first-priority"}})
    assert caught.value.code == "BENEFIT_UNKNOWN"
    assert "first-priority" in caught.value.message("en")


@pytest.mark.parametrize(
    "entry",
    [
        "first_priority",
        {},
        {"category": 1},
        {"category": "first_priority", "document": "yes"},
        {"category": "first_priority", "documents": True},
    ],
)
def test_r8_malformed_benefit_entry_is_refused(entry: object) -> None:
    with pytest.raises(DomainError) as caught:
        BenefitRules.from_mapping({"orphan": entry})
    assert caught.value.code == "BENEFIT_RULES_INVALID"


@pytest.mark.parametrize("code", ["BENEFIT_UNKNOWN", "BENEFIT_RULES_INVALID"])
def test_r8_benefit_codes_are_catalogued_in_three_languages(code: str) -> None:
    assert set(CATALOGUE[code]) == {"en", "ru", "kk"}
    assert all("{benefit}" in text for text in CATALOGUE[code].values())
