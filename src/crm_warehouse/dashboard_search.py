"""Turn what a manager types into the Customer 360 search box into identity_map lookups.

Phones and emails reach the marts only as salted hashes (macro `pii_hash`), so a typed phone
or email is normalised with the same rules as staging (macros `normalize_phone`,
`normalize_email`) and hashed with the same salt (`CRM_PII_SALT`, the `pii_salt` var) here,
before any query. The result is a list of (identifier_type, identifier) pairs that the data
module binds as parameters; the typed text never becomes SQL.
"""

from __future__ import annotations

import hashlib
import os
import re
from typing import Literal

# dbt_project.yml: pii_salt defaults to env CRM_PII_SALT, else 'change-me'.
DEFAULT_PII_SALT = "change-me"
# No identifier of any source system is longer; longer input matches no one without a query.
MAX_SEARCH_LENGTH = 200

SearchKind = Literal["any", "customer_id", "member_id", "phone", "email"]
SEARCH_KINDS: tuple[SearchKind, ...] = ("any", "customer_id", "member_id", "phone", "email")

PHONE_CHARACTERS = re.compile(r"[0-9 ()+.-]+")
CN_MOBILE_WITH_CODE = re.compile(r"(00)?861[0-9]{10}")
CN_MOBILE = re.compile(r"1[0-9]{10}")
HK_WITH_CODE = re.compile(r"(00)?852[0-9]{8}")
HK_NUMBER = re.compile(r"[0-9]{8}")
EMAIL = re.compile(r"[a-z0-9._%+-]+@[a-z0-9-]+([.][a-z0-9-]+)*[.][a-z]{2,}")


def normalize_phone(raw: str) -> str | None:
    """E.164 as macro normalize_phone: '+86 138-0013-8000' -> '+8613800138000'."""
    text = raw.strip()
    if not PHONE_CHARACTERS.fullmatch(text):
        return None
    digits = re.sub(r"[^0-9]", "", text)
    if CN_MOBILE_WITH_CODE.fullmatch(digits):
        return "+86" + digits[-11:]
    if CN_MOBILE.fullmatch(digits):
        return "+86" + digits
    if HK_WITH_CODE.fullmatch(digits):
        return "+852" + digits[-8:]
    if HK_NUMBER.fullmatch(digits):
        return "+852" + digits
    return None


def normalize_email(raw: str) -> str | None:
    """Lowercased and trimmed as macro normalize_email, or None when implausible."""
    email = raw.strip().lower()
    return email if EMAIL.fullmatch(email) else None


def pii_hash(value: str, salt: str | None = None) -> str:
    """Hex SHA-256 of '<salt>:<value>', as macro pii_hash."""
    salt = os.environ.get("CRM_PII_SALT", DEFAULT_PII_SALT) if salt is None else salt
    return hashlib.sha256(f"{salt}:{value}".encode()).hexdigest()


def search_candidates(
    text: str, kind: SearchKind = "any", salt: str | None = None
) -> list[tuple[str, str]]:
    """(identifier_type, identifier) pairs of identity_map that the text may denote."""
    text = text.strip()
    if not text or len(text) > MAX_SEARCH_LENGTH:
        return []
    candidates: list[tuple[str, str]] = []
    if kind in ("any", "customer_id"):
        candidates.append(("customer_id", text))
    if kind in ("any", "member_id"):
        candidates.append(("member_id", text))
    if kind in ("any", "phone") and (phone := normalize_phone(text)):
        candidates.append(("phone_hash", pii_hash(phone, salt)))
    if kind in ("any", "email") and (email := normalize_email(text)):
        candidates.append(("email_hash", pii_hash(email, salt)))
    return candidates
