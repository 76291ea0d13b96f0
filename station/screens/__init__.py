"""The app's pygame scenes (attract, who, warm-up, picker, rest, results, live view)
and the one UI kit they are drawn with.

May import: ``play``, ``clinic``, ``storage``, ``games`` and ``hardware.frames``.
Never ``console``, ``app`` or ``commands``: a scene gets what it needs when it is made.
"""
