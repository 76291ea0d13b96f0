"""Synthesised sounds: clean edges, no clipping, and silence rather than a crash."""

from __future__ import annotations

import pygame
import pytest

from games.kit import sound
from games.kit.sound import PEAK, SYNTHS, Sounds, pcm16

RATE = 22_050


@pytest.mark.parametrize("name", list(SYNTHS))
def test_each_sound_starts_and_ends_in_silence_without_clipping(name):
    samples = pcm16(SYNTHS[name](RATE))
    assert 0.02 * RATE < len(samples) < 2.0 * RATE, "short sounds, not drones"
    assert samples[0] == 0 and samples[-1] == 0, "an abrupt edge is heard as a click"
    # The first and last 2 ms stay quiet: a fade, not a jump.
    edge = RATE // 500
    assert max(abs(s) for s in samples[:edge]) < 0.6 * 32767
    assert max(abs(s) for s in samples[-edge:]) < 0.6 * 32767
    assert max(abs(s) for s in samples) == round(PEAK * 32767)


def test_sounds_are_told_apart_by_length_and_pitch():
    lengths = {name: len(make(RATE)) for name, make in SYNTHS.items()}
    assert lengths["tick"] < lengths["pop"] < lengths["boing"] < lengths["fanfare"]
    assert lengths["fanfare"] == max(lengths.values())


def test_stereo_carries_the_same_sample_on_both_sides():
    out = pcm16([0.0, 1.0, -0.5], channels=2)
    assert list(out[0::2]) == list(out[1::2])
    assert out[2] == round(PEAK * 32767)


def test_sounds_play_through_the_dummy_audio_driver():
    player = Sounds()
    player.play("pop")
    player.play("chime")
    assert player.available
    assert pygame.mixer.get_init() is not None


def test_an_unknown_sound_is_a_clear_mistake_even_without_audio():
    with pytest.raises(KeyError, match="no sound called 'ding'"):
        Sounds().play("ding")


def test_without_an_audio_device_play_does_nothing(monkeypatch):
    tried = []

    def no_device(**_kwargs: object) -> None:
        tried.append(True)
        raise pygame.error("No available audio device")

    monkeypatch.setattr(sound.pygame.mixer, "get_init", lambda: None)
    monkeypatch.setattr(sound.pygame.mixer, "init", no_device)
    player = Sounds()
    player.play("fanfare")
    player.prepare()
    player.play("tick")
    assert not player.available
    assert tried == [True], "one failed start is enough; do not retry every frame"


def test_sounds_still_play_after_pygame_restarts_the_mixer():
    player = Sounds()
    player.play("pop")
    pygame.quit()
    pygame.init()
    player.play("pop")  # a Sound object kept from before the restart once segfaulted the suite
    pygame.quit()
    player.play("chime")  # the mixer is off: the player starts it again
    assert player.available


def test_sounds_can_be_made_one_per_frame_and_are_then_all_ready(monkeypatch):
    pygame.mixer.quit()
    made: list[str] = []
    synths = {
        name: (lambda rate, n=name, f=f: made.append(n) or f(rate)) for name, f in SYNTHS.items()
    }
    monkeypatch.setattr(sound, "SYNTHS", synths)
    player = Sounds()
    steps = player.prepare_stepwise()
    assert next(steps) == next(iter(SYNTHS))
    assert len(made) == 1, "one sound per step, so no frame waits for all of them"
    assert list(steps) == list(SYNTHS)[1:]
    for name in SYNTHS:
        player.play(name)
    assert sorted(made) == sorted(SYNTHS), "each made once; playing makes none again"
