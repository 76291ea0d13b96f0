"""The app shell: one window, one scene stack, one frame loop for every screen.

Per frame: the window's events are translated once (``games.kit.actions``); the shell
takes what is its own (the Ouch/Stop button, the simulated squeeze, the idle clock)
and hands the rest to the scene on top. The sensors are polled once, the reading is
put in the context for every screen, and a game gets its effort from the play under
way. The kit's ``GameLoop`` does the fixed steps, the sensor pause card and the
celebration, exactly as it does for a game on its own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import pygame

from games.contract import GameEvent, GameInput
from games.kit.actions import (
    Action,
    CloseRequest,
    FrontButton,
    Key,
    KeyAction,
    Phase,
    Pointer,
    translate,
)
from games.kit.cards import Celebration
from games.kit.loop import GameLoop
from games.kit.scene import Scene
from games.kit.stack import SceneStack
from hardware import ButtonEvent, SensorSetup
from station.app.front_panel import FrontPanel
from station.clinic.difficulty import GUEST_FLOOR_N
from station.play.context import PlayContext
from station.play.effort import poll
from station.screens import ouch
from station.screens.attract import AttractScene
from station.screens.base import StationScene
from station.screens.squeeze import Presses, VirtualSqueeze
from station.screens.stopped import StoppedScene
from station.screens.therapist.base import TherapistScene
from station.screens.therapist.pin import PinScene

_log = logging.getLogger(__name__)
NS_PER_S = 1_000_000_000


@dataclass(frozen=True, slots=True)
class Role:
    """What the shell needs to know of the scene on top."""

    name: str
    presses: Presses | str = Presses.TAP
    exercise: bool = False
    keeps_awake: bool = False
    fed_by_play: bool = False
    """Its input is the play's effort (a game, the quick max), not a neutral frame."""
    idle_s: float | None = None
    """Its own idle time (therapist screens log out later than a child's screen empties)."""


CELEBRATING = Role("celebration", keeps_awake=True)
ENTRY_HOLD_S = 3.0
"""A finger held this long in the bottom-right corner asks for the therapist PIN."""
ENTRY_CORNER_SHARE = 0.14
"""Of the screen height: a corner no game uses, too small to find by chance."""


def _is_a_way_out(action: Action) -> bool:
    """What ends the app in a window: the close button, Escape, Ctrl+Q."""
    return isinstance(action, CloseRequest) or (
        isinstance(action, KeyAction) and action.key in (Key.BACK, Key.QUIT)
    )


class StationShell:
    """The station's screens over one stack; ``frame()`` runs one displayed frame."""

    def __init__(
        self,
        ctx: PlayContext,
        setup: SensorSetup,
        surface_provider: Callable[[], pygame.Surface],
        *,
        clock_ns: Callable[[], int],
        actions: Callable[[tuple[int, int]], list[Action]] | None = None,
        panel: FrontPanel | None = None,
        first: Scene | None = None,
        kiosk: bool = False,
    ) -> None:
        """``kiosk``: no key and no window button ends the app (a systemd unit stops it)."""
        self.ctx = ctx
        self.setup = setup
        self.panel = panel
        self._clock_ns = clock_ns
        self._surface_provider = surface_provider
        self._raw_actions = actions or (lambda size: translate(pygame.event.get(), size))
        simulated_hands = setup.hands if setup.hands and not ctx.autoplay else None
        self.squeeze = VirtualSqueeze(simulated_hands) if simulated_hands else None
        self.stack = SceneStack(first or AttractScene(ctx))
        self.pain_stops = 0
        self.screen_faults = 0
        self.kiosk = kiosk
        self._floors = {s: GUEST_FLOOR_N[s] for s in ctx.fitted if s in GUEST_FLOOR_N}
        self._active_ns = clock_ns()
        self._corner_since_ns: int | None = None
        self.loop = GameLoop(
            self.stack,
            self._read_input,
            surface_provider,
            clock_ns=clock_ns,
            on_events=self._on_events,
            actions=self._actions,
            overlay=self._overlay,
        )

    def frame(self) -> bool:
        """One frame; a fault in a screen is logged whole and the visit starts afresh at
        the attract screen (what was played is saved): a child never sees a traceback."""
        try:
            return self.loop.frame()
        except Exception:  # the last line of defence for the screens, as cli.main is for commands
            _log.exception("a screen failed; back to the attract screen")
            self.screen_faults += 1
            self._reset(AttractScene(self.ctx))
            return True

    # -- what the scene on top is -------------------------------------------------------

    def role(self) -> Role:
        top = self.stack.top
        if isinstance(top, StationScene):
            return Role(
                top.name, top.presses, top.exercise, top.keeps_awake, top.fed_by_play, top.idle_s
            )
        if isinstance(top, Celebration):
            return CELEBRATING
        play = self.ctx.play
        if play is not None:  # the game, or the pause card over it
            return Role(play.game.key, play.sensor, exercise=True, fed_by_play=True)
        return Role(type(top).__name__)

    # -- per frame ----------------------------------------------------------------------

    def _actions(self) -> list[Action]:
        surface = self._surface_provider()
        size = surface.get_size()
        actions = self._raw_actions(size)
        if self.panel is not None:
            health = [f.health for f in self.ctx.reading.latest.values()]
            events = self.panel.update(health)
            actions += [FrontButton(held=event is ButtonEvent.LONG_PRESS) for event in events]
        role = self.role()
        passed: list[Action] = []
        for action in actions:
            if isinstance(action, Pointer | KeyAction | FrontButton):
                self._active_ns = self._clock_ns()
            if self.kiosk and _is_a_way_out(action):
                continue
            if role.exercise and self._is_ouch(action, size):
                self._stop_for_pain(role)
                return []
            if isinstance(action, FrontButton) and action.held:
                self._open_therapist_mode()
                continue
            self._watch_corner(action, size)
            if self.squeeze is not None and self.squeeze.handle(action, role.presses):
                continue
            passed.append(action)
        return passed

    def _is_ouch(self, action: Action, size: tuple[int, int]) -> bool:
        if isinstance(action, FrontButton):
            return action.held
        if isinstance(action, Pointer) and action.phase is Phase.DOWN:
            return ouch.hit(size, action.pos)
        return False

    def _watch_corner(self, action: Action, size: tuple[int, int]) -> None:
        if not isinstance(action, Pointer):
            return
        side = round(size[1] * ENTRY_CORNER_SHARE)
        corner = pygame.Rect(size[0] - side, size[1] - side, side, side)
        if action.phase is Phase.UP or not corner.collidepoint(action.pos):
            self._corner_since_ns = None
        elif action.phase is Phase.DOWN:
            self._corner_since_ns = self._clock_ns()

    def _open_therapist_mode(self) -> None:
        """The PIN pad over whatever is on screen (a game beneath stays frozen)."""
        self._corner_since_ns = None
        if isinstance(self.stack.top, TherapistScene):
            return
        if self.squeeze is not None:
            self.squeeze.release_all()
        self.stack.push(PinScene(self.ctx))

    def _read_input(self) -> GameInput:
        now_ns = self._clock_ns()
        since = self._corner_since_ns
        if since is not None and now_ns - since >= ENTRY_HOLD_S * NS_PER_S:
            self._open_therapist_mode()
        self._push_hands(now_ns)
        reading = poll(self.setup.pipeline, now_ns)
        self.ctx.reading = reading
        role = self.role()
        if role.keeps_awake or reading.squeezing(self._floors):
            self._active_ns = now_ns
        elif self._idle(now_ns, role):
            role = self.role()
        play = self.ctx.play
        if play is not None and role.fed_by_play:
            return play.game_input(reading, self.stack.top.desired_effort())
        return GameInput(now_ns, 0.0, sensor_ok=True)

    def _on_events(self, events: list[GameEvent]) -> None:
        play = self.ctx.play
        if play is not None:
            play.handle(events)

    def _overlay(self, surface: pygame.Surface) -> None:
        if self.role().exercise:
            ouch.draw(surface)

    def _push_hands(self, now_ns: int) -> None:
        """Emulated chips feel the simulated hands: push their forces into the chips.

        With the virtual source the source samples the hands itself, and nothing else
        may read them (a hand's force is asked for in time order by one reader only).
        """
        hands, chips = self.setup.hands, self.setup.force_input
        top = self.stack.top
        if hands is None or chips is None or (isinstance(top, StationScene) and top.holds_chips):
            return
        for sensor, hand in hands.items():
            chips.set_force(sensor, hand.force_n(now_ns))

    # -- endings ------------------------------------------------------------------------

    def _idle(self, now_ns: int, role: Role) -> bool:
        """Back to the waiting room after the idle time, keeping what was played."""
        if isinstance(self.stack.top, AttractScene):
            return False
        idle_s = self.ctx.settings.idle_s if role.idle_s is None else role.idle_s
        if now_ns - self._active_ns < idle_s * NS_PER_S:
            return False
        _log.info("nobody has touched %s for %.0f s: back to the attract screen", role.name, idle_s)
        self._reset(AttractScene(self.ctx))
        self._active_ns = now_ns
        return True

    def _stop_for_pain(self, role: Role) -> None:
        _log.warning("Ouch/Stop pressed during %s", role.name)
        self.pain_stops += 1
        self.ctx.pain_stop(role.name)
        self._reset(StoppedScene(self.ctx))

    def _reset(self, scene: Scene) -> None:
        self.ctx.end_visit()
        if self.squeeze is not None:
            self.squeeze.release_all()
        self.stack.reset(scene)
