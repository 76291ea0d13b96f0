"""Sensors and GPIO for the grip station. Knows nothing of the app or the games."""
