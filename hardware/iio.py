"""The Linux kernel's own HX711 driver (IIO) as a second reader, beside the bit-banged one.

``drivers/iio/adc/hx711.c`` clocks PD_SCK with interrupts off, so no pulse is stretched
and no word is lost to pre-emption. It needs ``systemd/overlay/grip-station-hx711.dts``,
whose nodes carry ``label = "grip"`` / ``"pinch"``: the IIO core shows that label in
``iio:deviceN/label`` (and the node itself behind ``iio:deviceN/of_node``).

What the driver does, and so what this module relies on:
- reading ``in_voltage0_raw`` (channel A) or ``in_voltage1_raw`` (channel B) blocks until
  the chip has a conversion, looking at DOUT every 10 ms; a chip that never answers is
  power-cycled, and after about 2 s the read fails with EIO;
- the value is offset binary (the driver flips the sign bit), so 0x800000 is zero;
- channel A's gain is chosen by writing one of ``in_voltage0_scale_available`` (gain
  128, then 64) to ``in_voltage_scale``; reading channel B selects gain 32 by itself.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import struct
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event
from pathlib import Path

from hardware.bit_slips import SlipGuard
from hardware.hx711 import BAD_WORDS, Conversion, WordProblem
from hardware.sampler import PROBLEMS, RawRecord, RecordKind
from hardware.spec import ChannelGain, SensorSpec

IIO_DEVICES = Path("/sys/bus/iio/devices")
DRIVER_NAME = "hx711"
SIGN_FLIP = 0x800000
"""The driver XORs the chip's two's-complement word with this before reporting it."""
READ_EARLY_NS = 1_000_000
"""Each chip is read no faster than it converts, less this margin for a chip that runs a
little fast. A read that finds no word waits in the driver anyway, so this costs no
samples; it keeps a thread from spinning when DOUT is stuck low and every read answers."""
DRIVER_RESET_AFTER_NS = 1_000_000_000
"""The driver power-cycles a chip that gave no word for about this long (100 x 10 ms
polls), and the chip comes back at A-128: a read that slow is followed by the gain again."""
RETRY_AFTER_S = 0.5
"""Pause after a failed read or a missing device; the kernel has already waited ~2 s."""
STOP_GRACE_S = 0.03
"""How long the sampler waits for its reading threads once told to stop."""
PARENT_CHECK_S = 0.1
"""How often the kernel sampler looks whether the app is still there."""
INSTALL_HINT = "add the overlay with install.sh --kernel-driver and reboot"

_log = logging.getLogger(__name__)
_ACCESS_ERRNOS = (errno.EACCES, errno.EPERM, errno.EROFS)


class IioError(RuntimeError):
    """The kernel reader cannot use a chip; the message says what a maintainer should do."""


class IioDeviceMissing(IioError):
    """No IIO device carries the sensor's label: the overlay or the driver is missing."""


class IioAccessDenied(IioError):
    """The station's user may not read (or, for a gain, write) the chip's sysfs files."""


class IioReadFailed(IioError):
    """The driver gave no word: the sensor is unplugged or unpowered (EIO)."""


@dataclass(frozen=True, slots=True)
class IioChip:
    """One HX711 as the kernel shows it: an ``iio:deviceN`` folder in sysfs."""

    spec: SensorSpec
    path: Path

    @classmethod
    def find(cls, spec: SensorSpec, root: Path = IIO_DEVICES) -> IioChip:
        """The HX711 device labelled with the sensor's name, checked against its pins."""
        labels = []
        for device in _devices(root):
            if _property(device / "name") != DRIVER_NAME:
                continue
            label = _property(device / "label") or _property(device / "of_node" / "label")
            if label == spec.name:
                chip = cls(spec, device)
                chip._check_pins()
                return chip
            labels.append(repr(label or device.name))
        seen = f" (HX711 devices there: {', '.join(labels)})" if labels else ""
        raise IioDeviceMissing(
            f"no IIO HX711 device named {spec.name!r} in {root}{seen}: {INSTALL_HINT} "
            "(the kernel also needs its hx711 module: check 'modinfo hx711' and "
            "'dmesg | grep -i hx711')"
        )

    @property
    def raw_path(self) -> Path:
        return self.path / f"in_voltage{1 if self.spec.channel_gain.channel == 'B' else 0}_raw"

    def select_gain(self) -> None:
        """Write channel A's scale for the spec's gain, only if the chip is not set to it.

        Only a change needs write access: the driver starts at A-128 and reading channel B
        selects B-32, so the usual settings work from a read-only /sys.
        """
        gain = self.spec.channel_gain
        if gain.channel == "B":
            return
        scales = sorted(_read(self.path / "in_voltage0_scale_available").split(), key=float)
        wanted = scales[0] if gain is ChannelGain.A128 else scales[-1]  # smaller step: more gain
        scale_path = self.path / "in_voltage_scale"
        if _read(scale_path).strip() == wanted:
            return
        try:
            _write(scale_path, wanted)
        except IioReadFailed:
            # The driver records the gain before it reads the chip to apply it; that read
            # fails if no conversion is waiting, and a second write then just succeeds.
            _write(scale_path, wanted)

    def read(self) -> Conversion:
        """The next conversion, stamped when the kernel handed it over. Blocks up to ~2 s."""
        text = _read(self.raw_path)
        done_ns = time.monotonic_ns()
        try:
            value = int(text)
        except ValueError:
            raise IioReadFailed(f"{self.raw_path} held {text!r}, not a number") from None
        if not 0 <= value < 1 << 24:
            raise IioReadFailed(f"{self.raw_path} held {value}, not a 24-bit word")
        word = value ^ SIGN_FLIP
        return Conversion(word, done_ns, done_ns, 0, BAD_WORDS.get(word))

    def _check_pins(self) -> None:
        """The overlay, not the config file, decides the pins: refuse when the two disagree."""
        node = self.path / "of_node"
        pins = [_gpio_of(node / f"{line}-gpios") for line in ("dout", "sck")]
        wanted = [self.spec.dout_pin, self.spec.sck_pin]
        if None in pins or pins == wanted:
            return
        name = self.spec.name
        raise IioError(
            f"the overlay puts {name} on DOUT GPIO{pins[0]} / PD_SCK GPIO{pins[1]}, the config "
            f"file on GPIO{wanted[0]} / GPIO{wanted[1]}: make them agree (config.toml, or "
            f"dtoverlay=grip-station-hx711,{name}_dout=N,{name}_sck=N in config.txt)"
        )


def iio_chips_answering(
    specs: tuple[SensorSpec, ...], *, root: Path = IIO_DEVICES
) -> dict[str, IioError | None]:
    """Find, set up and read each chip once, side by side: None for a chip that answered.

    The chips are asked in parallel because the driver takes ~2 s to give up on one.
    """

    def answer(spec: SensorSpec) -> IioError | None:
        try:
            chip = IioChip.find(spec, root)
            chip.select_gain()
            chip.read()
        except IioError as exc:
            return exc
        return None

    with ThreadPoolExecutor(max_workers=max(1, len(specs))) as pool:
        return dict(zip((spec.name for spec in specs), pool.map(answer, specs), strict=True))


def run_kernel_sampler(
    specs: tuple[SensorSpec, ...],
    out: Connection,
    stop: Event,
    *,
    root: Path = IIO_DEVICES,
) -> None:
    """The sampler process's main function when the kernel reads the chips.

    Writes the same records as ``run_sampler``, and like it ends when the app is gone (its
    pipe closed, or this process handed to another parent). A sysfs read blocks until a
    conversion is ready, so each chip has its own thread; one record is one atomic write.
    """
    parent = os.getppid()
    fd = out.fileno()
    os.set_blocking(fd, False)
    threads = [
        threading.Thread(
            target=_read_chip, args=(index, spec, fd, stop, root), name=spec.name, daemon=True
        )
        for index, spec in enumerate(specs)
    ]
    for thread in threads:
        thread.start()
    while not stop.wait(PARENT_CHECK_S):
        if os.getppid() != parent or not any(thread.is_alive() for thread in threads):
            break
    stop.set()  # the threads still reading stop before their next write
    # A thread inside a kernel read cannot be interrupted; it is a daemon and checks the
    # flag before it writes, so the process may end without it.
    deadline = time.monotonic() + STOP_GRACE_S
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))


def _read_chip(index: int, spec: SensorSpec, fd: int, stop: Event, root: Path) -> None:
    """Read one chip until told to stop. Failures are logged once and leave it silent."""
    chip: IioChip | None = None
    slips = SlipGuard()
    reported = ""
    next_read_ns = 0
    while not stop.is_set():
        pause_s = (next_read_ns - time.monotonic_ns()) / 1e9
        if pause_s > 0 and stop.wait(pause_s):
            return
        started_ns = time.monotonic_ns()
        try:
            if chip is None:
                chip = IioChip.find(spec, root)
                chip.select_gain()
                slips.forget()
            conversion = chip.read()
        except IioError as exc:
            if str(exc) != reported:
                _log.warning("%s", exc)
                reported = str(exc)
            chip = None  # look again, and apply the gain again: the chip may have been reset
            stop.wait(RETRY_AFTER_S)
            continue
        if stop.is_set():
            return
        if conversion.done_ns - started_ns > DRIVER_RESET_AFTER_NS:
            chip = None
        if conversion.problem is None and slips.is_slip(conversion.word):
            conversion = replace(conversion, problem=WordProblem.BIT_SLIP)
        reported = ""
        next_read_ns = conversion.done_ns + spec.conversion_period_ns - READ_EARLY_NS
        try:
            _send(fd, index, conversion)
        except BrokenPipeError:
            return  # the app closed its end: nobody is listening any more


def _send(fd: int, index: int, conversion: Conversion) -> None:
    if conversion.problem is None:
        record = RawRecord(index, RecordKind.SAMPLE, conversion.counts, conversion.ready_ns, 0, 0)
    else:
        problem = PROBLEMS.index(conversion.problem)
        record = RawRecord(index, RecordKind.DROPPED, problem, conversion.ready_ns, 0, 0)
    with contextlib.suppress(BlockingIOError):  # the app is not reading: drop, never stall
        os.write(fd, record.pack())


def _devices(root: Path) -> list[Path]:
    try:
        return sorted(path for path in root.iterdir() if path.name.startswith("iio:device"))
    except FileNotFoundError:
        return []  # no IIO driver is loaded at all
    except PermissionError as exc:
        raise IioAccessDenied(f"cannot list {root}: {exc.strerror}") from exc


def _property(path: Path) -> str | None:
    """A sysfs attribute or a device-tree string property, or None if it is absent."""
    try:
        return _read(path).strip("\0\n")
    except IioReadFailed:
        return None


def _gpio_of(path: Path) -> int | None:
    """The line number in a device-tree ``*-gpios`` property: <phandle line flags>."""
    try:
        cells = path.read_bytes()
    except OSError:
        return None
    return struct.unpack(">3I", cells[:12])[1] if len(cells) >= 12 else None


def _read(path: Path) -> str:
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            return os.read(fd, 4096).decode("ascii", "replace")
        finally:
            os.close(fd)
    except OSError as exc:
        if exc.errno in _ACCESS_ERRNOS:
            raise IioAccessDenied(
                f"cannot read {path} ({exc.strerror}): the station's user needs read access "
                "to the HX711's sysfs files (a udev rule or group; a stock kernel lets "
                "everyone read them)"
            ) from exc
        raise _read_failure(path, exc) from exc


def _write(path: Path, value: str) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_TRUNC)
        try:
            os.write(fd, value.encode("ascii"))
        finally:
            os.close(fd)
    except OSError as exc:
        if exc.errno in _ACCESS_ERRNOS:
            raise IioAccessDenied(
                f"cannot set the gain: {path} is not writable here ({exc.strerror}: only "
                "root may write it, and the systemd unit keeps /sys read-only). Use "
                'channel_gain = "A128" or "B32", which need no write, or set '
                "in_voltage_scale from a udev rule"
            ) from exc
        raise _read_failure(path, exc) from exc


def _read_failure(path: Path, exc: OSError) -> IioReadFailed:
    if exc.errno == errno.EIO:
        return IioReadFailed(
            f"the kernel got no word from the HX711 ({path}: {exc.strerror}): "
            "the sensor is unplugged or unpowered"
        )
    return IioReadFailed(f"{path}: {exc.strerror}")
