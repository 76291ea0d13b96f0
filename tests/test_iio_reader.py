"""The kernel's HX711 driver as a reader, against a sysfs tree laid out as the kernel's is.

The fake tree is the only stand-in. It has what Linux shows for the overlay's two nodes:
``/sys/bus/iio/devices/iio:deviceN`` links into ``/sys/devices/platform/<node>/``, where
the IIO core puts ``name``, ``label``, the raw and scale attributes and an ``of_node``
link to ``/sys/firmware/devicetree/base/<node>``, whose files are the raw DT properties.

Failures come from the real kernel, not from a patched function: a read that fails
with EIO is a link to ``/proc/self/mem`` (reading its unmapped first page gives EIO,
as the driver does for an unplugged chip); permission problems are links to real sysfs
attributes that kernfs refuses to open that way, even for root; a chip that has not
converted yet is a named pipe that blocks the read until the test writes a word.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import re
import shutil
import struct
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from multiprocessing.synchronize import Event
from pathlib import Path

import pytest

from hardware.calibration import default_calibration
from hardware.chip_source import ChipSource
from hardware.frames import SensorStatus
from hardware.hx711 import WordProblem
from hardware.iio import (
    IioAccessDenied,
    IioChip,
    IioDeviceMissing,
    IioError,
    IioReadFailed,
    iio_chips_answering,
    run_kernel_sampler,
)
from hardware.sampler import RECORD, RawRecord, RecordKind
from hardware.spec import DEFAULT_SPECS, ChannelGain, SensorSpec

ROOT = Path(__file__).resolve().parents[1]
OVERLAY = ROOT / "systemd" / "overlay" / "grip-station-hx711.dts"
GRIP, PINCH = DEFAULT_SPECS
ZERO = 0x800000
"""The driver reports offset binary: this is zero counts."""
SCALES_A = "0.000001536 0.000003072 \n"
"""in_voltage0_scale_available at AVDD 3.3 V: gain 128, then 64, as the driver prints it."""
SCALE_128 = "0.000001536"
SCALE_64 = "0.000003072"
EIO_FILE = Path("/proc/self/mem")
WRITE_ONLY_ATTRIBUTE = Path("/sys/bus/platform/drivers_probe")
READ_ONLY_ATTRIBUTE = Path("/sys/devices/system/cpu/online")
GPIO_PHANDLE = 0x1B


class FakeSysfs:
    """A /sys with HX711 IIO devices, built the way the kernel builds it."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.root = base / "bus" / "iio" / "devices"
        self.root.mkdir(parents=True)

    def add(
        self,
        index: int,
        label: str,
        pins: tuple[int, int],
        *,
        raw: int = ZERO,
        iio_label: bool = True,
        driver: str = "hx711",
    ) -> Path:
        """One ``iio:deviceN``; ``iio_label=False`` is a kernel older than 5.8."""
        node = self.base / "firmware" / "devicetree" / "base" / f"{label}-{driver}"
        node.mkdir(parents=True)
        properties = {
            "name": f"{label}-{driver}\0".encode(),
            "compatible": b"avia,hx711\0" if driver == "hx711" else b"bosch,bme680\0",
            "label": f"{label}\0".encode(),
            "dout-gpios": struct.pack(">3I", GPIO_PHANDLE, pins[0], 16),
            "sck-gpios": struct.pack(">3I", GPIO_PHANDLE, pins[1], 0),
            "avdd-supply": struct.pack(">I", 0x80),
            "status": b"okay\0",
        }
        for name, value in properties.items():
            (node / name).write_bytes(value)
        device = self.base / "devices" / "platform" / f"{label}-{driver}" / f"iio:device{index}"
        device.mkdir(parents=True)
        attributes = {
            "name": f"{driver}\n",
            "dev": f"241:{index}\n",
            "in_voltage0_raw": f"{raw}\n",
            "in_voltage1_raw": f"{raw}\n",
            "in_voltage_scale": f"{SCALE_128}\n",
            "in_voltage0_scale_available": SCALES_A,
            "in_voltage1_scale_available": "0.000006145 \n",
            "current_timestamp_clock": "realtime\n",
        }
        if iio_label:
            attributes["label"] = f"{label}\n"
        for name, text in attributes.items():
            (device / name).write_text(text)
        for folder in ("buffer", "scan_elements", "trigger", "power"):
            (device / folder).mkdir()
        (device / "of_node").symlink_to(os.path.relpath(node, device))
        (self.root / f"iio:device{index}").symlink_to(os.path.relpath(device, self.root))
        return device

    def standard_pair(self) -> tuple[Path, Path]:
        return self.add(0, "grip", (5, 6)), self.add(1, "pinch", (13, 19))


@pytest.fixture
def sysfs(tmp_path: Path) -> FakeSysfs:
    return FakeSysfs(tmp_path / "sys")


def replace_with_link(path: Path, target: Path) -> None:
    if not target.exists():
        pytest.skip(f"{target} is not on this system")
    path.unlink()
    path.symlink_to(target)


def spec(name: str = "grip", gain: ChannelGain = ChannelGain.A128) -> SensorSpec:
    base = GRIP if name == "grip" else PINCH
    return SensorSpec(name, base.dout_pin, base.sck_pin, channel_gain=gain)


# --- finding each chip -------------------------------------------------------------------


def test_each_sensor_finds_its_own_device(sysfs: FakeSysfs) -> None:
    pinch = sysfs.add(0, "pinch", (13, 19), iio_label=False)  # label only in the DT node
    sysfs.add(1, "grip", (20, 21), driver="bme680")  # another IIO chip, labelled alike
    grip = sysfs.add(2, "grip", (5, 6))
    (sysfs.root / "trigger0").mkdir()
    assert IioChip.find(GRIP, sysfs.root).path == sysfs.root / grip.name
    assert IioChip.find(PINCH, sysfs.root).path == sysfs.root / pinch.name


def test_a_missing_device_says_how_to_install_the_overlay(sysfs: FakeSysfs) -> None:
    sysfs.add(0, "pinch", (13, 19))
    with pytest.raises(IioDeviceMissing) as raised:
        IioChip.find(GRIP, sysfs.root)
    message = str(raised.value)
    assert "no IIO HX711 device named 'grip'" in message
    assert "install.sh --kernel-driver and reboot" in message
    assert "'pinch'" in message  # what is there instead


def test_without_any_iio_device_the_message_is_the_same(tmp_path: Path) -> None:
    with pytest.raises(IioDeviceMissing, match=r"install\.sh --kernel-driver"):
        IioChip.find(GRIP, tmp_path / "sys" / "bus" / "iio" / "devices")


def test_overlay_pins_that_differ_from_the_config_are_refused(sysfs: FakeSysfs) -> None:
    sysfs.add(0, "grip", (23, 24))
    with pytest.raises(IioError, match="make them agree") as raised:
        IioChip.find(GRIP, sysfs.root)
    assert "GPIO23" in str(raised.value) and "GPIO5" in str(raised.value)


# --- gain and counts ---------------------------------------------------------------------


def test_gain_64_writes_the_larger_scale(sysfs: FakeSysfs) -> None:
    device, _ = sysfs.standard_pair()
    IioChip.find(spec(gain=ChannelGain.A64), sysfs.root).select_gain()
    assert (device / "in_voltage_scale").read_text() == SCALE_64


def test_gain_128_is_written_back_when_the_chip_is_at_64(sysfs: FakeSysfs) -> None:
    device, _ = sysfs.standard_pair()
    (device / "in_voltage_scale").write_text(f"{SCALE_64}\n")
    IioChip.find(GRIP, sysfs.root).select_gain()
    assert (device / "in_voltage_scale").read_text() == SCALE_128


@pytest.mark.parametrize("gain", [ChannelGain.A128, ChannelGain.B32])
def test_the_drivers_own_selection_needs_no_write(sysfs: FakeSysfs, gain: ChannelGain) -> None:
    """A128 is the driver's default and reading channel B selects B32: /sys may be read-only."""
    device, _ = sysfs.standard_pair()
    before = (device / "in_voltage_scale").stat().st_mtime_ns
    chip = IioChip.find(spec(gain=gain), sysfs.root)
    chip.select_gain()
    assert (device / "in_voltage_scale").stat().st_mtime_ns == before
    assert chip.raw_path.name == (
        "in_voltage1_raw" if gain is ChannelGain.B32 else "in_voltage0_raw"
    )


@pytest.mark.parametrize(
    ("raw", "counts", "problem"),
    [
        (ZERO, 0, None),
        (ZERO + 5000, 5000, None),
        (ZERO - 1234, -1234, None),
        (ZERO + 0x7FFFFE, 0x7FFFFE, None),
        (0x000000, None, WordProblem.SATURATED_LOW),  # the chip sent 0x800000
        (0xFFFFFF, None, WordProblem.SATURATED_HIGH),  # the chip sent 0x7FFFFF
        (0x7FFFFF, -1, None),  # the chip sent all ones: -1, a sensor at rest
    ],
)
def test_raw_values_become_signed_counts_and_bad_words_are_named(
    sysfs: FakeSysfs, raw: int, counts: int | None, problem: WordProblem | None
) -> None:
    sysfs.add(0, "grip", (5, 6), raw=raw)
    before = time.monotonic_ns()
    conversion = IioChip.find(GRIP, sysfs.root).read()
    assert conversion.problem is problem
    if counts is not None:
        assert conversion.counts == counts
    assert before <= conversion.ready_ns <= time.monotonic_ns()


def test_a_value_that_is_not_a_word_is_a_failed_read(sysfs: FakeSysfs) -> None:
    device = sysfs.add(0, "grip", (5, 6))
    (device / "in_voltage0_raw").write_text("16777216\n")
    with pytest.raises(IioReadFailed, match="24-bit"):
        IioChip.find(GRIP, sysfs.root).read()


# --- failures the kernel reports -----------------------------------------------------------


def test_an_eio_read_says_the_sensor_is_unplugged(sysfs: FakeSysfs) -> None:
    device, _ = sysfs.standard_pair()
    replace_with_link(device / "in_voltage0_raw", EIO_FILE)
    with pytest.raises(IioReadFailed, match="unplugged or unpowered"):
        IioChip.find(GRIP, sysfs.root).read()


def test_an_unreadable_raw_file_asks_for_read_access(sysfs: FakeSysfs) -> None:
    device, _ = sysfs.standard_pair()
    replace_with_link(device / "in_voltage0_raw", WRITE_ONLY_ATTRIBUTE)
    with pytest.raises(IioAccessDenied, match="needs read access"):
        IioChip.find(GRIP, sysfs.root).read()


def test_a_gain_that_cannot_be_written_names_the_ways_out(sysfs: FakeSysfs) -> None:
    device, _ = sysfs.standard_pair()
    replace_with_link(device / "in_voltage_scale", READ_ONLY_ATTRIBUTE)
    with pytest.raises(IioAccessDenied) as raised:
        IioChip.find(spec(gain=ChannelGain.A64), sysfs.root).select_gain()
    assert 'channel_gain = "A128"' in str(raised.value)
    assert "udev" in str(raised.value)


def test_the_probe_reports_each_chip(sysfs: FakeSysfs) -> None:
    _, pinch = sysfs.standard_pair()
    replace_with_link(pinch / "in_voltage0_raw", EIO_FILE)
    answers = iio_chips_answering(DEFAULT_SPECS, root=sysfs.root)
    assert answers["grip"] is None
    assert isinstance(answers["pinch"], IioReadFailed)


# --- the sampler -------------------------------------------------------------------------


@contextmanager
def sampler(sysfs: FakeSysfs, specs: tuple[SensorSpec, ...] = DEFAULT_SPECS) -> Iterator[Probe]:
    receiver, sender = mp.Pipe(duplex=False)
    stop = mp.get_context("spawn").Event()
    thread = threading.Thread(
        target=run_kernel_sampler, args=(specs, sender, stop), kwargs={"root": sysfs.root}
    )
    thread.start()
    probe = Probe(receiver, stop, thread)
    try:
        yield probe
    finally:
        probe.stop()
        receiver.close()
        sender.close()


class Probe:
    """The app's end of the sampler pipe."""

    def __init__(self, receiver, stop, thread: threading.Thread) -> None:
        self.fd = receiver.fileno()
        os.set_blocking(self.fd, False)
        self.stop_event = stop
        self.thread = thread
        self.records: list[RawRecord] = []

    def collect(self, seconds: float) -> list[RawRecord]:
        end = time.monotonic() + seconds
        data = b""
        while time.monotonic() < end:
            try:
                data += os.read(self.fd, 65536)
            except BlockingIOError:
                time.sleep(0.005)
        self.records += RawRecord.unpack_many(data)
        return self.records

    def stop(self) -> float:
        """Set the flag; how long the sampler took to return."""
        started = time.monotonic()
        self.stop_event.set()
        self.thread.join(timeout=5)
        assert not self.thread.is_alive()
        return time.monotonic() - started


def test_records_carry_each_sensors_index_and_counts_at_the_chips_rate(sysfs: FakeSysfs) -> None:
    grip, pinch = sysfs.standard_pair()
    (grip / "in_voltage0_raw").write_text(f"{ZERO + 4321}\n")
    (pinch / "in_voltage0_raw").write_text(f"{ZERO - 765}\n")
    started = time.monotonic_ns()
    with sampler(sysfs) as probe:
        records = probe.collect(0.5)
        assert probe.stop() < 0.1
    by_sensor = {index: [r for r in records if r.sensor_index == index] for index in (0, 1)}
    assert {r.value for r in by_sensor[0]} == {4321}
    assert {r.value for r in by_sensor[1]} == {-765}
    assert all(r.kind is RecordKind.SAMPLE for r in records)
    assert all(started < r.seen_ns < time.monotonic_ns() for r in records)
    for index in (0, 1):  # paced to 80 SPS: not a read loop as fast as files allow
        assert 20 <= len(by_sensor[index]) <= 60
        stamps = [r.seen_ns for r in by_sensor[index]]
        assert stamps == sorted(stamps)


def test_a_bad_word_is_sent_as_a_dropped_record(sysfs: FakeSysfs) -> None:
    sysfs.add(0, "grip", (5, 6), raw=0xFFFFFF)  # the chip sent 0x7FFFFF: overload
    with sampler(sysfs, (GRIP,)) as probe:
        records = probe.collect(0.1)
    assert records and all(r.kind is RecordKind.DROPPED for r in records)
    assert records[0].problem is WordProblem.SATURATED_HIGH


def test_a_dead_chip_is_silent_and_not_polled_hard_and_the_other_keeps_going(
    sysfs: FakeSysfs,
) -> None:
    grip, _ = sysfs.standard_pair()
    replace_with_link(grip / "in_voltage0_raw", EIO_FILE)
    cpu_before = time.process_time()
    with sampler(sysfs) as probe:
        records = probe.collect(0.6)
    assert time.process_time() - cpu_before < 0.3  # a spinning retry would use all 0.6 s
    assert records and {r.sensor_index for r in records} == {1}


def test_a_missing_device_leaves_only_that_sensor_silent(sysfs: FakeSysfs) -> None:
    sysfs.add(0, "pinch", (13, 19), raw=ZERO + 9)
    with sampler(sysfs) as probe:
        records = probe.collect(0.2)
    assert records and {(r.sensor_index, r.value) for r in records} == {(1, 9)}


def test_a_read_that_blocks_is_answered_and_does_not_delay_stop(sysfs: FakeSysfs) -> None:
    grip, _ = sysfs.standard_pair()
    fifo = grip / "in_voltage0_raw"
    fifo.unlink()
    os.mkfifo(fifo)
    chip = os.open(fifo, os.O_RDWR)  # the "chip": holds the pipe open, answers when told
    try:
        with sampler(sysfs) as probe:
            assert 0 not in {r.sensor_index for r in probe.collect(0.2)}
            os.write(chip, f"{ZERO + 77}\n".encode())
            grip_records = [r for r in probe.collect(0.1) if r.sensor_index == 0]
            assert [r.value for r in grip_records] == [77]
            assert probe.stop() < 0.1  # the grip thread is inside a read that never returns
    finally:
        os.close(chip)


def test_after_a_read_slow_enough_for_the_driver_to_reset_the_chip_the_gain_is_set_again(
    sysfs: FakeSysfs,
) -> None:
    grip, _ = sysfs.standard_pair()
    scale = grip / "in_voltage_scale"
    fifo = grip / "in_voltage0_raw"
    fifo.unlink()
    os.mkfifo(fifo)
    chip = os.open(fifo, os.O_RDWR)
    try:
        with sampler(sysfs, (spec(gain=ChannelGain.A64),)) as probe:
            probe.collect(0.1)
            assert scale.read_text() == SCALE_64
            scale.write_text(f"{SCALE_128}\n")  # the driver power-cycled the silent chip
            time.sleep(1.1)
            os.write(chip, f"{ZERO + 5}\n".encode())
            assert [r.value for r in probe.collect(0.2)] == [5]
            assert scale.read_text() == SCALE_64
    finally:
        os.close(chip)


def spawned_sampler(sysfs: FakeSysfs) -> tuple[BaseProcess, Connection, Event]:
    """The kernel sampler in a spawned process, as the chip source starts it: the process,
    the app's end of its pipe, and its stop flag."""
    sysfs.standard_pair()
    context = mp.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    stop = context.Event()
    process = context.Process(
        target=run_kernel_sampler,
        args=(DEFAULT_SPECS, sender, stop),
        kwargs={"root": sysfs.root},
        daemon=True,
    )
    process.start()
    sender.close()
    return process, receiver, stop


def test_it_runs_in_a_spawned_process_as_the_chip_source_will_start_it(sysfs: FakeSysfs) -> None:
    process, receiver, stop = spawned_sampler(sysfs)
    try:
        assert receiver.poll(timeout=20)
        record = RawRecord.unpack_many(os.read(receiver.fileno(), RECORD.size))[0]
        assert record.kind is RecordKind.SAMPLE and record.value == 0
    finally:
        stop.set()
        process.join(timeout=5)
        receiver.close()
    assert process.exitcode == 0


# --- the device-tree overlay ---------------------------------------------------------------


def dts_node(dts: str, name: str) -> dict[str, str]:
    """The properties of a node without children, as ``dtc -O dts`` prints them."""
    block = re.search(rf"\n\s*{re.escape(name)} {{\n(.*?)\n\s*}};", dts, re.DOTALL)
    assert block, f"no node {name} in the overlay"
    return dict(re.findall(r"^\s*([\w,#-]+)(?: = (.*?))?;$", block.group(1), re.MULTILINE))


@pytest.mark.skipif(
    shutil.which("dtc") is None, reason="dtc not installed (apt: device-tree-compiler)"
)
def test_the_overlay_compiles_and_puts_both_chips_on_the_readme_pins(tmp_path: Path) -> None:
    dtbo = tmp_path / "grip-station-hx711.dtbo"
    subprocess.run(
        ["dtc", "-@", "-q", "-I", "dts", "-O", "dtb", "-o", str(dtbo), str(OVERLAY)], check=True
    )
    dts = subprocess.run(
        ["dtc", "-q", "-I", "dtb", "-O", "dts", str(dtbo)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert '"brcm,bcm2835' in dts
    regulator = dts_node(dts, "grip-station-hx711-avdd")
    assert regulator["regulator-min-microvolt"] == regulator["regulator-max-microvolt"]
    assert int(regulator["regulator-min-microvolt"].strip("<>"), 16) == 3_300_000
    for sensor in DEFAULT_SPECS:
        node = dts_node(dts, f"{sensor.name}-hx711")
        assert node["compatible"] == '"avia,hx711"'
        assert node["label"] == f'"{sensor.name}"'
        assert "avdd-supply" in node
        dout = [int(cell, 16) for cell in node["dout-gpios"].strip("<>").split()]
        sck = [int(cell, 16) for cell in node["sck-gpios"].strip("<>").split()]
        assert (dout[1], sck[1]) == (sensor.dout_pin, sensor.sck_pin)
        fixups = re.search(r"__fixups__ {\s*gpio = (.*?);", dts, re.DOTALL)
        assert fixups and f"{sensor.name}-hx711:dout-gpios:0" in fixups.group(1)
        assert f"{sensor.name}_dout = " in dts and f"{sensor.name}_sck = " in dts


def test_the_chip_source_reads_the_kernel_driver_and_judges_each_sensor(sysfs: FakeSysfs) -> None:
    grip, pinch = sysfs.standard_pair()
    replace_with_link(pinch / "in_voltage0_raw", EIO_FILE)
    (grip / "in_voltage0_raw").write_text(f"{ZERO + 42_000}\n")
    calibrations = {s.name: default_calibration(s.name, 1000.0) for s in DEFAULT_SPECS}
    source = ChipSource(DEFAULT_SPECS, "kernel", calibrations, iio_root=sysfs.root)
    source.start()
    try:
        deadline = time.monotonic() + 20
        samples = []
        while time.monotonic() < deadline:
            samples += source.poll()
            health = source.health()
            if samples and health["pinch"].status is SensorStatus.UNPLUGGED:
                break
            time.sleep(0.02)
        assert health["grip"].status is SensorStatus.OK
        assert health["pinch"].status is SensorStatus.UNPLUGGED
        assert {s.sensor for s in samples} == {"grip"}
        assert samples[-1].newtons == pytest.approx(42.0)
    finally:
        source.close()
    assert source.description == "HX711 load cells (the kernel's hx711 driver)"


def test_the_kernel_sampler_ends_when_the_app_closes_its_pipe(sysfs: FakeSysfs) -> None:
    """As when the app is SIGKILLed: no stop flag is ever set, and no sampler lives on."""
    process, receiver, _stop = spawned_sampler(sysfs)
    try:
        assert receiver.poll(timeout=20), "the sampler sent nothing"
        receiver.close()
        process.join(timeout=10)
        assert process.exitcode == 0, "it ended by itself"
    finally:
        process.kill()
