"""The two screens every game shares: the pause card and the end-of-game celebration.

Both speak in pictures. The pause card, over the frozen game, shows one of two: while
the sensor is still waking up, a face opening its eyes above three hopping dots ("nearly
ready", calm: nothing is wrong); once it is really lost, a sleeping face and a plug sliding
into its socket ("the sensor is asleep, plug it in"). The celebration
pops in one star per third of reps done well, counts the score up, rains confetti and,
for a new personal best, raises a trophy. Neither plays a rep, so neither pauses when
the sensor goes.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import pygame

from games.kit import fonts, hud
from games.kit.actions import Action, is_press
from games.kit.draw import Colour, gradient, mix
from games.kit.layout import Viewport
from games.kit.scene import ClockedScene
from games.kit.sound import Sounds, sounds

WHITE: Colour = (255, 255, 255)
INK: Colour = (30, 24, 60)
CONFETTI: tuple[Colour, ...] = (
    (255, 92, 120),
    (255, 204, 51),
    (90, 220, 130),
    (80, 190, 255),
    (190, 120, 255),
    (255, 150, 60),
)
MAX_STARS = 3


def _ease_out_back(x: float) -> float:
    """0 to 1 with a little overshoot, like something that pops into place."""
    x = min(1.0, max(0.0, x))
    c = 1.7
    return 1 + (c + 1) * (x - 1) ** 3 + c * (x - 1) ** 2


# -- the pause card ---------------------------------------------------------------------

CARD_FILL: Colour = (236, 240, 255)
CARD_RIM: Colour = (120, 130, 220)
FACE: Colour = (255, 214, 92)
CHEEK: Colour = (255, 150, 150)
SOCKET: Colour = (200, 206, 230)
PLUG: Colour = (90, 110, 230)
PRONG: Colour = (250, 200, 60)
SLEEP_Z: Colour = (130, 140, 230)
READY_DOTS: tuple[Colour, ...] = ((255, 120, 150), (255, 190, 60), (90, 200, 140))
"""Three friendly colours for the "getting ready" dots: nothing in them says "broken"."""
DIM = (110, 110, 130)
"""Multiplied into the frozen game behind the card: darker and cooler, clearly asleep."""


class PauseCard(ClockedScene):
    """Shown over a game while its sensor is not ok; the loop removes it on return.

    ``starting`` picks the picture: the loop sets it every frame the sensor is not ok, so
    a sensor that gives up waking turns the calm "getting ready" card into "plug me in".
    """

    def __init__(self, *, starting: bool = False) -> None:
        super().__init__()
        self.starting = starting
        """The sensor is still waking up (calm dots), not lost (the plug)."""
        self._backdrop: pygame.Surface | None = None
        self._backdrop_for: tuple[tuple[int, int], bool] | None = None

    def enter(self) -> None:
        self._backdrop = None

    def draw(self, surface: pygame.Surface) -> None:
        vp = Viewport.of(surface)
        card = self.card_rect(vp)
        wanted = (vp.size, self.starting)
        if self._backdrop is None or self._backdrop_for != wanted:
            self._backdrop = self._make_backdrop(vp, card)
            self._backdrop_for = wanted
        surface.blit(self._backdrop, (0, 0))
        if self.starting:
            self._draw_waking(surface, vp, card)
        else:
            self._draw_sleeper(surface, vp, card)
            self._draw_plug(surface, vp, card)

    @staticmethod
    def card_rect(vp: Viewport) -> pygame.Rect:
        """The card itself; every moving part of either picture stays inside it."""
        return vp.rect(0.5, 0.5, 0.0, 0.0).inflate(vp.h(0.78), vp.h(0.78))

    def _make_backdrop(self, vp: Viewport, card: pygame.Rect) -> pygame.Surface:
        """Everything that stands still, drawn once: the frozen game, dimmed, and the card.

        The game is drawn as it was when the sensor went, so the child sees it waiting.
        The socket belongs to the "plug me in" picture only.
        """
        backdrop = pygame.Surface(vp.size)
        below = self.stack.below(self) if self.stack is not None else None
        if below is not None:
            below.draw(backdrop)
        else:
            backdrop.fill((60, 70, 110))
        backdrop.fill(DIM, special_flags=pygame.BLEND_RGB_MULT)
        radius = vp.h(0.07)
        shadow = card.move(vp.line(6), vp.line(8))
        pygame.draw.rect(backdrop, mix(DIM, INK, 0.6), shadow, border_radius=radius)
        pygame.draw.rect(backdrop, CARD_FILL, card, border_radius=radius)
        pygame.draw.rect(backdrop, CARD_RIM, card, vp.line(5), border_radius=radius)
        if self.starting:
            return backdrop
        socket = self._socket(card)
        unit = card.height * 0.09
        pygame.draw.rect(backdrop, SOCKET, socket, border_radius=round(unit * 0.5))
        pygame.draw.rect(backdrop, CARD_RIM, socket, vp.line(3), border_radius=round(unit * 0.5))
        for dy in (-0.4, 0.4):
            hole = pygame.Rect(0, 0, round(unit * 0.5), round(unit * 0.28))
            hole.center = (socket.centerx + round(unit * 0.3), socket.centery + round(dy * unit))
            pygame.draw.rect(backdrop, INK, hole, border_radius=round(unit * 0.1))
        return backdrop

    @staticmethod
    def _socket(card: pygame.Rect) -> pygame.Rect:
        unit = card.height * 0.09
        socket = pygame.Rect(0, 0, round(unit * 2.2), round(unit * 2.2))
        socket.midright = (card.centerx - round(unit * 0.6), card.top + round(card.height * 0.78))
        return socket

    def _draw_waking(self, surface: pygame.Surface, vp: Viewport, card: pygame.Rect) -> None:
        """A face opening its eyes over three dots hopping in turn: "nearly ready"."""
        center = (card.centerx, card.top + round(card.height * 0.4))
        r = round(card.height * 0.22)
        pygame.draw.circle(surface, mix(FACE, INK, 0.25), (center[0], center[1] + vp.line(3)), r)
        pygame.draw.circle(surface, FACE, center, r)
        # The eyes open over the first second, then blink now and then: awake, unhurried.
        blinking = self.t_s > 1.2 and (self.t_s % 2.8) < 0.16
        opened = 0.1 if blinking else 0.1 + 0.9 * min(1.0, self.t_s / 1.0)
        eye_w, eye_h = r * 0.24, r * 0.34
        for side in (-1, 1):
            eye = pygame.Rect(0, 0, round(eye_w), max(2, round(eye_h * opened)))
            eye.center = (round(center[0] + side * r * 0.36), round(center[1] - r * 0.12))
            pygame.draw.ellipse(surface, INK, eye)
            if opened > 0.5:
                glint = (eye.centerx + round(eye_w * 0.2), eye.top + round(eye.height * 0.3))
                pygame.draw.circle(surface, WHITE, glint, max(1, round(eye_w * 0.2)))
            cheek = (round(center[0] + side * r * 0.58), round(center[1] + r * 0.22))
            pygame.draw.circle(surface, CHEEK, cheek, round(r * 0.13))
        smile = pygame.Rect(0, 0, round(r * 0.5), round(r * 0.34))
        smile.center = (center[0], round(center[1] + r * 0.3))
        pygame.draw.arc(surface, INK, smile, math.pi * 1.1, math.pi * 1.9, vp.line(4))
        unit = card.height * 0.09
        base_y = card.top + card.height * 0.84
        for i, colour in enumerate(READY_DOTS):
            phase = (self.t_s / 1.2 - i * 0.15) % 1.0  # one after another, then a rest
            hop = math.sin(math.pi * phase / 0.45) if phase < 0.45 else 0.0
            x = card.centerx + (i - 1) * unit * 1.5
            y = base_y - hop * unit * 0.9
            pygame.draw.circle(surface, mix(colour, INK, 0.3), (x, y + vp.line(3)), unit * 0.45)
            pygame.draw.circle(surface, colour, (x, y), unit * 0.45)

    def _draw_sleeper(self, surface: pygame.Surface, vp: Viewport, card: pygame.Rect) -> None:
        breath = math.sin(self.t_s * 2 * math.pi / 3.0)  # one slow breath every 3 s
        center = (card.centerx - card.width // 10, card.top + round(card.height * 0.36))
        r = round(card.height * 0.2 * (1 + 0.025 * breath))
        pygame.draw.circle(surface, mix(FACE, INK, 0.25), (center[0], center[1] + vp.line(3)), r)
        pygame.draw.circle(surface, FACE, center, r)
        eye_w, eye_y = r * 0.32, center[1] - r * 0.1
        for side in (-1, 1):
            eye = pygame.Rect(0, 0, round(eye_w), round(eye_w * 0.7))
            eye.center = (round(center[0] + side * r * 0.38), round(eye_y))
            pygame.draw.arc(surface, INK, eye, math.pi * 1.05, math.pi * 1.95, vp.line(4))
            cheek = (round(center[0] + side * r * 0.58), round(center[1] + r * 0.22))
            pygame.draw.circle(surface, CHEEK, cheek, round(r * 0.13))
        mouth = round(r * (0.1 + 0.04 * breath))
        pygame.draw.circle(surface, INK, (center[0], round(center[1] + r * 0.42)), max(2, mouth))
        for i in range(3):
            phase = (self.t_s / 2.4 + i / 3) % 1.0  # each z drifts up and fades, in turn
            px = vp.font_px(0.06 + 0.035 * i)
            z = fonts.render("z", px, SLEEP_Z)
            z.set_alpha(round(255 * (1 - phase)))
            x = center[0] + r * 0.9 + i * r * 0.32 + math.sin(phase * 6) * r * 0.06
            y = center[1] - r * 0.45 - phase * r * 0.6 - i * r * 0.15
            surface.blit(z, z.get_rect(center=(round(x), round(y))))

    def _draw_plug(self, surface: pygame.Surface, vp: Viewport, card: pygame.Rect) -> None:
        unit = card.height * 0.09
        socket = self._socket(card)
        y = socket.centery
        # The plug glides in, rests there a moment, and slides back out: "put me in".
        cycle = (self.t_s / 2.2) % 1.0
        reach = math.sin(math.pi * min(1.0, cycle / 0.8)) ** 2
        gap = round(unit * (3.0 - 2.3 * reach))
        body = pygame.Rect(0, 0, round(unit * 1.6), round(unit * 1.7))
        body.midleft = (socket.right + gap, y)
        for dy in (-0.4, 0.4):
            prong = pygame.Rect(0, 0, round(unit * 0.8), round(unit * 0.26))
            prong.midright = (body.left + vp.line(2), y + round(dy * unit))
            pygame.draw.rect(surface, PRONG, prong, border_radius=round(unit * 0.08))
        pygame.draw.rect(surface, PLUG, body, border_radius=round(unit * 0.45))
        cable_start = (body.right, y)
        bend = (body.right + unit * 1.5, y + unit * 1.2)
        end = (card.right - vp.line(10), y + unit * 0.2)
        points = [
            (
                (1 - s) ** 2 * cable_start[0] + 2 * (1 - s) * s * bend[0] + s**2 * end[0],
                (1 - s) ** 2 * cable_start[1] + 2 * (1 - s) * s * bend[1] + s**2 * end[1],
            )
            for s in (i / 16 for i in range(17))
        ]
        pygame.draw.lines(surface, PLUG, False, points, max(2, round(unit * 0.35)))
        if reach > 0.97:  # a spark of power as the plug seats
            hud.draw_star(surface, (socket.centerx, socket.top - unit * 0.5), unit * 0.6, PRONG)


# -- the celebration ----------------------------------------------------------------------

SKY_TOP: Colour = (74, 50, 180)
SKY_BOTTOM: Colour = (245, 100, 170)
RAY: Colour = (255, 255, 255)
EMPTY_STAR: Colour = (120, 100, 190)

STAR_TIMES_S = (0.5, 1.0, 1.5)
"""When each star pops in, one after another, so each is its own little moment."""
STAR_POP_S = 0.35
SCORE_COUNT_S = (0.3, 1.6)
BADGE_AT_S = 2.1
SKIP_AFTER_S = 2.5
"""A touch before this is probably the last squeeze's hand, not a wish to move on."""
DURATION_S = 10.0
CONFETTI_PIECES = 90


@dataclass(frozen=True, slots=True)
class _Confetto:
    x: float
    phase: float
    fall: float
    sway: float
    spin: float
    size: float
    colour: Colour


class Celebration(ClockedScene):
    """The end of a game: stars for the share of good reps, the score, and a trophy for
    a personal best. Leaves by itself after ``DURATION_S`` or on a touch."""

    def __init__(
        self,
        score: int,
        stars: int,
        personal_best: bool,
        reps_done: int,
        successes: int,
        *,
        seed: int = 0,
        player: Sounds = sounds,
    ) -> None:
        super().__init__()
        if not 0 <= stars <= MAX_STARS:
            raise ValueError(f"a game earns 0 to {MAX_STARS} stars, got {stars}")
        if not 0 <= successes <= reps_done:
            raise ValueError(f"{successes} successes cannot come from {reps_done} reps")
        self.score = score
        self.stars = stars
        self.personal_best = personal_best
        self.reps_done = reps_done
        self.successes = successes
        self._sounds = player
        self._announced = 0
        self._gradient: pygame.Surface | None = None
        rng = random.Random(seed)
        self._confetti = [
            _Confetto(
                x=rng.random(),
                phase=rng.random(),
                fall=rng.uniform(0.12, 0.25),
                sway=rng.uniform(0.01, 0.03),
                spin=rng.uniform(2.0, 6.0),
                size=rng.uniform(0.012, 0.022),
                colour=rng.choice(CONFETTI),
            )
            for _ in range(CONFETTI_PIECES)
        ]

    @property
    def finished(self) -> bool:
        return self.t_s >= DURATION_S

    def enter(self) -> None:
        if self.t_ns == 0:
            self._sounds.play("fanfare")

    def tick(self, dt_ns: int) -> None:
        landed = sum(1 for at in STAR_TIMES_S[: self.stars] if self.t_s >= at + STAR_POP_S * 0.5)
        while self._announced < landed:
            self._announced += 1
            self._sounds.play("chime")
        if self.finished:
            self._leave()

    def handle_action(self, action: Action) -> None:
        if is_press(action) and self.t_s >= SKIP_AFTER_S:
            self._leave()

    def _leave(self) -> None:
        if self.stack is not None and self.stack.top is self:
            self.stack.pop()

    # drawing -------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        vp = Viewport.of(surface)
        if self._gradient is None or self._gradient.get_size() != surface.get_size():
            self._gradient = gradient(surface.get_size(), SKY_TOP, SKY_BOTTOM)
        surface.blit(self._gradient, (0, 0))
        self._draw_rays(surface, vp)
        self._draw_confetti(surface, vp)
        self._draw_stars(surface, vp)
        self._draw_score(surface, vp)
        if self.personal_best and self.t_s >= BADGE_AT_S:
            self._draw_trophy(surface, vp)
        results = [True] * self.successes + [False] * (self.reps_done - self.successes)
        hud.draw_progress_dots(surface, results, self.reps_done, y_frac=0.92)

    def _draw_rays(self, surface: pygame.Surface, vp: Viewport) -> None:
        center = vp.point(0.5, 0.3)
        reach = math.hypot(vp.width, vp.height)
        turn = self.t_s * 0.25
        colour = mix(SKY_TOP, RAY, 0.12)
        for i in range(12):
            a = turn + i * math.pi / 6
            b = a + math.pi / 14
            pygame.draw.polygon(
                surface,
                colour,
                [
                    center,
                    (center[0] + reach * math.cos(a), center[1] + reach * math.sin(a)),
                    (center[0] + reach * math.cos(b), center[1] + reach * math.sin(b)),
                ],
            )

    def _draw_confetti(self, surface: pygame.Surface, vp: Viewport) -> None:
        t, width, height = self.t_s, vp.width, vp.height
        rect = pygame.Rect(0, 0, 0, 0)
        for piece in self._confetti:
            y = (piece.phase + piece.fall * t) % 1.15 - 0.08
            x = piece.x + piece.sway * math.sin(t * 2.5 + piece.phase * 9)
            side = max(1, round(piece.size * height))
            flip = abs(math.cos(t * piece.spin + piece.phase * 7))  # tumbling paper
            rect.size = (max(1, round(side * 1.6 * flip)), side)
            rect.center = (round(x * width), round(y * height))
            surface.fill(piece.colour, rect)

    def _draw_stars(self, surface: pygame.Surface, vp: Viewport) -> None:
        radius = vp.h(0.13)
        for i, at in enumerate(STAR_TIMES_S):
            lift = vp.h(0.04) if i == 1 else 0  # the middle star sits a little higher
            center = (vp.x(0.5) + (i - 1) * vp.h(0.33), vp.y(0.3) - lift)
            hud.draw_star(surface, center, radius, EMPTY_STAR, rim=mix(EMPTY_STAR, INK, 0.3))
            if i >= self.stars or self.t_s < at:
                continue
            grow = _ease_out_back((self.t_s - at) / STAR_POP_S)
            wobble = 0.25 * (1 - min(1.0, (self.t_s - at) / STAR_POP_S))
            hud.draw_star(surface, center, radius * grow, hud.GOLD, rotation=wobble)
            self._draw_sparkles(surface, center, radius, self.t_s - at)

    def _draw_sparkles(
        self, surface: pygame.Surface, center: tuple[int, int], radius: int, age: float
    ) -> None:
        span = 0.7
        if not 0.0 <= age < span:
            return
        out = age / span
        for k in range(8):
            angle = k * math.pi / 4 + 0.3
            distance = radius * (1.0 + 0.9 * out)
            point = (center[0] + distance * math.cos(angle), center[1] + distance * math.sin(angle))
            hud.draw_star(surface, point, radius * 0.16 * (1 - out), WHITE, rim=None)

    def _draw_score(self, surface: pygame.Surface, vp: Viewport) -> None:
        start, end = SCORE_COUNT_S
        share = min(1.0, max(0.0, (self.t_s - start) / (end - start)))
        shown = round(self.score * (1 - (1 - share) ** 2))
        text = fonts.render_outlined(str(shown), vp.font_px(0.2), WHITE)
        surface.blit(text, text.get_rect(center=vp.point(0.5, 0.66)))

    def _draw_trophy(self, surface: pygame.Surface, vp: Viewport) -> None:
        """A gold cup with a star, bouncing in beside the score: "your best ever"."""
        grow = _ease_out_back((self.t_s - BADGE_AT_S) / 0.4)
        bob = math.sin((self.t_s - BADGE_AT_S) * 3.0) * vp.h(0.008)
        unit = vp.h(0.075) * grow
        if unit < 1:
            return
        score_half = fonts.get(vp.font_px(0.2)).size(str(self.score))[0] / 2
        cx = vp.x(0.5) + score_half + vp.h(0.17)
        cy = vp.y(0.66) + bob
        glow = mix(hud.GOLD, WHITE, 0.6)
        hud.draw_star(surface, (cx, cy), unit * 2.1, glow, rotation=self.t_s * 0.8, rim=None)
        gold, dark = hud.GOLD, hud.GOLD_DARK
        cup = [
            (cx - unit, cy - unit),
            (cx + unit, cy - unit),
            (cx + unit * 0.75, cy + unit * 0.2),
            (cx + unit * 0.25, cy + unit * 0.55),
            (cx - unit * 0.25, cy + unit * 0.55),
            (cx - unit * 0.75, cy + unit * 0.2),
        ]
        handle_w = max(2, round(unit * 0.22))
        for side in (-1, 1):
            handle = pygame.Rect(0, 0, round(unit * 0.8), round(unit * 0.9))
            handle.center = (round(cx + side * unit * 0.95), round(cy - unit * 0.5))
            pygame.draw.ellipse(surface, dark, handle, handle_w)
        stem = pygame.Rect(0, 0, max(2, round(unit * 0.3)), max(2, round(unit * 0.5)))
        stem.midtop = (round(cx), round(cy + unit * 0.5))
        pygame.draw.rect(surface, dark, stem)
        base = pygame.Rect(0, 0, max(2, round(unit * 1.3)), max(2, round(unit * 0.35)))
        base.midtop = (round(cx), stem.bottom)
        pygame.draw.rect(surface, gold, base, border_radius=max(1, round(unit * 0.1)))
        pygame.draw.rect(surface, dark, base, max(1, round(unit * 0.08)), max(1, round(unit * 0.1)))
        pygame.draw.polygon(surface, gold, cup)
        pygame.draw.polygon(surface, dark, cup, max(1, round(unit * 0.08)))
        hud.draw_star(surface, (cx, cy - unit * 0.3), unit * 0.38, WHITE, rim=dark)
