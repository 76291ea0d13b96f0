"""A day in the waiting room: the kiosk app, the autoplay bot and a monkey, for hours.

``day`` runs one soak in a process of its own (so its memory is the app's alone) and
reports crashes, what was logged, memory growth and whether every rep reached the
database; ``python -m tests.soak`` (``./dev soak``) runs the 8-hour day and a few minutes
on the emulated chips and prints the table.
"""
