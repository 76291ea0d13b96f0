"""Therapist mode: the PIN, the menu and the screens behind it, on the same scene stack.

Plain and quick rather than playful: a therapist does this between two children. Every
screen here is reached only through the PIN, and logs out by itself when left idle.
May import what ``station.screens`` may (and the rest of ``station.screens``).
"""
