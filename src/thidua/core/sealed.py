"""Short secrets kept for a while where whoever reads the database could see them (a temporary password in the
issuing officer's session until the sheet is printed): sealed with Fernet (AES with an HMAC, the `cryptography`
package) under a key derived from SECRET_KEY, and refused once older than their time to live. A database dump
without the settings' secret shows only the sealed token."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    digest = hashlib.sha256(f"thidua.core.sealed:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def unseal(token: str, max_age_seconds: int) -> str | None:
    """The secret, or None when the token is older than `max_age_seconds`, altered or sealed under another key."""
    try:
        return _fernet().decrypt(token.encode(), ttl=max_age_seconds).decode()
    except (InvalidToken, ValueError, TypeError):
        return None
