"""Children's profiles: only what play and the norms need, nothing more personal.

Nicknames are what a child taps on the touch screen, so they must be drawable by the
station's font, short enough to fit a button, and unique among active players
(case and Unicode composition ignored: 'Zoé' typed two ways is one name).
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from station.storage import _common
from station.storage.errors import DatabaseError, InvalidRecord, NotFound
from station.storage.stored import Stored

NICKNAME_MAX_CHARS = 40
NOTES_MAX_CHARS = 2000
OLDEST_BIRTH_YEAR = 1900
_NICKNAME_PUNCTUATION = frozenset(" -'.\N{RIGHT SINGLE QUOTATION MARK}")
_AVATAR = re.compile(r"[a-z0-9_-]{1,32}")


@dataclass(frozen=True, slots=True)
class Player:
    id: int
    nickname: str
    avatar: str
    birth_year: int | None
    sex: str | None
    dominant_hand: str
    notes: str
    archived: bool
    created_at: datetime


def clean_nickname(raw: str) -> str:
    """NFC-normalise and squeeze spaces, or raise ``InvalidRecord`` saying what to change."""
    name = " ".join(unicodedata.normalize("NFC", raw).split())
    if not name:
        raise InvalidRecord("A nickname is needed so the child can find their profile.")
    if len(name) > NICKNAME_MAX_CHARS:
        raise InvalidRecord(
            f"A nickname can have at most {NICKNAME_MAX_CHARS} characters; "
            f"this one has {len(name)}."
        )
    for char in name:
        if char not in _NICKNAME_PUNCTUATION and unicodedata.category(char)[0] not in "LMN":
            raise InvalidRecord(
                f"Nicknames can use letters, digits, spaces and - ' . only; "
                f"{char!r} cannot be shown on the station's screen."
            )
    if not any(unicodedata.category(char)[0] in "LN" for char in name):
        raise InvalidRecord("A nickname needs at least one letter or digit.")
    return name


def add_player(
    db: Database,
    *,
    nickname: str,
    avatar: str,
    dominant_hand: str,
    birth_year: int | None = None,
    sex: str | None = None,
    notes: str = "",
    at: datetime | None = None,
) -> Player:
    fields = _checked(
        nickname=nickname,
        avatar=avatar,
        dominant_hand=dominant_hand,
        birth_year=birth_year,
        sex=sex,
        notes=notes,
        at=at,
    )
    fields["created_at"] = _common.utc_text(at)
    columns = ", ".join(fields)
    with _nickname_guard(fields["nickname"]), db.atomic():
        cursor = db.execute(
            f"INSERT INTO players ({columns}) VALUES ({', '.join('?' * len(fields))})",
            list(fields.values()),
        )
    return get_player(db, _common.new_id(cursor))


def update_player(db: Database, player_id: int, **changes: Any) -> Player:
    """Change any of nickname, avatar, dominant_hand, birth_year, sex, notes."""
    current = get_player(db, player_id)
    allowed = ("nickname", "avatar", "dominant_hand", "birth_year", "sex", "notes")
    unknown = set(changes) - set(allowed)
    if unknown:
        raise InvalidRecord(f"A player has no field called {', '.join(sorted(unknown))}.")
    merged = {name: changes.get(name, getattr(current, name)) for name in allowed}
    fields = _checked(**merged, at=None)
    assignments = ", ".join(f"{name} = ?" for name in fields)
    with _nickname_guard(fields["nickname"]), db.atomic():
        db.execute(f"UPDATE players SET {assignments} WHERE id = ?", [*fields.values(), player_id])
    return get_player(db, player_id)


def set_archived(db: Database, player_id: int, archived: bool) -> Player:
    """Archived players leave the pick list but keep their history; unarchiving can clash."""
    player = get_player(db, player_id)
    with _nickname_guard(player.nickname), db.atomic():
        db.execute("UPDATE players SET archived = ? WHERE id = ?", [int(archived), player_id])
    return get_player(db, player_id)


def get_player(db: Database, player_id: int) -> Player:
    rows = list(db.query("SELECT * FROM players WHERE id = ?", [player_id]))
    if not rows:
        raise NotFound(f"There is no player number {player_id}.")
    return _player(rows[0])


def find_player(db: Database, nickname: str) -> Player | None:
    """The player with this nickname (any case or composition), active ones first."""
    key = _key(" ".join(unicodedata.normalize("NFC", nickname).split()))
    rows = db.query(
        "SELECT * FROM players WHERE nickname_key = ? ORDER BY archived, id LIMIT 1", [key]
    )
    return next((_player(row) for row in rows), None)


def list_players(
    db: Database, *, include_archived: bool = False, damaged: list[DatabaseError] | None = None
) -> list[Player]:
    """Every player, in name order. A damaged row raises its ``DatabaseError``, unless a
    ``damaged`` list is given: then it is left out and its error put there, so one bad row
    does not hide every other child (the kiosk's picker)."""
    where = "" if include_archived else "WHERE archived = 0"
    rows = db.query(f"SELECT * FROM players {where} ORDER BY nickname_key, id")
    players = []
    for row in rows:
        try:
            players.append(_player(row))
        except DatabaseError as error:
            if damaged is None:
                raise
            damaged.append(error)
    return players


def _checked(
    *,
    nickname: str,
    avatar: str,
    dominant_hand: str,
    birth_year: int | None,
    sex: str | None,
    notes: str,
    at: datetime | None,
) -> dict[str, Any]:
    name = clean_nickname(nickname)
    if not isinstance(avatar, str) or not _AVATAR.fullmatch(avatar):
        raise InvalidRecord(
            f"An avatar is a short id of lower-case letters, digits, - and _, not {avatar!r}."
        )
    this_year = (at or datetime.now(UTC)).year
    if birth_year is not None:
        _common.whole(birth_year, "Birth year", OLDEST_BIRTH_YEAR, this_year)
    if sex not in (None, "F", "M"):
        raise InvalidRecord(f"Sex for the norms is 'F', 'M' or left empty, not {sex!r}.")
    if len(notes) > NOTES_MAX_CHARS:
        raise InvalidRecord(f"Notes can have at most {NOTES_MAX_CHARS} characters.")
    return {
        "nickname": name,
        "nickname_key": _key(name),
        "avatar": avatar,
        "birth_year": birth_year,
        "sex": sex,
        "dominant_hand": _common.hand(dominant_hand),
        "notes": unicodedata.normalize("NFC", notes),
    }


@contextmanager
def _nickname_guard(nickname: str) -> Iterator[None]:
    """Turn the unique-nickname index violation into a sentence for the therapist."""
    try:
        yield
    except sqlite3.IntegrityError as error:
        if "nickname_key" not in str(error):
            raise
        raise InvalidRecord(
            f"There is already an active player called {nickname!r}; "
            "add a letter or number to tell them apart."
        ) from None


def _key(name: str) -> str:
    return unicodedata.normalize("NFC", name.casefold())


def _player(fields: dict[str, Any]) -> Player:
    row = Stored("players", fields)
    return Player(
        id=row["id"],
        nickname=row["nickname"],
        avatar=row["avatar"],
        birth_year=row.optional_whole("birth_year", low=OLDEST_BIRTH_YEAR),
        sex=row["sex"],
        dominant_hand=row["dominant_hand"],
        notes=row["notes"],
        archived=bool(row["archived"]),
        created_at=row.time("created_at"),
    )
