"""The crab game's play screen: a thin view over ``CrabModel`` plus its sounds.

The claw's jaws and the gauge are drawn straight from this frame's effort, so the crab
answers a pinch on the very next frame. Animations run on the game's own clock (the sum
of the fixed steps), so a given moment of play always draws the same picture.
"""

from __future__ import annotations

import math

import pygame

from games.contract import NS_PER_S, GameEvent, GameInput, RepPlanner
from games.crab.crab_art import CrabPose, Mood, draw_crab, jaw_angle
from games.crab.gauge import draw_gauge
from games.crab.model import CrabModel, Phase, claw_closure, squash
from games.crab.props import (
    draw_chest,
    draw_pop,
    draw_puff,
    draw_sparkles,
    draw_treasure,
    treasure_colour,
)
from games.crab.sea import backdrop, draw_bubble, draw_bubbles, draw_fish, draw_seaweed, sand_y
from games.kit import fonts, hud
from games.kit.ease import smoothstep
from games.kit.layout import Viewport
from games.kit.scene import Scene
from games.kit.sound import sounds

UNIT = 0.1
"""The crab's size unit as a share of the screen height."""
REACH = 2.3
"""Units from the middle of the crab's shell to the middle of what its big claw holds."""
TREASURE_RADIUS = 0.4
"""In units; the claw's jaws are shaped around this size."""
LIFT = 1.6
"""Units the treasure rises from the sand once grabbed."""
LIFT_S = 0.25
CHEER = 1.0
"""Units the empty claw rises above the chest to celebrate."""
FLY_S = 0.35
"""Time a delivered treasure takes to drop from the claw into the chest."""
IDLE_CLOSURE = 0.5
"""Jaws half shut when there is nothing to grab: relaxed, not menacing."""
CALM = (255, 255, 255)
WRONG = (255, 150, 90)

SOUNDS = {
    Phase.CARRY: ("tick",),
    Phase.DELIVERED: ("chime",),
    Phase.POPPED: ("pop", "boing"),
    Phase.DROPPED: ("whoosh",),
}


class CrabScene(Scene):
    """Crab Catch: carry each treasure to the chest with a pinch that is just right."""

    def __init__(
        self, planner: RepPlanner, rng_seed: int = 0, personal_best: int | None = None
    ) -> None:
        self.model = CrabModel(planner, rng_seed)
        self._seed = rng_seed
        self.personal_best = personal_best
        self._clock_ns = 0

    def update(self, dt_ns: int, game_input: GameInput) -> list[GameEvent]:
        before = self.model.phase
        events = self.model.step(dt_ns, game_input)
        self._clock_ns += dt_ns
        if self.model.phase is not before:
            for name in SOUNDS.get(self.model.phase, ()):
                sounds.play(name)
        return events

    def desired_effort(self) -> float | None:
        return self.model.desired_effort()

    # -- drawing -------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        vp = Viewport.of(surface)
        t_s = self._clock_ns / NS_PER_S
        u = vp.h(UNIT)
        surface.blit(backdrop(vp.size), (0, 0))
        draw_fish(surface, t_s)
        draw_seaweed(surface, t_s)
        draw_bubbles(surface, t_s, self._seed)
        self._draw_chest(surface, vp, u)
        grip = self._grip(vp, u)
        if self.model.phase is Phase.CARRY:
            self._draw_hold_ring(surface, u, grip)
        self._draw_treasure(surface, vp, u, grip)
        draw_crab(surface, self._pose(vp, u, grip, t_s))
        self._draw_effects(surface, vp, u, grip, t_s)
        self._draw_hud(surface, vp)

    def _ground(self, vp: Viewport, fx: float) -> float:
        return sand_y(vp, fx) + vp.h(0.02)

    def _chest_bottom(self, vp: Viewport, u: int) -> tuple[float, float]:
        fx = self.model.rules.chest_x
        return (vp.x(fx) + REACH * u, self._ground(vp, fx) + 0.15 * u)

    def _grip(self, vp: Viewport, u: int) -> tuple[float, float]:
        """Where the big claw's jaws meet this frame."""
        model = self.model
        x = vp.x(model.crab_x) + REACH * u
        resting = self._ground(vp, model.crab_x) - TREASURE_RADIUS * u
        if model.phase is Phase.REACH:
            return (x, resting)
        if model.phase is Phase.CARRY:
            return (x, resting - LIFT * u * smoothstep(model.phase_s / LIFT_S))
        if model.phase in (Phase.DELIVERED, Phase.POPPED, Phase.DROPPED):
            lowering = smoothstep(2.0 * model.phase_s / model.rules.outcome_s - 1.0)
            lift = LIFT
            if model.phase is Phase.DELIVERED:  # a cheer once the treasure is in
                lift += CHEER * smoothstep((model.phase_s - FLY_S) / LIFT_S)
            return (x, resting - lift * u * (1.0 - lowering))
        return (x, resting - 0.4 * u)

    def _jaws(self) -> float:
        model = self.model
        band = model.band
        if band is None or model.phase not in (Phase.REACH, Phase.CARRY):
            return jaw_angle(IDLE_CLOSURE, 0.0, TREASURE_RADIUS)
        strain = squash(model.effort, band) if model.holding else 0.0
        return jaw_angle(claw_closure(model.effort, band), strain, TREASURE_RADIUS)

    def _pose(self, vp: Viewport, u: int, grip: tuple[float, float], t_s: float) -> CrabPose:
        model = self.model
        phase = model.phase
        mood = Mood.SMILE
        wave = 0.0
        if phase in (Phase.DELIVERED, Phase.REST, Phase.FINISHED):
            mood = Mood.GRIN
            wave = 0.5 + 0.5 * math.sin(t_s * 7.0)
        elif phase in (Phase.DROPPED, Phase.POPPED, Phase.MISSED):
            mood = Mood.OOPS
        elif model.too_hard:
            mood = Mood.STRAIN
        look = None
        if phase is Phase.REACH:
            look = (vp.x(model.pickup_x) + REACH * u, grip[1])
        elif phase is Phase.CARRY:
            look = self._chest_bottom(vp, u)
        elif phase in (Phase.POPPED, Phase.DROPPED, Phase.MISSED):
            look = (vp.x(model.outcome_x) + REACH * u, grip[1])
        x = vp.x(model.crab_x)
        return CrabPose(
            x=x,
            ground_y=self._ground(vp, model.crab_x),
            unit=u,
            grip=grip,
            jaw_angle=self._jaws(),
            stride=model.crab_x * vp.width / u * 2.2,
            look=look,
            mood=mood,
            blink=(t_s % 3.7) < 0.13,
            wave=wave,
        )

    def _draw_chest(self, surface: pygame.Surface, vp: Viewport, u: int) -> None:
        model = self.model
        loot = model.book.successes
        lid = 0.0
        if model.phase is Phase.CARRY:
            lid = smoothstep((model.progress - 0.6) / 0.3)
        elif model.phase is Phase.DELIVERED:
            lid = 1.0 - smoothstep((model.phase_s - 1.2) / 0.4)
            if model.phase_s < FLY_S:
                loot -= 1  # the newest treasure is still in the air
        draw_chest(surface, self._chest_bottom(vp, u), u, lid, loot)

    def _draw_treasure(
        self, surface: pygame.Surface, vp: Viewport, u: int, grip: tuple[float, float]
    ) -> None:
        model = self.model
        radius = TREASURE_RADIUS * u
        kind = model.treasure
        phase = model.phase
        if phase is Phase.REACH:
            spot = (vp.x(model.pickup_x) + REACH * u, self._ground(vp, model.pickup_x) - radius)
            if model.ready_to_grab:
                pulse = 1.0 + 0.15 * math.sin(self._clock_ns / NS_PER_S * 6.0)
                pygame.draw.circle(surface, CALM, spot, radius * 1.6 * pulse, vp.line(3))
            draw_treasure(surface, kind, spot, radius)
        elif phase is Phase.CARRY:
            band = model.band
            strain = squash(model.effort, band) if band else 0.0
            draw_treasure(surface, kind, grip, radius, strain)
        elif phase is Phase.DELIVERED and model.phase_s < FLY_S:
            chest = self._chest_bottom(vp, u)
            along = model.phase_s / FLY_S
            x = grip[0] + (chest[0] - grip[0]) * along
            y = grip[1] + (chest[1] - u - grip[1]) * along * along
            draw_treasure(surface, kind, (x, y), radius * (1.0 - 0.3 * along))
        elif phase is Phase.DROPPED:
            draw_treasure(surface, kind, self._falling(vp, u), radius)
        elif phase is Phase.MISSED:
            sink = smoothstep(model.phase_s / model.rules.outcome_s)
            spot = (vp.x(model.pickup_x) + REACH * u, self._ground(vp, model.pickup_x))
            draw_treasure(surface, kind, (spot[0], spot[1] - radius * (1 - sink)), radius)

    def _falling(self, vp: Viewport, u: int) -> tuple[float, float]:
        """A dropped treasure's fall from the claw to the sand, with one small bounce."""
        model = self.model
        x = vp.x(model.outcome_x) + REACH * u
        floor = self._ground(vp, model.outcome_x) - TREASURE_RADIUS * u
        start = floor - LIFT * u
        t = model.phase_s
        fall_s = 0.3
        if t < fall_s:
            return (x, start + (floor - start) * (t / fall_s) ** 2)
        bounce = max(0.0, math.sin((t - fall_s) / 0.25 * math.pi)) if t < fall_s + 0.25 else 0.0
        return (x + (t - fall_s) * u * 0.3, floor - bounce * 0.3 * u)

    def _draw_effects(
        self, surface: pygame.Surface, vp: Viewport, u: int, grip: tuple[float, float], t_s: float
    ) -> None:
        model = self.model
        phase = model.phase
        age = model.phase_s / model.rules.outcome_s
        if phase is Phase.DELIVERED:
            chest = self._chest_bottom(vp, u)
            draw_sparkles(surface, (chest[0], chest[1] - u), u, min(1.0, age * 1.4))
        elif phase is Phase.POPPED and age < 0.7:
            draw_pop(surface, grip, u, treasure_colour(model.treasure), age / 0.7)
        elif phase is Phase.DROPPED and 0.15 < age < 0.6:
            floor = self._ground(vp, model.outcome_x)
            draw_puff(surface, (vp.x(model.outcome_x) + REACH * u, floor), u, (age - 0.15) / 0.45)
        elif phase is Phase.REST:
            self._draw_rest(surface, vp, u, t_s)

    def _draw_hold_ring(self, surface: pygame.Surface, u: int, grip: tuple[float, float]) -> None:
        """Around the claw, a ring that empties as the hold runs: green while just right."""
        band = self.model.band
        colour = hud.BAND if band and band.contains(self.model.effort) else WRONG
        center = (round(grip[0]), round(grip[1]))
        hud.draw_hold_ring(surface, center, round(0.9 * u), 1.0 - self.model.progress, colour)

    def _draw_rest(self, surface: pygame.Surface, vp: Viewport, u: int, t_s: float) -> None:
        """A breather: bubbles float up from the crab, a ring counts the rest down."""
        model = self.model
        x = vp.x(model.crab_x)
        mouth_y = self._ground(vp, model.crab_x) - 0.9 * u
        for i in range(4):
            climb = (t_s * 0.6 + i / 4) % 1.0
            center = (x + math.sin(t_s * 3 + i) * 0.2 * u, mouth_y - climb * 3.5 * u)
            draw_bubble(surface, center, round(u * (0.1 + 0.06 * i)), vp.line(2))
        total = model.setup.rest_before_s if model.setup else 0.0
        if total > 0:
            ring = (vp.width // 2, vp.y(0.32))
            hud.draw_hold_ring(surface, ring, vp.h(0.09), model.rest_left_s / total, CALM)

    def _draw_hud(self, surface: pygame.Surface, vp: Viewport) -> None:
        model = self.model
        if model.band is not None:
            draw_gauge(surface, model.effort, model.band, model.treasure)
        hud.draw_progress_dots(surface, model.book.results, model.book.reps_total)
        score_area = hud.draw_score(surface, model.book.score)
        if self.personal_best:  # a first game's best of 0 is no score to show
            self._draw_best(surface, vp, score_area, self.personal_best)

    def _draw_best(
        self, surface: pygame.Surface, vp: Viewport, below: pygame.Rect, best: int
    ) -> None:
        """The personal best under the score, beside a crown that turns gold once beaten."""
        beaten = self.model.book.score > best
        text = fonts.render_outlined(str(best), vp.font_px(0.05), CALM)
        rect = text.get_rect(topright=(below.right, below.bottom + vp.h(0.01)))
        size = rect.height * 0.8
        left = rect.left - vp.h(0.015) - size
        base = rect.centery + size * 0.35
        crown = [
            (left, base),
            (left, base - size * 0.7),
            (left + size * 0.25, base - size * 0.35),
            (left + size * 0.5, base - size * 0.85),
            (left + size * 0.75, base - size * 0.35),
            (left + size, base - size * 0.7),
            (left + size, base),
        ]
        pygame.draw.polygon(surface, hud.GOLD if beaten else hud.MISS, crown)
        pygame.draw.polygon(surface, hud.INK, crown, vp.line(2))
        surface.blit(text, rect)
