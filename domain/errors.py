"""One exception type for every broken rule.

A rule breach is identified by a stable reason code (``IIN_CHECKSUM``), never by its text:
the API and the desk turn the code into a message in the user's language through
:mod:`domain.messages`, and tests and clients compare codes, which never change.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule of DOMAIN.md was not met.

    ``params`` carry the values a message needs (a date, a count); they are never personal
    data, so a DomainError is safe to log.
    """

    def __init__(self, code: str, /, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def message(self, lang: str = "en") -> str:
        from domain.messages import message

        return message(self.code, lang, **self.params)

    def __repr__(self) -> str:
        return f"DomainError({self.code!r}, {self.params!r})"
