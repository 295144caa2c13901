"""Kazakhstan mobile phone numbers: DOMAIN.md R4.

A phone is how a parent hears about an offer (R16), so the queue keeps only numbers that
can receive an SMS, in the one canonical form ``+77XXXXXXXXX``: two spellings of the same
number must never count as two numbers or miss a duplicate.
"""

from __future__ import annotations

from domain.errors import DomainError

MOBILE_CODES: frozenset[str] = frozenset(
    {"700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777", "778"}
)

# What people type between digits; dropped before the shape is judged.
_SEPARATORS = frozenset(" -.()")


def _national_number(text: str) -> str:
    """The 10-digit national number (7XXXXXXXXX) of a KZ phone, or PHONE_FORMAT."""
    stripped = text.strip()
    plus = stripped.startswith("+")
    body = stripped[1:] if plus else stripped
    kept: list[str] = []
    for ch in body:
        if ch in _SEPARATORS or ch.isspace():
            continue
        if not (ch.isascii() and ch.isdigit()):
            raise DomainError("PHONE_FORMAT")
        kept.append(ch)
    digits = "".join(kept)
    if plus:
        national = digits[1:] if len(digits) == 11 and digits[0] == "7" else None
    elif len(digits) == 11 and digits[0] in "78":
        national = digits[1:]  # "8 7XX ..." (domestic trunk prefix) or "7 7XX ..."
    elif len(digits) == 10:
        national = digits
    else:
        national = None
    # +7 is shared with Russia; Kazakhstan's own numbers are those starting with 7.
    if national is None or national[0] != "7":
        raise DomainError("PHONE_FORMAT")
    return national


def normalize_phone(text: str) -> str:
    """The canonical ``+77XXXXXXXXX`` form of a typed KZ mobile number.

    A well-formed KZ number with a landline or unknown operator code gets its own reason
    (PHONE_NOT_MOBILE) because the fix differs: the parent has the right shape but the
    wrong kind of number, and no SMS could ever reach it.
    """
    national = _national_number(text)
    code = national[:3]
    if code not in MOBILE_CODES:
        raise DomainError("PHONE_NOT_MOBILE", code=code)
    return f"+7{national}"


def format_phone(normalized: str) -> str:
    """``+7 777 123 45 67``: the grouping Kazakh users read and dictate numbers in.

    The input is normalised again (idempotent for stored values) so a caller cannot
    display a number the queue would refuse.
    """
    n = normalize_phone(normalized)
    return f"+7 {n[2:5]} {n[5:8]} {n[8:10]} {n[10:12]}"


def mask_phone(normalized: str) -> str:
    """``+7 777 *** ** 67`` for logs and SMS lists (R30): the operator and the last two
    digits let staff tell numbers apart without exposing a parent's number."""
    n = normalize_phone(normalized)
    return f"+7 {n[2:5]} *** ** {n[10:12]}"
