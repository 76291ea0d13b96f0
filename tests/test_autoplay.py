"""The autoplay bot: reacts late like a child, aims near the target, misses sometimes."""

from __future__ import annotations

import random
import statistics

import pytest

from games.contract import Band
from hardware.virtual_hand import VirtualHand
from station.play.autoplay import AutoPlayer, BotStyle

FRAME_NS = 16_666_667
BAND = Band(0.85, 1.15)


def run(bot: AutoPlayer, wanted, frames: int, start: int = 0, target_n: float = 50.0) -> list:
    """Step the bot for ``frames`` frames; returns the hand's commanded level after each."""
    levels = []
    for i in range(start, start + frames):
        bot.step(i * FRAME_NS, wanted(i) if callable(wanted) else wanted, target_n, BAND)
        levels.append(bot.hand.level)
    return levels


def test_the_bot_reacts_after_a_childs_reaction_time_not_at_once():
    delays = []
    for seed in range(20):
        bot = AutoPlayer(VirtualHand(100.0), random.Random(seed), BotStyle(miss_rate=0.0))
        run(bot, None, 30)
        levels = run(bot, 1.0, 60, start=30)
        first = next(i for i, level in enumerate(levels) if level > 0)
        delays.append(first * FRAME_NS / 1e9)
    assert min(delays) >= 0.15 - 0.02 and max(delays) <= 0.35 + 0.02
    assert max(delays) - min(delays) > 0.05  # not a fixed delay


def test_the_bot_aims_at_the_wanted_force_scaled_to_its_hand():
    levels = []
    for seed in range(30):
        bot = AutoPlayer(VirtualHand(100.0), random.Random(seed), BotStyle(miss_rate=0.0))
        levels.append(run(bot, 1.0, 60, target_n=40.0)[-1])
    assert statistics.median(levels) == pytest.approx(0.4, rel=0.05)
    assert statistics.pstdev(levels) > 0.005  # the aim is a little off each time


def test_the_bot_lets_go_when_the_scene_wants_nothing():
    bot = AutoPlayer(VirtualHand(100.0), random.Random(1))
    run(bot, 1.0, 60)
    assert bot.hand.level > 0
    assert run(bot, None, 60, start=60)[-1] == 0.0


def test_misses_land_outside_the_band_at_about_the_miss_rate():
    outside = 0
    attempts = 400
    for seed in range(attempts):
        bot = AutoPlayer(VirtualHand(100.0), random.Random(seed), BotStyle(miss_rate=0.3))
        level = run(bot, 1.0, 40, target_n=50.0)[-1]
        effort = level * 100.0 / 50.0
        outside += not BAND.contains(effort)
    assert 0.22 < outside / attempts < 0.40  # misses, plus the odd aim error past an edge


def test_a_target_beyond_the_hand_squeezes_as_hard_as_it_can():
    bot = AutoPlayer(VirtualHand(30.0), random.Random(0), BotStyle(miss_rate=0.0))
    assert run(bot, 1.0, 60, target_n=50.0)[-1] == 1.0


def test_a_nonsense_style_is_refused_with_a_reason():
    with pytest.raises(ValueError, match="reaction time"):
        BotStyle(reaction_s=(0.4, 0.1))
    with pytest.raises(ValueError, match="miss rate"):
        BotStyle(miss_rate=1.5)
