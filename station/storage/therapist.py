"""The therapist PIN: a salted scrypt hash, and a lockout that outlasts a restart.

The PIN guards every child's data on a box that stands in a waiting room, and a 4-digit
PIN has only 10,000 values. So it is never stored, only ``hashlib.scrypt`` of it with a
random salt (memory-hard: a stolen SD card does not give the PIN away in seconds), and
repeated wrong entries lock the PIN pad for a growing time. The failures and the end of
the lock are in the database, so pulling the plug does not reset them; a correct PIN
does. The clock is passed in (``now``): wall-clock seconds, because a monotonic clock
starts again at every boot. A lock never lasts longer than its own length, so a clock
set backwards (a Pi without a real-time clock) cannot lock the therapist out for days.

``grip-station pin reset`` (``reset_pin``) is the way back in for someone who holds the
box's shell: it clears the PIN and the lock, and the next start asks for a new PIN.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from sqlite_utils import Database

from station.storage import _common
from station.storage.errors import InvalidRecord, NotFound

PIN_MIN_DIGITS = 4
PIN_MAX_DIGITS = 8
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
COST = (SCRYPT_N, SCRYPT_R, SCRYPT_P)
"""scrypt cost (16 MiB, ~0.1 s on a Pi 4). Stored with each hash: raising these re-hashes
the PIN at its next correct entry."""
SALT_BYTES = 16
HASH_BYTES = 32
FREE_ATTEMPTS = 3
"""Wrong PINs allowed before the first lock."""
FIRST_LOCK_S = 30.0
"""The lock after the third wrong PIN; each further wrong PIN doubles it."""
MAX_LOCK_S = 3600.0
THERAPIST_IDLE_S = 180.0
"""Therapist mode logs out after this long without a touch, so a screen left open between
two children does not show the next child (or a parent) everyone's data."""


class PinStatus(Enum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"


@dataclass(frozen=True, slots=True)
class PinCheck:
    """What the PIN pad shows after an entry."""

    status: PinStatus
    attempts_left: int = 0
    """Wrong PINs still allowed before the pad locks (WRONG only)."""
    wait_s: float = 0.0
    """Seconds until the pad takes a PIN again (LOCKED only)."""

    @property
    def ok(self) -> bool:
        return self.status is PinStatus.OK

    @property
    def message(self) -> str:
        """One sentence for the PIN pad."""
        if self.status is PinStatus.OK:
            return "PIN accepted."
        if self.status is PinStatus.WRONG:
            tries = "1 more try" if self.attempts_left == 1 else f"{self.attempts_left} more tries"
            return f"Wrong PIN: {tries} before the pad locks."
        wait = math.ceil(self.wait_s)
        when = f"{wait} s" if wait < 60 else f"{math.ceil(wait / 60)} min"
        return f"Too many wrong PINs: try again in {when}."


def lock_seconds(failures: int) -> float:
    """How long the pad stays locked after ``failures`` wrong PINs in a row (0: not locked)."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return min(MAX_LOCK_S, FIRST_LOCK_S * 2 ** (failures - FREE_ATTEMPTS))


def clean_pin(pin: str) -> str:
    """The PIN if it is 4 to 8 digits (0-9), else ``InvalidRecord`` saying what is needed."""
    if (
        not isinstance(pin, str)
        or not pin.isascii()
        or not pin.isdigit()
        or not PIN_MIN_DIGITS <= len(pin) <= PIN_MAX_DIGITS
    ):
        raise InvalidRecord(
            f"A therapist PIN is {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits (0-9), nothing else."
        )
    return pin


def set_pin(db: Database, pin: str, *, at: datetime | None = None) -> None:
    """Store a new PIN (replacing any), which also clears the failures and any lock."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _derive(clean_pin(pin).encode("ascii"), salt, COST, HASH_BYTES)
    with db.atomic():
        db.execute(
            "INSERT OR REPLACE INTO therapist_pin (id, kdf, n, r, p, salt, hash, failures,"
            " locked_until, set_at) VALUES (1, 'scrypt', ?, ?, ?, ?, ?, 0, NULL, ?)",
            [*COST, salt, digest, _common.utc_text(at)],
        )


def has_pin(db: Database) -> bool:
    """False on a new station or after ``reset_pin``: the touch screen asks for a new PIN."""
    return db.execute("SELECT 1 FROM therapist_pin WHERE id = 1").fetchone() is not None


def check_pin(db: Database, pin: str, *, now: datetime | float) -> PinCheck:
    """Check an entry at ``now`` (a datetime, or Unix seconds) and count it if it is wrong.

    While the pad is locked no PIN is even hashed, right or wrong: the wait is the answer.
    """
    moment = now.timestamp() if isinstance(now, datetime) else float(now)
    row = db.execute(
        "SELECT n, r, p, salt, hash, failures, locked_until FROM therapist_pin WHERE id = 1"
    ).fetchone()
    if row is None:
        raise NotFound("No therapist PIN is set; the station asks for a new one at its start.")
    *cost, salt, stored, failures, locked_until = row
    if locked_until is not None:
        length = lock_seconds(failures)
        if locked_until - moment > length:  # the clock went back: the lock restarts now
            locked_until = moment + length
            _save_failures(db, failures, locked_until)
        if moment < locked_until:
            return PinCheck(PinStatus.LOCKED, wait_s=locked_until - moment)
    typed = pin.encode("utf-8") if isinstance(pin, str) else b""
    if hmac.compare_digest(_derive(typed, salt, tuple(cost), len(stored)), stored):
        if tuple(cost) != COST:
            set_pin(db, pin)  # stronger parameters since this hash was made
        else:
            _save_failures(db, 0, None)
        return PinCheck(PinStatus.OK)
    failures += 1
    wait = lock_seconds(failures)
    _save_failures(db, failures, moment + wait if wait else None)
    if wait:
        return PinCheck(PinStatus.LOCKED, wait_s=wait)
    return PinCheck(PinStatus.WRONG, attempts_left=FREE_ATTEMPTS - failures)


def reset_pin(db: Database) -> bool:
    """Forget the PIN and its lock (the recovery path); False if none was set."""
    with db.atomic():
        cursor = db.execute("DELETE FROM therapist_pin WHERE id = 1")
    return cursor.rowcount > 0


def _save_failures(db: Database, failures: int, locked_until: float | None) -> None:
    with db.atomic():
        db.execute(
            "UPDATE therapist_pin SET failures = ?, locked_until = ? WHERE id = 1",
            [failures, locked_until],
        )


def _derive(secret: bytes, salt: bytes, cost: tuple[int, ...], length: int) -> bytes:
    n, r, p = cost
    # OpenSSL refuses over 32 MiB by default; scrypt needs about 128 * n * r * p bytes.
    limit = 2 * 128 * n * r * p + 2**20
    return hashlib.scrypt(secret, salt=salt, n=n, r=r, p=p, maxmem=limit, dklen=length)
