"""Progress charts, the parent's one-page PDF, CSV export and finding a USB stick.

``records`` gathers a player's records from storage into ``clinic.progress``; ``charts``
draws them (matplotlib, Agg backend, imported only inside the functions that draw, so
importing this room costs nothing until a chart is asked for); ``report`` lays out the
PDF; ``export`` writes the CSV files; ``usb`` finds a mounted, writable stick.

May import: ``clinic``, ``storage``, ``hardware.frames``, ``station.paths`` and
matplotlib (lazily). Never pygame, nor ``play``, ``screens``, ``console``, ``app`` or
``commands``: a screen or a command calls in here, not the other way round.
"""
