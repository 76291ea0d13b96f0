"""One module per ``grip-station`` subcommand; each exposes ``register(subparsers)``.

Commands are thin: they parse, call the rooms below, and print. They may import any
room of ``station``; nothing imports them but ``app.cli``, which finds them by name.
"""
