"""Password hashes: scrypt at OWASP's minimum, a few hashes at a time, and a dummy hash that costs the same.

OWASP's Password Storage Cheat Sheet asks scrypt for at least N=2^17, r=8, p=1: 128 MiB and about 0,4 s of a server
core for each hash, held while it runs. A burst of sign-in attempts could otherwise take the server's memory, so at
most HASHES_AT_ONCE hashes run at once in the process and the others wait their turn.

A stored hash carries its own parameters (scrypt$N$r$p$salt$digest), so hashes made with older ones still verify;
needs_rehash says when a successful sign-in should store the password again with the current ones. A missing or
malformed hash is checked against a dummy hash with the current parameters, so an unknown or password-less account
costs as much time as a real one.
"""

import base64
import hashlib
import hmac
import secrets
import threading

OWASP_MINIMUM = (2**17, 8, 1)  # N, r, p
# The parameters of new hashes. Tests that make many accounts lower them (tests/conftest.py); production never does.
SCRYPT = OWASP_MINIMUM
# scrypt needs 128 × r × (N + p + 2) bytes: a little over 128 MiB at the minimum. A stored hash asking for more than
# this (not one this code made) is refused rather than allowed to take the memory.
MAXMEM = 256 * 1024 * 1024
HASHES_AT_ONCE = 2  # the machine has two cores; more at once would only hold more memory for longer
_HASHING = threading.BoundedSemaphore(HASHES_AT_ONCE)
_DIGEST_BYTES = 64


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    with _HASHING:
        return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=MAXMEM, dklen=_DIGEST_BYTES)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def hash_password(password: str) -> str:
    """A new salted hash of the password with the current parameters."""
    n, r, p = SCRYPT
    salt = secrets.token_bytes(16)
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(_scrypt(password, salt, n, r, p))}"


def _parse(stored: str | None) -> tuple[int, int, int, bytes, bytes] | None:
    try:
        kind, n, r, p, salt, digest = (stored or "").split("$")
        if kind != "scrypt":
            return None
        return int(n), int(r), int(p), base64.b64decode(salt, validate=True), base64.b64decode(digest, validate=True)
    except ValueError:  # not six parts, not numbers, not base64 (binascii.Error is a ValueError)
        return None


def verify_password(password: str, stored: str | None) -> bool:
    """Whether the password matches the stored hash. Without a usable hash the password is still hashed, against a
    dummy with the current parameters, and False returned: the caller's time does not depend on the account."""
    parsed = _parse(stored)
    if parsed is None:
        n, r, p = SCRYPT
        _scrypt(password, bytes(16), n, r, p)
        return False
    n, r, p, salt, digest = parsed
    try:
        got = _scrypt(password, salt, n, r, p)
    except ValueError:  # parameters scrypt refuses, or needing more than MAXMEM
        return False
    return len(got) == len(digest) and hmac.compare_digest(got, digest)


def needs_rehash(stored: str | None) -> bool:
    """Whether a hash that just verified was made with other parameters than the current ones."""
    parsed = _parse(stored)
    return parsed is not None and parsed[:3] != SCRYPT
