"""Game scores: one row per finished game, read back as a player's personal best."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from station.storage import _common
from station.storage.errors import InvalidRecord
from station.storage.sessions import get_session

MAX_STARS = 3


def record_game_score(
    db: Database,
    session_id: int,
    *,
    game: str,
    score: int,
    stars: int,
    at: datetime | None = None,
) -> None:
    """Store a finished game's score in its own commit."""
    if not game.strip() or len(game) > 40:
        raise InvalidRecord("A game score needs the game's short name (1-40 characters).")
    if isinstance(score, bool) or not isinstance(score, int) or score < 0:
        raise InvalidRecord(f"A game score must be a whole number of 0 or more, not {score!r}.")
    if isinstance(stars, bool) or not isinstance(stars, int) or not 0 <= stars <= MAX_STARS:
        raise InvalidRecord(f"Stars must be 0 to {MAX_STARS}, not {stars!r}.")
    get_session(db, session_id)
    with db.atomic():
        db.execute(
            "INSERT INTO game_scores (session_id, game, score, stars, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [session_id, game, score, stars, _common.utc_text(at)],
        )


def personal_best(db: Database, player_id: int, game: str) -> int | None:
    """The player's highest score in this game, or None if they never finished one."""
    rows = db.query(
        "SELECT max(g.score) AS best FROM game_scores g"
        " JOIN sessions s ON s.id = g.session_id WHERE s.player_id = ? AND g.game = ?",
        [player_id, game],
    )
    return next(iter(rows))["best"]
