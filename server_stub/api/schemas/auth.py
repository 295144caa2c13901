"""Bodies of ``/api/v1/auth``: desk and admin password login, parents' SMS-code login."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

IIN_EXAMPLE = "061211600012"
PHONE_EXAMPLE = "+7 701 234 56 78"


class LoginIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"login": "head12", "password": "correct horse"}]}
    )

    login: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=200)


class LoginOut(BaseModel):
    """An opaque bearer token: send it as ``Authorization: Bearer <token>``."""

    token: str
    expires_at: datetime
    role: Literal["admin", "head", "staff"]
    kindergarten_id: int | None = Field(
        None, description="The desk's kindergarten; null for admins"
    )


class ParentCodeIn(BaseModel):
    """Ask for a login code by SMS. The answer is the same whether or not the IIN is known."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"parent_iin": IIN_EXAMPLE, "phone": PHONE_EXAMPLE, "language": "kk"}]
        }
    )

    parent_iin: str = Field(max_length=32, description="The parent's IIN (12 digits)")
    phone: str = Field(max_length=40, description="A Kazakhstan mobile number, any spelling")
    language: Literal["kk", "ru", "en"] | None = Field(
        None, description="Language of the SMS; default from Accept-Language"
    )


class CodeSent(BaseModel):
    expires_at: datetime = Field(description="The code is valid until this moment")


class ParentLoginIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"parent_iin": IIN_EXAMPLE, "phone": PHONE_EXAMPLE, "code": "123456"}]
        }
    )

    parent_iin: str = Field(max_length=32)
    phone: str = Field(max_length=40)
    code: str = Field(min_length=1, max_length=12, description="The 6 digits of the SMS")


class ParentTokenOut(BaseModel):
    token: str
    expires_at: datetime


class MeOut(BaseModel):
    """Who the token belongs to. For an account (admin, head, staff): its id, scope, login
    and full name, so a desk can name who signed in on it. For a parent: only the kind;
    the IIN is not echoed back and nothing personal about the family or children is (R30).
    """

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "account",
                    "role": "head",
                    "account_id": 3,
                    "kindergarten_id": 12,
                    "district_id": None,
                    "login": "head12",
                    "full_name": "Айгүл Сейітова",
                },
                {"kind": "parent", "role": "parent"},
            ]
        }
    )

    kind: Literal["account", "parent"]
    role: Literal["admin", "head", "staff", "parent"]
    account_id: int | None = None
    kindergarten_id: int | None = None
    district_id: int | None = None
    login: str | None = Field(default=None, description="The account's login; null for parents")
    full_name: str | None = Field(
        default=None,
        description="The account's full name as the department entered it (may be empty); "
        "null for parents",
    )
