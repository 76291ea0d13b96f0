"""Terminal flows for therapists and maintainers: text views and tables, the guided
max-force test and calibration, the doctor report.

May import: ``clinic``, ``storage``, ``play`` and ``hardware``.
Never pygame, ``screens`` or ``commands``: these run over SSH on a box with no screen.
"""
