"""Clinical logic, pure: the max-force test, difficulty staircase, prescriptions, norms.

May import: ``hardware.frames`` and the standard library. Never pygame, storage or any
other room of ``station``: a rule a therapist relies on must be testable on its own.
"""
