"""Recording files: strict loading with line-numbered errors, and reading values back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hardware import recordings
from hardware.recordings import (
    BUNDLED_DIR,
    COUNTS,
    NEWTONS,
    Recording,
    RecordingError,
    load_recording,
    open_recording,
)

BUNDLED = ("edraki_power_grip_tracking.csv", "edraki_pinch_grip_tracking.csv")
DEVICE = Path("/dev/null")


def write(tmp_path: Path, data: bytes, name: str = "trace.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "line", "phrase"),
    [
        (b"", 1, "empty"),
        (b"time,force\n0.0,1.0\n", 1, "header"),
        (b"t_s\n0.0\n", 1, "header"),
        (b"t_s,force_n\n", 1, "no samples"),
        (b"t_s,force_n\n\n\n", 3, "no samples"),
        (b"t_s,force_n\n0.0,1.0\n0.1,2.0,3.0\n", 3, "2 columns"),
        (b"t_s,force_n\n0.0,1.0\n0.1\n", 3, "2 columns"),
        (b"t_s,force_n\n0.0,1.0\n0.1,heavy\n", 3, "not a number"),
        (b"t_s,force_n\nzero,1.0\n", 2, "not a number"),
        (b"t_s,force_n\n0.0,nan\n", 2, "finite"),
        (b"t_s,force_n\n0.0,1.0\ninf,1.0\n", 3, "finite"),
        (b"t_s,force_n\n0.0,1.0\n0.2,1.0\n0.1,1.0\n", 4, "backwards"),
        (b"t_s,force_n\n0.0,1.0\n0.1,\xff\xfe\n", 3, "UTF-8"),
        (b"t_s,force_n\n0.0,1.0\n\x00\x01\x02\x03", 3, "binary"),
        (b"t_s,raw\n0.0,12.5\n", 2, "whole number"),
        (b"t_s,raw\n0.0,100\n0.0125,9000000\n", 3, "24-bit"),
        (b"t_s,force_n\n0.0,1.0\n1e300,2.0\n", 3, "out of range"),
        (b"t_s,force_n\n0.0," + b"1" * 5000 + b"\n", 2, "over 1000 characters"),
    ],
)
def test_a_malformed_file_is_rejected_with_its_name_and_line(tmp_path, data, line, phrase):
    path = write(tmp_path, data)
    with pytest.raises(RecordingError) as caught:
        load_recording(path)
    message = str(caught.value)
    assert str(path) in message
    assert f"line {line}:" in message
    assert phrase in message
    assert caught.value.line == line


@pytest.mark.parametrize("kind", ["missing", "a folder", "a device"])
def test_only_a_regular_file_is_read(tmp_path, kind):
    """/dev/zero would never end and a device or folder is no recording: say so, no line."""
    path = {"missing": tmp_path / "gone.csv", "a folder": tmp_path, "a device": DEVICE}[kind]
    if not path.exists() and kind != "missing":
        pytest.skip(f"no {path} here")
    for read in (load_recording, open_recording):
        with pytest.raises(RecordingError) as caught:
            read(path)
        assert caught.value.line is None
        assert str(caught.value).startswith(f"{path}: ")


def test_a_file_opened_for_replay_knows_its_timing_without_keeping_its_samples():
    path = BUNDLED_DIR / BUNDLED[0]
    streamed, loaded = open_recording(path), load_recording(path)
    assert (streamed.name, streamed.unit, streamed.samples) == (loaded.name, NEWTONS, 294)
    assert streamed.first_s == loaded.first_s
    assert streamed.duration_s == loaded.duration_s
    assert streamed.typical_gap_s == loaded.typical_gap_s == pytest.approx(0.011, abs=0.001)
    assert list(streamed.rows()) == list(loaded.rows())


@pytest.mark.parametrize(
    ("data", "line", "phrase"),
    [
        (b"t_s,force_n\n0.0,1.0\n", 2, "one sample"),
        (b"t_s,force_n\n3.0,1.0\n3.0,2.0\n\n", 3, "every sample is at 3 s"),
        (b"t_s,force_n\n0.0,1.0\n0.1,1.0\n3700.1,1.0\n", 4, "3700 s pass"),
    ],
)
def test_what_a_replay_cannot_play_is_refused_when_opened_for_one(tmp_path, data, line, phrase):
    """Loaded whole, these are fine to look at; played in real time, they would stall."""
    path = write(tmp_path, data)
    load_recording(path)
    with pytest.raises(RecordingError) as caught:
        open_recording(path)
    assert caught.value.line == line
    assert phrase in str(caught.value)


def test_a_raw_count_log_from_our_chips_loads_as_counts(tmp_path):
    path = write(tmp_path, b"t_s,raw\n0.0,-1200\n0.0125,85000\n0.0250,-8388608\n")
    rec = load_recording(path)
    assert rec.unit == COUNTS
    assert rec.values == (-1200.0, 85000.0, -8388608.0)
    assert rec.times_s == (0.0, 0.0125, 0.025)


def test_files_saved_by_spreadsheets_load(tmp_path):
    """A byte-order mark, CRLF line ends, padded cells and a trailing blank line are harmless."""
    data = "\ufefft_s, force_n\r\n0.0, 1.5\r\n0.5,2.5\r\n\r\n".encode()
    rec = load_recording(write(tmp_path, data, "excel.csv"))
    assert rec.name == "excel"
    assert rec.unit == NEWTONS
    assert rec.values == (1.5, 2.5)


def test_repeated_timestamps_are_allowed_and_read_without_dividing_by_zero(tmp_path):
    rec = load_recording(write(tmp_path, b"t_s,force_n\n0.0,1.0\n0.1,2.0\n0.1,3.0\n0.2,3.0\n"))
    assert rec.force_at(0.1) in (2.0, 3.0)
    assert rec.force_at(0.15) == pytest.approx(3.0)


def test_force_between_samples_is_interpolated_and_held_past_the_ends():
    rec = Recording("r", (1.0, 2.0, 4.0), (10.0, 20.0, 0.0), NEWTONS)
    assert rec.duration_s == 3.0
    assert rec.force_at(1.5) == pytest.approx(15.0)
    assert rec.force_at(3.0) == pytest.approx(10.0)
    assert rec.force_at(2.0) == pytest.approx(20.0)
    assert rec.force_at(0.0) == 10.0
    assert rec.force_at(99.0) == 0.0


def test_a_recording_without_samples_cannot_be_built():
    with pytest.raises(ValueError, match="at least one sample"):
        Recording("r", (), (), NEWTONS)


def _readme_table(readme: str) -> dict[str, tuple[int, float, float, float]]:
    """File → (samples, duration s, min N, max N) from the corpus README's summary table."""
    rows = re.findall(
        r"^\| `([^`]+\.csv)` \| (\d+) \| ([\d.]+) s \| [^|]+\| ([^|]+) N / ([^|]+) N \|$",
        readme,
        flags=re.MULTILINE,
    )

    def number(text: str) -> float:
        return float(text.strip().replace("\u2212", "-"))

    return {
        name: (int(samples), float(duration), number(low), number(high))
        for name, samples, duration, low, high in rows
    }


def test_every_corpus_recording_loads_as_its_readme_describes(recordings_dir):
    table = _readme_table((recordings_dir / "README.md").read_text(encoding="utf-8"))
    files = sorted(p.name for p in recordings_dir.glob("*.csv"))
    assert files, "the corpus folder holds no CSV files"
    assert sorted(table) == files
    for name, (samples, duration, low, high) in table.items():
        assert open_recording(recordings_dir / name).samples == samples, name  # replayable
        rec = load_recording(recordings_dir / name)
        assert rec.unit == NEWTONS
        assert len(rec.times_s) == samples, name
        assert rec.duration_s == pytest.approx(duration, abs=0.01), name
        assert min(rec.values) == pytest.approx(low, abs=0.05), name
        assert max(rec.values) == pytest.approx(high, abs=0.05), name


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_recordings_are_unchanged_copies_of_the_corpus(recordings_dir, name):
    assert (BUNDLED_DIR / name).read_bytes() == (recordings_dir / name).read_bytes()


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_recordings_load_and_are_credited(name):
    rec = load_recording(BUNDLED_DIR / name)
    assert len(rec.times_s) == 294
    credits = (BUNDLED_DIR / "CREDITS.md").read_text(encoding="utf-8")
    assert name in credits
    assert "MIT" in credits


def test_only_openly_licensed_recordings_are_bundled():
    assert sorted(p.name for p in BUNDLED_DIR.glob("*.csv")) == sorted(BUNDLED)


def test_a_file_still_being_written_while_it_is_checked_is_refused(tmp_path, monkeypatch):
    """A log that grows as fast as it is read would keep the check going for ever, and
    its new lines would play unchecked: refused soon, not replayed."""
    path = write(tmp_path, b"t_s,force_n\n0.0,1.0\n0.0125,2.0\n")
    check_rows = recordings._samples

    def rows_while_the_sampler_logs(*args):
        with path.open("a", encoding="utf-8") as log:
            for number, sample in enumerate(check_rows(*args), start=2):
                log.write(f"{number / 80:.4f},3.0\n")
                log.flush()
                yield sample

    monkeypatch.setattr(recordings, "_samples", rows_while_the_sampler_logs)
    with pytest.raises(RecordingError, match="changed while it was checked") as caught:
        open_recording(path)
    assert caught.value.line is None
    assert path.stat().st_size < 1_000_000


def rows_at(gaps_s: list[float], repeat: int) -> bytes:
    """A ``t_s,force_n`` file whose gaps between rows follow ``gaps_s`` round and round."""
    times, t_s = [0.0], 0.0
    for i in range(repeat * len(gaps_s)):
        t_s += gaps_s[i % len(gaps_s)]
        times.append(t_s)
    return ("t_s,force_n\n" + "".join(f"{t:.9f},1.0\n" for t in times)).encode()


@pytest.mark.parametrize(
    "gaps_s",
    [
        [0.0005],  # 2 kHz: the fastest pace accepted
        [0.0, 0.02],  # host timestamps: two rows logged together, then a wait
        [0.0001, 0.0001, 0.0125, 0.0125, 0.0125],  # bursts of a USB buffer at 80 Hz
    ],
)
def test_a_fast_or_jittery_but_real_pace_is_accepted(tmp_path, gaps_s):
    path = write(tmp_path, rows_at(gaps_s, 3000 // len(gaps_s)))
    assert open_recording(path).samples == load_recording(path).samples > 3000


@pytest.mark.parametrize(("gaps_s", "rows"), [([0.0004], 3000), ([1e-9], 1), ([0.0, 0.0, 1.0], 1)])
def test_rows_faster_than_any_load_cell_name_the_line_and_the_rate(tmp_path, gaps_s, rows):
    path = write(tmp_path, rows_at(gaps_s, rows))
    for read in (load_recording, open_recording):
        with pytest.raises(RecordingError) as caught:
            read(path)
        assert caught.value.line == min(1 + len(gaps_s) * rows + 1, 1002)
        assert "no load cell is read faster than 2000 Hz" in str(caught.value)
    if gaps_s == [0.0004]:
        assert "a rate of 2500 Hz" in str(caught.value)


def test_a_trace_in_memory_faster_than_any_load_cell_cannot_be_built():
    """A replay of it would read every row of a lap thousands of times a second."""
    with pytest.raises(ValueError, match=r"samples 1-1001.*1e\+09 Hz"):
        Recording("dense", tuple(i * 1e-9 for i in range(200_000)), (0.0,) * 200_000, NEWTONS)


def test_a_force_no_load_cell_can_give_is_refused_with_its_line(tmp_path):
    path = write(tmp_path, b"t_s,force_n\n0.0,1.0\n0.1,100000\n0.2,-100001\n")
    for read in (load_recording, open_recording):
        with pytest.raises(RecordingError) as caught:
            read(path)
        assert caught.value.line == 4 and "-100001 N is beyond any load cell" in str(caught.value)
