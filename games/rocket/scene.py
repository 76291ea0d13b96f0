"""The rocket play screen: a thin view over ``RocketModel``.

The flame under the rocket and the marker on the force gauge follow the latest effort
directly, so a squeeze shows on the very next frame. The choreography (roll-in, launch,
parachute home) is worked out from the model's phase and its elapsed time at draw
time, never stored, so what is drawn depends only on the model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pygame

from games.contract import NS_PER_S, GameEvent, GameInput, RepPlanner
from games.kit import fonts, hud
from games.kit.ease import smoothstep
from games.kit.layout import Viewport
from games.kit.scene import Scene
from games.kit.sound import sounds
from games.rocket import art
from games.rocket.model import Cue, Mood, Phase, RocketModel

ROCKET_X = 0.40
"""The rocket's centre as a share of the screen width."""
ROCKET_SIZE = 0.5
"""Rocket height as a share of the screen height."""
RING_X, RING_Y, RING_R = 0.71, 0.45, 0.16
GAUGE_X, GAUGE_TOP, GAUGE_BOTTOM = 0.915, 0.2, 0.8
GAUGE_W = 0.13
"""The tube's width as a share of the height: 62 px on the 480-high 7" screen, readable
from two metres away."""
CAMERA_SPACE = 1.5
"""Camera height (in screen heights) at the end of a launch: deep in the starry sky."""
IGNITION_S = 0.4
"""The rocket rumbles on the pad this long before it lifts off."""
LIFT = 0.37
"""Launch altitude = LIFT x (seconds since lift-off) squared, in screen heights."""

SOUND_FOR: dict[Cue, str] = {
    Cue.ROLL_IN: "pop",
    Cue.TICK: "tick",
    Cue.TOO_HARD: "boing",
    Cue.LAUNCH: "whoosh",
    Cue.FIZZLE: "pop",
}

GAUGE_EMPTY: art.Colour = (60, 70, 110)
GAUGE_LOW: art.Colour = (255, 255, 255)
GAUGE_OK: art.Colour = (120, 255, 170)
GAUGE_HIGH: art.Colour = (255, 120, 90)
RING_FILL: art.Colour = hud.GOLD
RING_PAUSED: art.Colour = (255, 238, 180)
RING_REST: art.Colour = (170, 160, 255)


@dataclass(frozen=True, slots=True)
class Pose:
    """Where the rocket and camera are in one frame, in screen heights and rocket sizes."""

    camera: float = 0.0
    altitude: float = 0.0
    x_shift: float = 0.0
    """Sideways offset in screen widths (negative: still rolling in from the left)."""
    parachute: bool = False
    arm: float = 1.0
    shake: float = 0.0
    visible: bool = True


def gauge_rect(vp: Viewport) -> pygame.Rect:
    """The squeeze meter's tube at the screen's right edge."""
    top, bottom = vp.y(GAUGE_TOP), vp.y(GAUGE_BOTTOM)
    width = vp.h(GAUGE_W)
    return pygame.Rect(vp.x(GAUGE_X) - width // 2, top, width, bottom - top)


class RocketScene(Scene):
    """Hold the squeeze in the band to fill the rocket; a full tank launches it."""

    def __init__(self, planner: RepPlanner, rng_seed: int, personal_best: int | None) -> None:
        self.model = RocketModel(planner)
        self.personal_best = personal_best
        self._seed = rng_seed
        self._backdrop: art.Backdrop | None = None
        self._t_ns = 0
        self._strain_since_ns: int | None = None

    # -- simulation ---------------------------------------------------------------------

    def update(self, dt_ns: int, game_input: GameInput) -> list[GameEvent]:
        self._t_ns += dt_ns
        events = self.model.update(dt_ns, game_input)
        if self.model.mood is Mood.STRAINING:
            if self._strain_since_ns is None:
                self._strain_since_ns = self._t_ns
        else:
            self._strain_since_ns = None
        for cue in self.model.cues:
            sounds.play(SOUND_FOR[cue])
        return events

    def desired_effort(self) -> float | None:
        return self.model.desired_effort()

    # -- choreography -------------------------------------------------------------------

    def pose(self) -> Pose:
        model = self.model
        t = model.phase_elapsed_s
        p = model.phase_progress
        if model.phase is Phase.ROLL_IN:
            camera = CAMERA_SPACE * (1 - smoothstep(p / 0.45))
            roll = 1 - smoothstep((p - 0.3) / 0.6)
            return Pose(
                camera=camera, x_shift=-roll * (ROCKET_X + 0.2), arm=smoothstep((p - 0.9) / 0.1)
            )
        if model.phase is Phase.REST and model.rest_after_launch:
            descent_s = min(3.5, max(1.2, model.phase_length_s * 0.6))
            altitude = 1.2 * (1 - min(1.0, t / descent_s)) ** 2  # the parachute slows it
            camera = CAMERA_SPACE * (1 - smoothstep(t / 1.0))
            return Pose(camera=camera, altitude=altitude, parachute=altitude > 0, arm=0.0)
        if model.phase is Phase.LAUNCH:
            flying = max(0.0, t - IGNITION_S)
            altitude = LIFT * flying**2
            camera = min(CAMERA_SPACE, 0.7 * max(0.0, altitude - 0.3))
            shake = 0.006 if t < IGNITION_S else 0.003
            return Pose(
                camera=camera, altitude=altitude, arm=1 - smoothstep(t / IGNITION_S), shake=shake
            )
        if model.phase is Phase.OVER and model.last_points > 0:
            return Pose(camera=CAMERA_SPACE, visible=False)
        if model.mood is Mood.STRAINING:
            return Pose(shake=0.008)
        return Pose()

    # -- drawing ------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        vp = Viewport.of(surface)
        backdrop = self._backdrop
        if backdrop is None or backdrop.size != vp.size:
            site = art.Site(vp.width * ROCKET_X, vp.h(ROCKET_SIZE), vp.height * art.GROUND_FRAC)
            backdrop = self._backdrop = art.Backdrop(vp.size, self._seed, site)
        site = backdrop.site
        s = site.s
        t = self._t_ns / NS_PER_S
        pose = self.pose()
        backdrop.blit(surface, pose.camera)
        cam_px = pose.camera * vp.height
        pad_top = site.pad_top + cam_px
        art.draw_tower_arm(surface, site, cam_px, pose.arm)
        rocket_x = site.x + pose.x_shift * vp.width
        rocket_x += math.sin(t * 57) * pose.shake * vp.height
        nozzle_y = pad_top - 0.04 * s - pose.altitude * vp.height
        self._draw_exhaust(surface, (rocket_x, nozzle_y), s, t, pad_top=pad_top)
        if pose.visible:
            look = art.RocketLook(
                fuel=self._shown_fuel(),
                mood=self.model.mood,
                t=t,
                wheel_turn=pose.x_shift * vp.width / (0.035 * s),
                parachute=pose.parachute,
            )
            art.draw_rocket(surface, rocket_x, nozzle_y, s, look)
            if self.model.phase is Phase.REST and not pose.parachute:
                art.draw_zzz(surface, rocket_x + 0.12 * s, nozzle_y - 0.6 * s, s, t)
        self._draw_steam(surface, rocket_x, nozzle_y, s)
        self._draw_ring(surface, vp)
        self._draw_gauge(surface, vp)
        self._draw_hud(surface, vp)

    def _shown_fuel(self) -> float:
        model = self.model
        if model.phase is Phase.FIZZLE:
            return model.fuel * (1 - smoothstep(model.phase_progress))
        if model.phase is Phase.LAUNCH:
            return 1.0 - smoothstep(model.phase_progress)
        return model.fuel

    def _draw_exhaust(
        self, surface: pygame.Surface, nozzle: art.Point, s: float, t: float, *, pad_top: float
    ) -> None:
        """Flame and smoke: sized by the effort while fuelling, roaring at launch."""
        x, y = nozzle
        model = self.model
        width = 0.16 * s
        if model.phase is Phase.FUELLING:
            length = 0.32 * s * min(model.effort, 1.7)
            if model.mood in (Mood.WORRIED, Mood.SAD):  # the flame gutters with the wobble
                length *= 0.55 + 0.45 * abs(math.sin(t * 19))
            art.draw_flame(surface, nozzle, width, length, t=t, hot=model.mood is Mood.STRAINING)
        elif model.phase is Phase.LAUNCH:
            te = model.phase_elapsed_s
            self._launch_smoke(surface, x, s, te, pad_top)
            roar = 0.5 + 0.5 * smoothstep(te / IGNITION_S)
            art.draw_flame(surface, nozzle, width * 1.3, 0.75 * s * roar, t=t, hot=False)
        elif model.phase is Phase.FIZZLE:
            te = model.phase_elapsed_s
            sputter = abs(math.sin(te * 23)) * (1 - model.phase_progress)
            art.draw_flame(surface, nozzle, width, 0.18 * s * sputter, t=t, hot=False)
            for puff in art.puff_stream(te, rate=6, life=1.0):
                k = puff.age / puff.life
                side = art.hash01(puff.index, 5) - 0.5
                center = (x + side * s * 0.5 * k, y + 0.05 * s - 0.25 * s * k)
                art.puff(surface, center, s * (0.03 + 0.05 * k) * (1 - k * 0.5), shade=0.6)

    def _launch_smoke(
        self, surface: pygame.Surface, x: float, s: float, te: float, pad_top: float
    ) -> None:
        vp_h = surface.get_height()
        for puff in art.puff_stream(te - 0.1, rate=22, life=1.8):
            k = puff.age / puff.life
            side = -1 if puff.index % 2 else 1
            reach = (0.4 + 0.8 * art.hash01(puff.index, 1)) * s
            center = (x + side * reach * math.sqrt(k), pad_top - s * (0.02 + 0.12 * k))
            art.puff(surface, center, s * (0.05 + 0.1 * k) * (1.0 - 0.35 * k), shade=0.2 * k)
        for puff in art.puff_stream(te - IGNITION_S, rate=16, life=1.2):
            born = te - puff.age - IGNITION_S
            born_alt = LIFT * born**2
            k = puff.age / puff.life
            drift = (art.hash01(puff.index, 3) - 0.5) * s * 0.3 * k
            y = pad_top - born_alt * vp_h + s * 0.06
            art.puff(surface, (x + drift, y), s * (0.05 + 0.07 * k) * (1 - 0.5 * k), shade=0.1)

    def _draw_steam(self, surface: pygame.Surface, x: float, y: float, s: float) -> None:
        """Too hard: steam squirts out of both sides of the hull."""
        if self._strain_since_ns is None:
            return
        t = (self._t_ns - self._strain_since_ns) / NS_PER_S
        for puff in art.puff_stream(t, rate=10, life=0.7):
            k = puff.age / puff.life
            side = -1 if puff.index % 2 else 1
            center = (x + side * s * (0.2 + 0.3 * k), y - s * (0.3 + 0.15 * k))
            art.puff(surface, center, s * (0.04 + 0.07 * k), shade=0.0)

    def _draw_ring(self, surface: pygame.Surface, vp: Viewport) -> None:
        """The big hold countdown: a ring that empties, and the seconds still to hold."""
        model = self.model
        center = vp.point(RING_X, RING_Y)
        radius = vp.h(RING_R)
        rep = model.rep
        if model.phase is Phase.LAUNCH:
            spin = model.phase_elapsed_s * 2.5
            grow = smoothstep(model.phase_elapsed_s / 0.35)
            hud.draw_star(surface, center, radius * (0.6 + 0.4 * grow), rotation=spin * 0.3)
            points = fonts.render_outlined(f"+{model.last_points}", vp.font_px(0.1), hud.PENDING)
            rise = vp.h(0.06) * smoothstep(model.phase_elapsed_s / 1.0)
            surface.blit(points, points.get_rect(midtop=(center[0], center[1] + radius - rise)))
            return
        if model.phase is Phase.REST and rep is not None:
            left = max(0.0, 1 - model.phase_progress)
            hud.draw_hold_ring(surface, center, radius, left, RING_REST)
            number = math.ceil(round(rep.rest_before_s * left, 6))
        elif model.phase is Phase.FUELLING:
            colour = RING_FILL if model.mood in (Mood.HAPPY, Mood.STRAINING) else RING_PAUSED
            hud.draw_hold_ring(surface, center, radius, 1 - model.fuel, colour)
            number = model.countdown
        elif rep is not None and model.phase in (Phase.ROLL_IN, Phase.FIZZLE):
            hud.draw_hold_ring(surface, center, radius, 1.0, RING_PAUSED)
            number = math.ceil(round(rep.hold_s, 6))
        else:
            return
        text = fonts.render_outlined(str(number), vp.font_px(0.2), hud.PENDING)
        surface.blit(text, text.get_rect(center=center))

    def _draw_gauge(self, surface: pygame.Surface, vp: Viewport) -> None:
        """The squeeze meter: a tube that fills with the effort, the band to aim for in green."""
        model = self.model
        band = model.band
        if band is None or model.phase not in (Phase.FUELLING, Phase.ROLL_IN, Phase.FIZZLE):
            return
        tube = gauge_rect(vp)
        top, bottom = tube.top, tube.bottom
        scale_max = max(1.6, band.high * 1.25)

        def effort_to_y(effort: float) -> float:
            return bottom - (bottom - top) * min(effort, scale_max) / scale_max

        radius = tube.width // 2
        pygame.draw.rect(
            surface, hud.INK, tube.inflate(vp.line(6), vp.line(6)), border_radius=radius
        )
        pygame.draw.rect(surface, GAUGE_EMPTY, tube, border_radius=radius)
        effort = model.effort if model.phase is Phase.FUELLING else 0.0
        level = round(effort_to_y(effort))
        if effort > 0:
            colour = (
                GAUGE_OK
                if band.contains(effort)
                else GAUGE_HIGH
                if effort > band.high
                else GAUGE_LOW
            )
            fill = pygame.Rect(tube.left, level, tube.width, max(0, tube.bottom - level))
            pygame.draw.rect(surface, colour, fill, border_radius=radius)
        else:
            colour = GAUGE_LOW
        area = hud.band_rect(band, effort_to_y, tube.left - vp.h(0.02), tube.right + vp.h(0.02))
        hud.draw_target_band(
            surface, area, lit=model.phase is Phase.FUELLING and band.contains(effort)
        )
        knob = (tube.centerx, level)  # smaller than the tube, so the band shows around it
        pygame.draw.circle(surface, hud.INK, knob, radius * 0.6 + vp.line(4))
        pygame.draw.circle(surface, colour, knob, radius * 0.6)

    def _draw_hud(self, surface: pygame.Surface, vp: Viewport) -> None:
        book = self.model.book
        hud.draw_progress_dots(surface, book.results, book.reps_total)
        hud.draw_score(surface, book.score)
        if self.personal_best:  # a first game's best of 0 is no score to show
            beaten = book.score > self.personal_best
            best = max(self.personal_best, book.score)
            margin = vp.h(0.03)
            crown_w, crown_h = vp.h(0.06), vp.h(0.045)
            left, top = margin, margin + vp.h(0.012)
            crown = [
                (left, top + crown_h),
                (left, top + crown_h * 0.25),
                (left + crown_w * 0.28, top + crown_h * 0.6),
                (left + crown_w * 0.5, top),
                (left + crown_w * 0.72, top + crown_h * 0.6),
                (left + crown_w, top + crown_h * 0.25),
                (left + crown_w, top + crown_h),
            ]
            pygame.draw.polygon(surface, hud.GOLD if beaten else hud.MISS, crown)
            pygame.draw.polygon(surface, hud.INK, crown, vp.line(2))
            text = fonts.render_outlined(str(best), vp.font_px(0.06), hud.PENDING)
            surface.blit(
                text, text.get_rect(midleft=(left + crown_w + margin // 2, top + crown_h // 2))
            )
