"""Refusals that the service layer adds to :class:`domain.errors.DomainError`."""

from __future__ import annotations

from domain.errors import DomainError


class RefusalToKeep(DomainError):
    """A refusal whose side effects must still be committed.

    A wrong SMS code is refused, yet the failed attempt has to count, or the limit on
    attempts would mean nothing: the request's unit of work commits before answering.
    """
