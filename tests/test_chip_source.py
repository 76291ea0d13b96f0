"""The sampler process and the app's view of it: samples, health, unplug and recovery.

These run the real process on the wall clock, so they wait for conditions with a
deadline instead of sleeping for fixed times.
"""

from __future__ import annotations

import os
import signal
import time
from collections import deque
from collections.abc import Callable

import pytest

from hardware.chip_source import ChipSource
from hardware.frames import SensorStatus
from hardware.hx711_emulator import Fault
from hardware.spec import DEFAULT_SPECS
from station.app.sensors import emulated_calibrations

pytestmark = pytest.mark.realtime


def wait_until(source: ChipSource, condition: Callable[[], bool], timeout_s: float) -> float:
    """Poll like a frame loop until the condition holds; return the seconds it took."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout_s:
            raise AssertionError(f"condition not met within {timeout_s} s: {source.health()}")
        source.poll()
        time.sleep(0.01)
    return time.monotonic() - started


@pytest.fixture
def chips():
    source = ChipSource(DEFAULT_SPECS, "emulated", emulated_calibrations(DEFAULT_SPECS))
    source.start()
    yield source
    source.close()


def ok(source: ChipSource, sensor: str = "grip") -> Callable[[], bool]:
    return lambda: source.health()[sensor].status is SensorStatus.OK


def test_forces_pushed_into_the_emulated_cells_come_back_in_newtons(chips: ChipSource) -> None:
    wait_until(chips, ok(chips), 15)
    chips.set_force("grip", 150.0)
    chips.set_force("pinch", 12.5)
    latest: dict[str, float] = {}

    def settled() -> bool:
        for sample in chips.poll():
            latest[sample.sensor] = sample.newtons
        return abs(latest.get("grip", 0) - 150) < 0.1 and abs(latest.get("pinch", 0) - 12.5) < 0.05

    wait_until(chips, settled, 5)


def test_samples_are_stamped_on_the_monotonic_clock_and_poll_never_blocks(
    chips: ChipSource,
) -> None:
    wait_until(chips, ok(chips), 15)
    slowest = 0.0
    stamps: list[int] = []
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline:
        before = time.perf_counter()
        samples = chips.poll()
        slowest = max(slowest, time.perf_counter() - before)
        stamps += [s.t_ns for s in samples if s.sensor == "grip"]
        time.sleep(0.016)
    now = time.monotonic_ns()
    assert stamps == sorted(stamps)
    assert 0 < now - stamps[-1] < 200_000_000
    assert 50 <= len(stamps) <= 90  # about 80 SPS, less what pre-emption drops
    assert slowest < 0.1  # a poll reads what is there and returns; it never waits a period


def test_an_unplugged_sensor_is_noticed_within_half_a_second_and_recovers(
    chips: ChipSource,
) -> None:
    wait_until(chips, lambda: ok(chips, "grip")() and ok(chips, "pinch")(), 15)
    chips.set_fault("grip", Fault.DOUT_STUCK_HIGH)
    noticed = wait_until(chips, lambda: chips.health()["grip"].status is SensorStatus.UNPLUGGED, 2)
    assert noticed < 0.5
    assert "cable" in chips.health()["grip"].detail
    assert chips.health()["pinch"].status is SensorStatus.OK  # the other one plays on
    chips.set_fault("grip", Fault.NONE)
    wait_until(chips, ok(chips), 2)


def test_a_shorted_data_line_is_reported_as_faulty(chips: ChipSource) -> None:
    wait_until(chips, ok(chips), 15)
    chips.set_fault("pinch", Fault.DOUT_STUCK_LOW)
    wait_until(chips, lambda: chips.health()["pinch"].status is SensorStatus.FAULTY, 2)
    assert "DOUT" in chips.health()["pinch"].detail
    assert chips.health()["pinch"].dropped_words > 0


def test_a_killed_sampler_is_restarted_and_samples_resume(chips: ChipSource) -> None:
    wait_until(chips, ok(chips), 15)
    first_pid = chips.sampler_pid
    assert first_pid is not None
    os.kill(first_pid, signal.SIGKILL)
    wait_until(chips, lambda: chips.health()["grip"].status is SensorStatus.UNPLUGGED, 2)
    wait_until(chips, lambda: chips.sampler_pid != first_pid and ok(chips)(), 20)
    assert chips.restarts == 1


def test_a_signal_to_the_whole_process_group_leaves_the_stopping_to_the_app(
    chips: ChipSource,
) -> None:
    """Ctrl-C in a terminal and ``systemctl stop`` signal every process: the sampler reads
    on until the app, having saved the visit, closes it."""
    wait_until(chips, ok(chips), 15)
    pid = chips.sampler_pid
    assert pid is not None
    os.kill(pid, signal.SIGINT)
    os.kill(pid, signal.SIGTERM)
    after: list[int] = []

    def kept_reading() -> bool:
        after.extend(1 for sample in chips.poll() if sample.sensor == "grip")
        return len(after) >= 40  # half a second more at 80 SPS: it did not die

    wait_until(chips, kept_reading, 10)
    assert chips.sampler_pid == pid and chips.restarts == 0


def test_close_stops_the_process() -> None:
    source = ChipSource(DEFAULT_SPECS, "emulated", emulated_calibrations(DEFAULT_SPECS))
    source.start()
    pid = source.sampler_pid
    source.close()
    source.close()  # twice is fine
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_real_chips_cannot_be_pushed_by_software() -> None:
    source = ChipSource(DEFAULT_SPECS, "real", emulated_calibrations(DEFAULT_SPECS))
    with pytest.raises(RuntimeError, match="real load cells"):
        source.set_force("grip", 10.0)


def test_a_sensor_without_calibration_is_refused_up_front() -> None:
    calibrations = emulated_calibrations(DEFAULT_SPECS)
    del calibrations["pinch"]
    with pytest.raises(ValueError, match="pinch"):
        ChipSource(DEFAULT_SPECS, "emulated", calibrations)


def test_one_bad_word_before_the_first_good_one_is_not_a_fault() -> None:
    from hardware.chip_source import _Tracker  # noqa: PLC0415
    from hardware.hx711 import WordProblem  # noqa: PLC0415
    from hardware.sampler import PROBLEMS, RawRecord, RecordKind  # noqa: PLC0415

    tracker = _Tracker(unplugged_after_ns=250_000_000)
    stretched = PROBLEMS.index(WordProblem.STRETCHED_PULSE)
    now = 10**9
    tracker.note(RawRecord(0, RecordKind.DROPPED, stretched, now, 0, 70_000), now)
    assert tracker.health(now, started_ns=now - 10**8, alive=True).status is SensorStatus.STARTING
    for k in range(1, 6):
        t = now + k * 12_500_000
        tracker.note(RawRecord(0, RecordKind.DROPPED, stretched, t, 0, 70_000), t)
    later = now + 80_000_000
    assert tracker.health(later, started_ns=now, alive=True).status is SensorStatus.FAULTY


def test_a_sensor_unplugged_at_start_up_is_shown_unplugged_not_starting() -> None:
    """The start-up grace (3 s) is for a sampler still importing; a chip the sampler
    has watched stay silent past its settling time is unplugged, and said so at once."""
    source = ChipSource(DEFAULT_SPECS, "emulated", emulated_calibrations(DEFAULT_SPECS))
    source.set_fault("pinch", Fault.DOUT_STUCK_HIGH)
    source.start()
    try:
        seen: list[SensorStatus] = []

        def pinch_unplugged() -> bool:
            status = source.health()["pinch"].status
            seen.append(status)
            return status is SensorStatus.UNPLUGGED

        took_s = wait_until(source, pinch_unplugged, timeout_s=10)
        assert took_s < 2.0, "well inside the 3 s start-up grace"
        assert SensorStatus.OK not in seen
        wait_until(source, ok(source, "grip"), timeout_s=10)
        source.set_fault("pinch", Fault.NONE)
        wait_until(source, ok(source, "pinch"), timeout_s=10)
    finally:
        source.close()


def test_a_silent_report_ends_the_grace_but_a_new_sampler_gets_it_again() -> None:
    from hardware.chip_source import _Tracker  # noqa: PLC0415
    from hardware.sampler import RawRecord, RecordKind  # noqa: PLC0415

    tracker = _Tracker(unplugged_after_ns=250_000_000)
    start = 10**9
    assert tracker.health(start + 10**8, start, alive=True).status is SensorStatus.STARTING
    tracker.note(RawRecord(0, RecordKind.SILENT, 0, start + 10**8, 0, 0), start + 10**8)
    assert tracker.health(start + 10**8, start, alive=True).status is SensorStatus.UNPLUGGED
    assert tracker.pulse_high_ns == deque(), "a silent report is not a word"


def test_the_sampler_does_not_run_the_apps_entry_script_again(tmp_path) -> None:
    """spawn re-imports ``__main__`` in the child; the sampler needs nothing from it."""
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    marker = tmp_path / "runs.txt"
    script = tmp_path / "entry.py"
    script.write_text(
        "import os, time\n"
        f"with open({str(marker)!r}, 'a') as out:\n"
        "    out.write(f'{os.getpid()}\\n')\n"
        "from hardware.chip_source import ChipSource\n"
        "from hardware.spec import DEFAULT_SPECS\n"
        "from station.app.sensors import emulated_calibrations\n"
        "if __name__ == '__main__':\n"
        "    source = ChipSource(DEFAULT_SPECS, 'emulated', emulated_calibrations(DEFAULT_SPECS))\n"
        "    source.start()\n"
        "    deadline = time.monotonic() + 20\n"
        "    while not source.poll() and time.monotonic() < deadline:\n"
        "        time.sleep(0.01)\n"
        "    source.close()\n"
    )
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    done = subprocess.run(
        [sys.executable, str(script)],
        cwd=root,
        env={**os.environ, "PYTHONPATH": root},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(marker.read_text().split()) == 1, "the entry script ran in the parent only"
