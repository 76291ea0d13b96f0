"""The balloon game on screen: draws ``BalloonFlight`` and turns its cues into sounds."""

from __future__ import annotations

from typing import Protocol

import pygame

from games.balloon import art, scenery
from games.balloon.model import BalloonFlight, Cue, Gate, Outcome, Phase, altitude_of
from games.contract import NS_PER_S, GameEvent, GameInput, RepPlanner
from games.kit import fonts, hud
from games.kit.layout import Viewport
from games.kit.scene import Scene
from games.kit.sound import sounds

SOUND_OF: dict[Cue, str] = {
    Cue.GATE_COMING: "whoosh",
    Cue.STAR: "pop",
    Cue.BUMP: "boing",
    Cue.SUCCESS: "chime",
}
"""A miss stays silent on purpose: no sad trombone for a child who tried."""

REST_RING: hud.Colour = (150, 210, 255)


class SoundPlayer(Protocol):
    def play(self, name: str) -> None: ...


class BalloonScene(Scene):
    """Play scene: the balloon's basket follows the squeeze through gates of clouds."""

    def __init__(
        self,
        planner: RepPlanner,
        rng_seed: int = 0,
        personal_best: int | None = None,
        *,
        player: SoundPlayer = sounds,
    ) -> None:
        self.flight = BalloonFlight(planner)
        self.personal_best = personal_best
        self._seed = rng_seed
        self._sounds = player
        self._backdrop: scenery.Backdrop | None = None
        self._picnic_x: float | None = None

    def update(self, dt_ns: int, game_input: GameInput) -> list[GameEvent]:
        events = self.flight.update(dt_ns, game_input)
        for cue in self.flight.drain_cues():
            if cue is Cue.REST:
                self._picnic_x = self.flight.balloon_world_x + self.flight.rest_glide
            name = SOUND_OF.get(cue)
            if name is not None:
                self._sounds.play(name)
        return events

    def desired_effort(self) -> float | None:
        return self.flight.desired_effort()

    # -- drawing --------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        lay = art.Layout(*surface.get_size())
        backdrop = self._backdrop
        if backdrop is None or backdrop.layout != lay:
            backdrop = self._backdrop = scenery.Backdrop(lay, self._seed)
        flight = self.flight
        t_s = flight.t_ns / NS_PER_S
        scroll = flight.world_x

        backdrop.draw_sky(surface, scroll)
        backdrop.draw_meadow(surface, scroll)
        if self._picnic_x is not None:
            art.draw_picnic(surface, lay, lay.x_of(self._picnic_x, scroll))
        gate = flight.gate
        if gate is not None:
            self._draw_gate(surface, lay, gate)
            self._draw_gate_stars(surface, lay, gate, t_s)

        basket = (lay.balloon_x, lay.y_of(flight.altitude))
        art.draw_balloon(surface, lay, basket, effort=flight.altitude, face=self._face(), t_s=t_s)
        if flight.above_opening and gate is not None:
            edge = _opening(lay, gate)[0]
            art.draw_bump(surface, lay, basket[0], edge, basket[1] - lay.basket_h / 2)
        if gate is not None:
            self._draw_sparkle(surface, lay, gate)
        self._draw_hint(surface, lay, basket, t_s)
        self._draw_timer(surface, lay, basket)
        self._draw_hud(surface)

    def _draw_gate(self, surface: pygame.Surface, lay: art.Layout, gate: Gate) -> None:
        flight = self.flight
        scroll = flight.world_x
        if gate.outcome is Outcome.SUCCESS:
            return  # it has burst into stars
        left, right = lay.x_of(gate.entry_x, scroll), lay.x_of(gate.exit_x, scroll)
        opening = _opening(lay, gate)
        art.draw_lane(surface, lay, (left, right), opening, lit=flight.in_opening)
        faded = gate.outcome is not None
        for x in (left, right):
            if -lay.width * 0.1 < x < lay.width * 1.1:
                art.draw_cloud_ring(surface, lay, x, opening, faded=faded)

    def _draw_gate_stars(
        self, surface: pygame.Surface, lay: art.Layout, gate: Gate, t_s: float
    ) -> None:
        """Stars still waiting along the path (drawn behind the balloon)."""
        if gate.outcome is not None:
            return
        y = lay.y_of(1.0)
        for star in gate.stars:
            x = lay.x_of(star.x, self.flight.world_x)
            if not star.collected and -lay.width * 0.05 < x < lay.width * 1.05:
                art.draw_gate_star(surface, lay, (x, y), t_s)

    def _draw_sparkle(self, surface: pygame.Surface, lay: art.Layout, gate: Gate) -> None:
        """Collected stars leaping away and, after a good gate, the burst (over the balloon)."""
        flight = self.flight
        scroll = flight.world_x
        speed = gate.length / gate.setup.hold_s
        for star in gate.stars:
            if star.collected:
                age = (flight.balloon_world_x - star.x) / speed
                art.draw_flying_star(surface, lay, (lay.x_of(star.x, scroll), lay.y_of(1.0)), age)
        if gate.outcome is Outcome.SUCCESS and flight.outcome_at_ns is not None:
            age = (flight.t_ns - flight.outcome_at_ns) / NS_PER_S
            span = (lay.x_of(gate.entry_x, scroll), lay.x_of(gate.exit_x, scroll))
            seed = self._seed * 1009 + gate.setup.set_no * 101 + gate.setup.rep_no
            art.draw_burst(surface, lay, span, _opening(lay, gate), age_s=age, seed=seed)

    def _face(self) -> art.Face:
        flight = self.flight
        gate = flight.gate
        if flight.above_opening:
            return art.Face.OOPS
        if flight.phase is Phase.AFTER and gate is not None and gate.outcome is Outcome.SUCCESS:
            return art.Face.CHEER
        if flight.in_opening:
            return art.Face.HAPPY
        return art.Face.CALM

    def _draw_hint(
        self, surface: pygame.Surface, lay: art.Layout, basket: art.Point, t_s: float
    ) -> None:
        flight = self.flight
        setup = flight.setup
        if flight.desired_effort() is None or setup is None:
            return
        x = basket[0] + lay.u(0.14)
        if flight.effort < setup.band.low:
            art.draw_hint(surface, lay, (x, basket[1]), True, t_s)
        elif flight.effort > setup.band.high:
            art.draw_hint(surface, lay, (x, basket[1]), False, t_s)

    def _draw_timer(self, surface: pygame.Surface, lay: art.Layout, basket: art.Point) -> None:
        """A countdown beside the balloon: gold for the hold, sky blue for a rest."""
        flight = self.flight
        centre = (round(basket[0] - lay.u(0.16)), round(basket[1] - lay.u(0.17)))
        radius = round(lay.u(0.05))
        remaining = 1.0 - flight.phase_progress
        if flight.phase is Phase.GATE:
            hud.draw_hold_ring(surface, centre, radius, remaining)
            hud.draw_star(surface, centre, radius * 0.5)
        elif flight.phase is Phase.REST:
            hud.draw_hold_ring(surface, centre, radius, remaining, REST_RING)
            art.draw_apple_icon(surface, lay, centre)

    def _draw_hud(self, surface: pygame.Surface) -> None:
        book = self.flight.book
        hud.draw_progress_dots(surface, book.results, book.reps_total)
        score_area = hud.draw_score(surface, book.score)
        if self.personal_best:  # a first game's best of 0 is no score to show
            vp = Viewport.of(surface)
            text = fonts.render_outlined(str(self.personal_best), vp.font_px(0.05), hud.GOLD)
            place = text.get_rect(topright=(score_area.right, score_area.bottom + vp.h(0.01)))
            surface.blit(text, place)
            art.draw_crown(surface, (place.left - vp.h(0.035), place.centery), vp.h(0.024))


def _opening(lay: art.Layout, gate: Gate) -> tuple[float, float]:
    """A gate's opening on screen (top, bottom): the band, on the balloon's own height scale."""
    band = gate.setup.band
    return (lay.y_of(altitude_of(band.high)), lay.y_of(altitude_of(band.low)))
