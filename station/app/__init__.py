"""The application around the rooms: command-line entry, config, the context every
command opens (database, sensors), the front panel and the pygame app shell.

May import every room but ``commands``, which ``cli`` finds by name.
"""
