"""The database schema as an ordered set of sqlite-utils migrations.

Never edit a migration that has shipped: a station in a clinic has already run it.
Add a new function at the end instead; ``open_database`` applies what is pending.
Tables are STRICT and carry CHECK constraints, so a bug elsewhere cannot store a
hand called 'lft' or a negative peak, whatever code path wrote it.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

APPLICATION_ID = 0x47524950
"""'GRIP' in the SQLite header: tells our database apart from any other SQLite file."""

MIGRATIONS = Migrations("grip-station")


def known_migrations() -> tuple[Migrations._Migration, ...]:
    """Every migration this station knows, in the order they apply."""
    # sqlite-utils has no public list of registered migrations; this is the one private read.
    return tuple(MIGRATIONS._migrations)


def migration_names() -> tuple[str, ...]:
    return tuple(m.name for m in known_migrations())


_TABLES = """
CREATE TABLE players (
    id INTEGER PRIMARY KEY,
    nickname TEXT NOT NULL,
    nickname_key TEXT NOT NULL,
    avatar TEXT NOT NULL,
    birth_year INTEGER,
    sex TEXT CHECK (sex IN ('F', 'M')),
    dominant_hand TEXT NOT NULL CHECK (dominant_hand IN ('left', 'right')),
    notes TEXT NOT NULL DEFAULT '',
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX players_active_nickname ON players (nickname_key) WHERE archived = 0;

CREATE TABLE calibrations (
    id INTEGER PRIMARY KEY,
    sensor TEXT NOT NULL,
    offset_counts REAL NOT NULL,
    newtons_per_count REAL NOT NULL CHECK (newtons_per_count != 0),
    known_mass_g REAL NOT NULL CHECK (known_mass_g > 0),
    calibrated_at TEXT NOT NULL,
    source TEXT NOT NULL
) STRICT;
CREATE INDEX calibrations_sensor_time ON calibrations (sensor, calibrated_at);

CREATE TABLE assessments (
    id INTEGER PRIMARY KEY,
    player_id INTEGER NOT NULL REFERENCES players (id),
    sensor TEXT NOT NULL CHECK (sensor IN ('grip', 'pinch')),
    pinch_type TEXT CHECK (pinch_type IN ('tip', 'key', 'palmar')),
    hand TEXT NOT NULL CHECK (hand IN ('left', 'right', 'both')),
    protocol TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CHECK ((sensor = 'pinch') = (pinch_type IS NOT NULL))
) STRICT;
CREATE INDEX assessments_player ON assessments (player_id, created_at);

CREATE TABLE trials (
    id INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    hand TEXT NOT NULL CHECK (hand IN ('left', 'right')),
    trial_no INTEGER NOT NULL CHECK (trial_no >= 1),
    peak_n REAL NOT NULL CHECK (peak_n >= 0),
    duration_s REAL NOT NULL CHECK (duration_s >= 0),
    flags TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    trace BLOB,
    UNIQUE (assessment_id, hand, trial_no)
) STRICT;

CREATE TABLE programs (
    id INTEGER PRIMARY KEY,
    player_id INTEGER NOT NULL REFERENCES players (id),
    days_per_week INTEGER NOT NULL CHECK (days_per_week BETWEEN 1 AND 7),
    force_limit_n REAL CHECK (force_limit_n > 0),
    allow_above_80pct INTEGER NOT NULL DEFAULT 0 CHECK (allow_above_80pct IN (0, 1)),
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX programs_player ON programs (player_id, created_at);

CREATE TABLE exercises (
    id INTEGER PRIMARY KEY,
    program_id INTEGER NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    sensor TEXT NOT NULL CHECK (sensor IN ('grip', 'pinch')),
    pinch_type TEXT CHECK (pinch_type IN ('tip', 'key', 'palmar')),
    hand TEXT NOT NULL CHECK (hand IN ('left', 'right')),
    target_kind TEXT NOT NULL CHECK (target_kind IN ('percent', 'newtons')),
    target_value REAL NOT NULL CHECK (target_value > 0),
    hold_s REAL NOT NULL CHECK (hold_s > 0),
    reps INTEGER NOT NULL CHECK (reps >= 1),
    sets INTEGER NOT NULL CHECK (sets >= 1),
    rest_s REAL NOT NULL CHECK (rest_s >= 0),
    UNIQUE (program_id, position)
) STRICT;

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    player_id INTEGER NOT NULL REFERENCES players (id),
    program_id INTEGER REFERENCES programs (id),
    started_at TEXT NOT NULL,
    ended_at TEXT,
    pain_stop INTEGER NOT NULL DEFAULT 0 CHECK (pain_stop IN (0, 1)),
    pain_note TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE reps (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    exercise_id INTEGER REFERENCES exercises (id),
    set_no INTEGER NOT NULL CHECK (set_no >= 1),
    rep_no INTEGER NOT NULL CHECK (rep_no >= 1),
    sensor TEXT NOT NULL CHECK (sensor IN ('grip', 'pinch')),
    hand TEXT NOT NULL CHECK (hand IN ('left', 'right')),
    game TEXT NOT NULL DEFAULT '',
    target_n REAL NOT NULL CHECK (target_n >= 0),
    band_low_n REAL NOT NULL,
    band_high_n REAL NOT NULL,
    peak_n REAL NOT NULL,
    time_in_band_s REAL NOT NULL CHECK (time_in_band_s >= 0),
    success INTEGER NOT NULL CHECK (success IN (0, 1)),
    tracking_rmse_n REAL CHECK (tracking_rmse_n >= 0),
    created_at TEXT NOT NULL,
    CHECK (band_low_n <= band_high_n)
) STRICT;
CREATE INDEX reps_session ON reps (session_id, sensor, hand);

CREATE TABLE rep_traces (
    rep_id INTEGER PRIMARY KEY REFERENCES reps (id) ON DELETE CASCADE,
    samples INTEGER NOT NULL,
    data BLOB NOT NULL
) STRICT;
"""


@MIGRATIONS(name="m001_initial_tables")
def _initial_tables(db: Database) -> None:
    db.executescript(_TABLES)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")


@MIGRATIONS(name="m002_session_totals")
def _session_totals(db: Database) -> None:
    """Per-session totals kept by triggers, so history reads ~300 rows, not ~10,000 reps.

    Triggers rather than application code keep the totals right whichever code path
    writes a rep; existing reps are counted in once here.
    """
    db.executescript(
        """
        CREATE TABLE session_totals (
            session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            sensor TEXT NOT NULL,
            hand TEXT NOT NULL,
            reps INTEGER NOT NULL,
            successes INTEGER NOT NULL,
            peak_n REAL NOT NULL,
            PRIMARY KEY (session_id, sensor, hand)
        ) STRICT, WITHOUT ROWID;

        INSERT INTO session_totals
            SELECT session_id, sensor, hand, count(*), sum(success), max(peak_n)
            FROM reps GROUP BY session_id, sensor, hand;

        CREATE TRIGGER reps_count_insert AFTER INSERT ON reps BEGIN
            INSERT INTO session_totals VALUES
                (NEW.session_id, NEW.sensor, NEW.hand, 1, NEW.success, NEW.peak_n)
            ON CONFLICT DO UPDATE SET
                reps = reps + 1,
                successes = successes + excluded.successes,
                peak_n = max(peak_n, excluded.peak_n);
        END;

        CREATE TRIGGER reps_count_delete AFTER DELETE ON reps BEGIN
            DELETE FROM session_totals WHERE session_id = OLD.session_id
                AND sensor = OLD.sensor AND hand = OLD.hand;
            INSERT INTO session_totals
                SELECT session_id, sensor, hand, count(*), sum(success), max(peak_n)
                FROM reps WHERE session_id = OLD.session_id
                    AND sensor = OLD.sensor AND hand = OLD.hand
                GROUP BY session_id, sensor, hand;
        END;

        CREATE TRIGGER reps_count_update
        AFTER UPDATE OF session_id, sensor, hand, success, peak_n ON reps BEGIN
            DELETE FROM session_totals
                WHERE (session_id = OLD.session_id AND sensor = OLD.sensor AND hand = OLD.hand)
                   OR (session_id = NEW.session_id AND sensor = NEW.sensor AND hand = NEW.hand);
            INSERT INTO session_totals
                SELECT session_id, sensor, hand, count(*), sum(success), max(peak_n)
                FROM reps
                WHERE (session_id = OLD.session_id AND sensor = OLD.sensor AND hand = OLD.hand)
                   OR (session_id = NEW.session_id AND sensor = NEW.sensor AND hand = NEW.hand)
                GROUP BY session_id, sensor, hand;
        END;

        CREATE INDEX sessions_player_time ON sessions (player_id, started_at);
        """
    )


@MIGRATIONS(name="m003_rep_level")
def _rep_level(db: Database) -> None:
    """The staircase level each rep was planned at, so the next session resumes there.

    Reps stored before this have none (NULL); the engine replays those from its start.
    """
    db.execute("ALTER TABLE reps ADD COLUMN level REAL CHECK (level BETWEEN 0 AND 1)")


@MIGRATIONS(name="m004_assessment_stop_reason")
def _assessment_stop_reason(db: Database) -> None:
    """Why a max-force test ended early ('pain', 'interrupted', ...); NULL if no stop was recorded.

    A therapist must tell a pain stop from a Ctrl-C. Tests stored before this (and one cut
    by a power failure) have none: a short one reads as not finished, never as a pain stop.
    """
    db.execute(
        "ALTER TABLE assessments ADD COLUMN stop_reason TEXT"
        " CHECK (stop_reason IS NULL OR length(stop_reason) BETWEEN 1 AND 40)"
    )


@MIGRATIONS(name="m005_game_scores")
def _game_scores(db: Database) -> None:
    """Each finished game's score, so the celebration can tell a child it beat its best."""
    db.executescript(
        """
        CREATE TABLE game_scores (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions (id),
            game TEXT NOT NULL CHECK (length(game) BETWEEN 1 AND 40),
            score INTEGER NOT NULL CHECK (score >= 0),
            stars INTEGER NOT NULL CHECK (stars BETWEEN 0 AND 3),
            created_at TEXT NOT NULL
        );
        CREATE INDEX game_scores_session ON game_scores (session_id);
        """
    )


@MIGRATIONS(name="m006_exercise_game")
def _exercise_game(db: Database) -> None:
    """The game a program's exercise is played with; NULL lets the station choose by sensor."""
    db.execute(
        "ALTER TABLE exercises ADD COLUMN game TEXT"
        " CHECK (game IS NULL OR length(game) BETWEEN 1 AND 40)"
    )


@MIGRATIONS(name="m007_pain_stops")
def _pain_stops(db: Database) -> None:
    """Every press of Ouch/Stop: when, where, and the last force, for the therapist.

    A guest's stop has no session (nothing about the person is kept), but the clinic still
    learns that a child in the waiting room stopped in pain, and at which exercise.
    """
    db.executescript(
        """
        CREATE TABLE pain_stops (
            id INTEGER PRIMARY KEY,
            session_id INTEGER REFERENCES sessions (id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            scene TEXT NOT NULL CHECK (length(scene) BETWEEN 1 AND 40),
            game TEXT CHECK (game IS NULL OR length(game) BETWEEN 1 AND 40),
            sensor TEXT CHECK (sensor IS NULL OR sensor IN ('grip', 'pinch')),
            hand TEXT CHECK (hand IS NULL OR hand IN ('left', 'right')),
            exercise_id INTEGER REFERENCES exercises (id),
            last_force_n REAL CHECK (last_force_n IS NULL OR last_force_n >= 0)
        ) STRICT;
        CREATE INDEX pain_stops_session ON pain_stops (session_id);
        """
    )


@MIGRATIONS(name="m008_therapist_pin")
def _therapist_pin(db: Database) -> None:
    """The therapist PIN as a salted scrypt hash, and the lockout that survives a restart.

    One row at most (id = 1). The key-derivation parameters sit beside the hash, so a
    later version can raise them and re-hash at the next correct entry. ``locked_until``
    is wall-clock seconds (Unix time): the lock must outlast a reboot, which a monotonic
    clock does not.
    """
    db.executescript(
        """
        CREATE TABLE therapist_pin (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            kdf TEXT NOT NULL CHECK (kdf = 'scrypt'),
            n INTEGER NOT NULL CHECK (n >= 2),
            r INTEGER NOT NULL CHECK (r >= 1),
            p INTEGER NOT NULL CHECK (p >= 1),
            salt BLOB NOT NULL CHECK (length(salt) >= 16),
            hash BLOB NOT NULL CHECK (length(hash) >= 16),
            failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
            locked_until REAL,
            set_at TEXT NOT NULL
        ) STRICT;
        """
    )


@MIGRATIONS(name="m009_assessment_sensor_source")
def _assessment_sensor_source(db: Database) -> None:
    """Whether a max-force test measured a load cell ('real') or not ('simulated').

    A test on emulated, virtual or replayed sensors is a rehearsal, not a child's
    strength: it must never become the logged maximum. Tests stored before this column
    were taken on the station's sensors as far as anyone can tell, so they count as real.
    """
    db.execute(
        "ALTER TABLE assessments ADD COLUMN sensor_source TEXT NOT NULL DEFAULT 'real'"
        " CHECK (sensor_source IN ('real', 'simulated'))"
    )


@MIGRATIONS(name="m010_session_owner")
def _session_owner(db: Database) -> None:
    """Which process keeps a session open, and whether it was cut off before it ended.

    A session whose process was killed (a power cut, a SIGKILL) never gets its end; the
    next start closes it as interrupted, keeping its reps, but only once its process is
    gone: another process on the station (or, later, another station sharing the store)
    may still be writing to it. Sessions stored before this have no owner.
    """
    db.execute("ALTER TABLE sessions ADD COLUMN owner TEXT NOT NULL DEFAULT ''")
    db.execute(
        "ALTER TABLE sessions ADD COLUMN interrupted INTEGER NOT NULL DEFAULT 0"
        " CHECK (interrupted IN (0, 1))"
    )
