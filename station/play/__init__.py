"""One play of one game: force frames in, effort out, the game's events recorded.

The sample's whole path through the station is here: ``effort`` turns this frame's
force into the game's ``GameInput``, ``planner`` hands out reps, ``recorder`` stores
them, ``session`` ties the three to one game, ``autoplay`` squeezes for the demo.
May import: ``clinic``, ``storage``, ``games.contract`` and ``games.registry``,
``hardware``. Never pygame (the game's scene is made through the registry), nor
``screens``, ``console``, ``app`` or ``commands``.
"""
