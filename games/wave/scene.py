"""The wave game's screen: a clownfish swims along a ribbon of current, painting as it goes.

A thin view over ``WaveModel``: time runs left to right (the coming path enters from the
right edge, the painted trail leaves at the left), effort is height (rest on the sand,
the rep's target high in the water, too hard breaks the surface with a splash).
"""

from __future__ import annotations

import math

import pygame

from games.contract import NS_PER_S, GameEvent, GameInput, RepDone, RepPlanner, ns_from_s
from games.kit import fonts, hud
from games.kit.layout import Viewport
from games.kit.scene import Scene
from games.kit.sound import sounds
from games.wave import art
from games.wave.model import LIGHT, LOOK_AHEAD_S, STRONG, TRAIL_S, WaveModel, WavePath

SURFACE_Y = 0.17
BED_Y = 0.86
REST_Y = 0.79
"""Where the fish rests (effort 0): just above the sand."""
EFFORT_AT_SURFACE = 1.45
"""Effort that lifts the fish to the surface; more splashes there."""
FISH_X = TRAIL_S / (TRAIL_S + LOOK_AHEAD_S)
"""The fish's place across the screen, so the trail just fills the space behind it."""
FISH_LENGTH = 0.17
TRAIL_WIDTH = 0.05
HUE_PER_S = 45.0
"""The paint's colour walks round the rainbow as the fish swims on."""
BEST_SILVER = (214, 226, 240)
BURST_S = 1.3
"""How long a won star's sparkles fly."""


class WaveScene(Scene):
    """The play scene of the pressure-grading game."""

    def __init__(self, planner: RepPlanner, rng_seed: int, personal_best: int | None) -> None:
        self.model = WaveModel(planner, rng_seed)
        self.personal_best = personal_best
        self._seed = rng_seed
        self._tilt = 0.0
        self._drawn_effort: float | None = None
        self._splashing = False

    def update(self, dt_ns: int, game_input: GameInput) -> list[GameEvent]:
        events = self.model.update(dt_ns, game_input)
        for event in events:
            if isinstance(event, RepDone):
                sounds.play("chime" if event.success else "pop")
        splashing = self.model.effort > EFFORT_AT_SURFACE
        if splashing and not self._splashing:
            sounds.play("boing")
        self._splashing = splashing
        return events

    def desired_effort(self) -> float | None:
        return self.model.desired_effort()

    # -- drawing --------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        model = self.model
        board = Board(Viewport.of(surface), model.now_ns)
        vp = board.vp
        t_s = model.now_ns / NS_PER_S
        scroll = model.now_ns * board.px_per_ns
        surface.blit(art.background(vp.size, vp.y(SURFACE_Y), vp.y(BED_Y)), (0, 0))
        art.draw_surface(surface, vp.y(SURFACE_Y), t_s)
        art.draw_bubbles(surface, vp.y(SURFACE_Y), vp.y(BED_Y), t_s, self._seed)
        art.draw_weed(surface, vp.y(BED_Y), scroll * 0.6, t_s)
        art.draw_pebbles(surface, vp.y(BED_Y), scroll)
        for path in model.paths:
            self._draw_ribbon(surface, board, path)
        self._draw_trail(surface, board)
        for path in model.paths:
            self._draw_goal(surface, board, path)
        self._draw_fish(surface, board, t_s)
        self._draw_rest(surface, vp)
        hud.draw_progress_dots(surface, model.book.results, model.book.reps_total)
        score_area = hud.draw_score(surface, model.book.score)
        self._draw_best(surface, vp, score_area)

    def _draw_best(self, surface: pygame.Surface, vp: Viewport, score_area: pygame.Rect) -> None:
        """The score to beat, small and silver under the score, once there is one."""
        if not self.personal_best:
            return
        text = fonts.render_outlined(str(self.personal_best), vp.font_px(0.05), BEST_SILVER)
        spot = text.get_rect(topright=(score_area.right, score_area.bottom + vp.h(0.01)))
        radius = spot.height * 0.4
        center = (spot.left - radius * 1.4, spot.centery)
        hud.draw_star(surface, center, radius, BEST_SILVER, rim=art.INK)
        surface.blit(text, spot)

    def _draw_ribbon(self, surface: pygame.Surface, board: Board, path: WavePath) -> None:
        left, right = board.window()
        t0, t1 = max(path.start_ns, left), min(path.end_ns, right)
        if t1 <= t0:
            return
        steps = max(2, round(48 * (t1 - t0) / (right - left)))
        upper, lower, middle = [], [], []
        for i in range(steps + 1):
            t = t0 + (t1 - t0) * i // steps
            height = path.height_at(t)
            low, high = path.ribbon_around(height)
            x = board.x(t)
            upper.append((x, board.y(high)))
            lower.append((x, board.y(low)))
            middle.append((x, board.y(height)))
        lit = path is self.model.path and self.model.inside()
        pygame.draw.polygon(surface, art.RIBBON_LIT if lit else art.RIBBON, upper + lower[::-1])
        edge = board.vp.line(3)
        pygame.draw.lines(surface, art.RIBBON_EDGE, False, upper, edge)
        pygame.draw.lines(surface, art.RIBBON_EDGE, False, lower, edge)
        pygame.draw.line(surface, art.RIBBON_EDGE, upper[0], lower[0], edge)
        pearl = max(2, board.vp.h(0.009))
        eaten = board.fish_x + board.vp.h(FISH_LENGTH) * 0.4
        for x, y in middle[::2]:
            if x > eaten:
                pygame.draw.circle(surface, art.PEARL, (round(x), round(y)), pearl)

    def _draw_trail(self, surface: pygame.Surface, board: Board) -> None:
        """Dabs of paint wherever the fish has been, one every half a brush width."""
        radius = board.vp.h(TRAIL_WIDTH) / 2
        every_ns = radius * 0.5 / board.px_per_ns
        previous: tuple[float, float] | None = None
        last_ns = -math.inf
        for dab in self.model.trail:
            if dab.t_ns - last_ns < every_ns:
                continue
            last_ns = dab.t_ns
            point = (board.x(dab.t_ns), board.y(min(dab.effort, EFFORT_AT_SURFACE)))
            if dab.inside:
                strength = (dab.effort - LIGHT) / (STRONG - LIGHT)
                colour = art.paint_colour(dab.t_ns / NS_PER_S * HUE_PER_S, strength)
            else:
                colour = art.MISS_GREY
            if previous is not None:
                pygame.draw.line(surface, colour, previous, point, round(radius * 2))
            pygame.draw.circle(surface, colour, point, radius)
            previous = point

    def _draw_goal(self, surface: pygame.Surface, board: Board, path: WavePath) -> None:
        """A star waits at the end of each path; reaching it well bursts it into sparkles."""
        center = (board.x(path.end_ns), board.y(path.height_at(path.end_ns)))
        radius = board.vp.h(0.055)
        if center[0] > board.vp.width + radius * 2:
            return
        result = next((r for r in self.model.results if r.setup is path.setup), None)
        if result is None:
            pulse = 1.0 + 0.08 * math.sin(self.model.now_ns / NS_PER_S * 6.0)
            hud.draw_star(surface, center, radius * pulse)
        elif not result.success:
            hud.draw_star(surface, center, radius * 0.8, hud.MISS, rim=art.INK)
        else:
            age = (self.model.now_ns - result.end_ns) / NS_PER_S
            if age < BURST_S:
                self._draw_burst(surface, center, radius, age / BURST_S)

    def _draw_burst(
        self, surface: pygame.Surface, center: tuple[float, float], radius: float, f: float
    ) -> None:
        for i in range(10):
            angle = i * math.tau / 10 + f
            reach = radius * (0.5 + 3.5 * f)
            point = (center[0] + reach * math.cos(angle), center[1] + reach * math.sin(angle))
            size = radius * 0.45 * (1.0 - f)
            if i % 2:
                art.draw_sparkle(surface, point, size * 1.3, art.WHITE)
            else:
                hud.draw_star(surface, point, size, rotation=f * 4)

    def _draw_fish(self, surface: pygame.Surface, board: Board, t_s: float) -> None:
        effort = self.model.effort
        shown = min(max(effort, 0.0), EFFORT_AT_SURFACE)
        center = (board.fish_x, board.y(shown))
        if self._drawn_effort is not None:
            climb = (shown - self._drawn_effort) * 12.0
            self._tilt += (max(-0.5, min(0.5, climb)) - self._tilt) * 0.35
        self._drawn_effort = shown
        happy = self.model.inside()
        length = board.vp.h(FISH_LENGTH)
        if happy:
            for i in range(3):
                angle = t_s * 2.5 + i * math.tau / 3
                spot = (
                    center[0] + length * 0.7 * math.cos(angle),
                    center[1] + length * 0.45 * math.sin(angle),
                )
                art.draw_sparkle(surface, spot, length * 0.1, art.WHITE)
        art.draw_fish(surface, center, length, tilt=self._tilt, t_s=t_s, happy=happy)
        if effort > EFFORT_AT_SURFACE:
            art.draw_splash(surface, (center[0], center[1] - length * 0.2), length, t_s)

    def _draw_rest(self, surface: pygame.Surface, vp: Viewport) -> None:
        """Between sets, a ring empties while the fish rests: no words needed."""
        path = self.model.path
        left = self.model.rest_left_s()
        if path is None or path.setup.rest_before_s <= 0 or left <= 0:
            return
        hud.draw_hold_ring(
            surface,
            vp.point(0.5, 0.45),
            vp.h(0.12),
            left / max(path.setup.rest_before_s, LOOK_AHEAD_S),
            art.WHITE,
        )


class Board:
    """Where a moment and an effort land on this screen, worked out once per frame.

    Time runs left to right through the fish; effort rises from the sand to the surface.
    """

    def __init__(self, vp: Viewport, now_ns: int) -> None:
        self.vp = vp
        self.now_ns = now_ns
        self.fish_x = vp.width * FISH_X
        self.px_per_ns = (vp.width - self.fish_x) / (LOOK_AHEAD_S * NS_PER_S)
        self._rest_y = vp.height * REST_Y
        self._px_per_effort = (self._rest_y - vp.height * SURFACE_Y) / EFFORT_AT_SURFACE

    def x(self, t_ns: int) -> float:
        return self.fish_x + (t_ns - self.now_ns) * self.px_per_ns

    def y(self, effort: float) -> float:
        return self._rest_y - effort * self._px_per_effort

    def window(self) -> tuple[int, int]:
        """The span of time on screen: the trail behind the fish and the path ahead."""
        return (
            self.now_ns - ns_from_s(TRAIL_S),
            self.now_ns + ns_from_s(LOOK_AHEAD_S),
        )
