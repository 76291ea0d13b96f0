"""The player database: SQLite via sqlite-utils, one transaction per rep or trial.

Import from here; the submodules are split by record kind (players, calibrations,
assessments, programs, sessions, history, the therapist PIN) plus the database opener, the
trace codec and ``erase`` (a child's data deleted for good). Each record is read back
through ``stored``, which names a value the station never writes as damage.
``writer`` runs writes on a thread of their own, for the frame loop; ``connection`` waits
out another program's lock and ``faults`` says what stops a write (a lock, a full disk,
no permission) in a sentence.

May import: ``clinic`` (the prescriptions it stores), ``hardware.frames``, ``station.paths``.
Never pygame, nor ``play``, ``screens``, ``console``, ``app`` or ``commands``. A clinic of
several stations sharing one store would replace this room's opener, not its callers.
"""

from station.storage.assessments import (
    STOP_INTERRUPTED,
    STOP_NO_ANSWER,
    STOP_PAIN,
    TRIALS_PER_HAND,
    Assessment,
    HandResult,
    Trial,
    add_protocol_trial,
    add_trial,
    get_assessment,
    latest_results,
    logged_max,
    mark_assessment_stopped,
    newest_assessment,
    start_assessment,
    trial_trace,
    trials_of,
)
from station.storage.calibrations import (
    StoredCalibration,
    add_calibration,
    calibration_history,
    current_calibrations,
    import_calibration_file,
)
from station.storage.connection import Patience
from station.storage.db import (
    checkpoint,
    database_path,
    default_db_path,
    open_database,
    open_read_only,
)
from station.storage.erase import Erased, delete_player
from station.storage.errors import (
    CannotWriteNow,
    DatabaseBusy,
    DatabaseError,
    DiskFull,
    InvalidRecord,
    NotFound,
    ReadOnlyDatabase,
    StorageError,
)
from station.storage.faults import write_problem
from station.storage.history import (
    EXPORT_COLUMNS,
    SessionPeak,
    SessionSummary,
    export_rows,
    player_history,
)
from station.storage.owners import this_process_tag
from station.storage.pain_stops import PainStop, guest_pain_stops, pain_stops_of, record_pain_stop
from station.storage.players import (
    Player,
    add_player,
    clean_nickname,
    find_player,
    get_player,
    list_players,
    set_archived,
    update_player,
)
from station.storage.programs import (
    StoredProgram,
    current_program,
    get_program,
    save_program,
)
from station.storage.scores import personal_best, record_game_score
from station.storage.sessions import (
    Rep,
    TherapySession,
    close_interrupted_sessions,
    end_session,
    get_session,
    recent_reps,
    record_rep,
    rep_trace,
    session_reps,
    start_session,
)
from station.storage.therapist import (
    THERAPIST_IDLE_S,
    PinCheck,
    PinStatus,
    check_pin,
    clean_pin,
    has_pin,
    reset_pin,
    set_pin,
)
from station.storage.traces import Trace, decode_trace, encode_trace

__all__ = [
    "EXPORT_COLUMNS",
    "STOP_INTERRUPTED",
    "STOP_NO_ANSWER",
    "STOP_PAIN",
    "THERAPIST_IDLE_S",
    "TRIALS_PER_HAND",
    "Assessment",
    "CannotWriteNow",
    "DatabaseBusy",
    "DatabaseError",
    "DiskFull",
    "Erased",
    "HandResult",
    "InvalidRecord",
    "NotFound",
    "PainStop",
    "Patience",
    "PinCheck",
    "PinStatus",
    "Player",
    "ReadOnlyDatabase",
    "Rep",
    "SessionPeak",
    "SessionSummary",
    "StorageError",
    "StoredCalibration",
    "StoredProgram",
    "TherapySession",
    "Trace",
    "Trial",
    "add_calibration",
    "add_player",
    "add_protocol_trial",
    "add_trial",
    "calibration_history",
    "check_pin",
    "checkpoint",
    "clean_nickname",
    "clean_pin",
    "close_interrupted_sessions",
    "current_calibrations",
    "current_program",
    "database_path",
    "decode_trace",
    "default_db_path",
    "delete_player",
    "encode_trace",
    "end_session",
    "export_rows",
    "find_player",
    "get_assessment",
    "get_player",
    "get_program",
    "get_session",
    "guest_pain_stops",
    "has_pin",
    "import_calibration_file",
    "latest_results",
    "list_players",
    "logged_max",
    "mark_assessment_stopped",
    "newest_assessment",
    "open_database",
    "open_read_only",
    "pain_stops_of",
    "personal_best",
    "player_history",
    "recent_reps",
    "record_game_score",
    "record_pain_stop",
    "record_rep",
    "rep_trace",
    "reset_pin",
    "save_program",
    "session_reps",
    "set_archived",
    "set_pin",
    "start_assessment",
    "start_session",
    "this_process_tag",
    "trial_trace",
    "trials_of",
    "update_player",
    "write_problem",
]
