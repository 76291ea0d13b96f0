"""One module per ``grip-station`` subcommand; each exposes ``register(subparsers)``."""
