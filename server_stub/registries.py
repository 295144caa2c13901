"""The state databases that confirm a family's benefit without a paper (R13).

Large families, disability, orphanhood and the like are already known to the state; the
queue asks instead of making the parent bring a certificate. Only benefits that a
workplace certificate proves (military, special state bodies) cannot be confirmed this
way: they wait for the district department (``benefit_status = "pending"``).

The real registries are outside Kezek, so they sit behind :class:`StateRegistry`; tests
and development use :class:`DevRegistry`, which always answers the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from domain.benefits import DEFAULT_BENEFIT_RULES, Benefit, BenefitRules


class StateRegistry(Protocol):
    """Asks the state's databases whether a benefit holds for this family."""

    def confirms(self, benefit: Benefit, *, parent_iin: str, child_iin: str) -> bool:
        """True when the registry confirms ``benefit`` for this parent and child.

        Called only for benefits that do not need a document; an answer of False puts
        the application in the general category (with a warning to the parent).
        """
        ...


@dataclass(frozen=True)
class DevRegistry:
    """Confirms every benefit that does not need a document; refuses the others.

    ``refuse`` lets a test or a demo play a registry that does not know the family.
    """

    rules: BenefitRules = DEFAULT_BENEFIT_RULES
    refuse: frozenset[Benefit] = field(default_factory=frozenset)

    def confirms(self, benefit: Benefit, *, parent_iin: str, child_iin: str) -> bool:
        return benefit not in self.rules.needs_document and benefit not in self.refuse
